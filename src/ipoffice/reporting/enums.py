"""The reporting app's enumerations: a leaf module, so that any layer may name their values."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    ACCEPTED = "accepted", _("Accepted by the national office")


# Completeness: an office below that has not opened the period's report at all.
MISSING = "missing"
MISSING_LABEL = _("not opened")
