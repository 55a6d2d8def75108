"""The assessment app's enumerations: a leaf module, so that any layer may name their
values."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssessedLevel(models.TextChoices):
    """Who a scheme assesses; the values are the offices' own levels."""

    PROVINCIAL = "provincial", _("Provincial offices")
    MUNICIPAL = "municipal", _("Municipal offices")
    ASSISTANCE_CENTER = "assistance_center", _("Enforcement assistance centers")


class RuleKind(models.TextChoices):
    """How an indicator turns records into points (docs/assessment.md)."""

    PER_RECORD = "per_record", _("Points per record")
    GROWTH = "growth", _("Growth bonus")
    RATE_BANDS = "rate_bands", _("Rate bands")
    MANUAL = "manual", _("Scored by a reviewer")


class ValueSource(models.TextChoices):
    """Where a scheme reads the figures from."""

    # The approved report of the year, so that the score matches what was reported; an
    # office with no approved report is scored from its records, and shown so.
    REPORTS = "reports", _("Approved reports of the year")
    RECORDS = "records", _("The records, live")


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class RoundStatus(models.TextChoices):
    """One year's assessment of one level."""

    OPEN = "open", _("Open")
    PUBLISHED = "published", _("Results published")


class AssessmentStatus(models.TextChoices):
    """One office's assessment in a round."""

    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned")
    REVIEWED = "reviewed", _("Reviewed, waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed by the national office")
    # "Published" alone is a date column elsewhere (公开日期): this is the state.
    PUBLISHED = "published", pgettext_lazy("assessment", "Published")


class Provenance(models.TextChoices):
    """Where one office's figures of one form came from."""

    REPORT = "report", _("Approved report")
    RECORDS = "records", _("Records (no approved report)")
