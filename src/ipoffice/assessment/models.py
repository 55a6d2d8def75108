"""Performance assessment: schemes as dated, versioned data; rounds per year and level;
each office's assessment through the workflow engine; results frozen on publication."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ipoffice.assessment.access import national_holds
from ipoffice.assessment.enums import (
    AssessedLevel,
    AssessmentStatus,
    RoundStatus,
    RuleKind,
    SchemeStatus,
    ValueSource,
)
from ipoffice.common.history import Event
from ipoffice.common.models import AppendOnlyModel, AppendOnlyQuerySet
from ipoffice.common.scoping import ScopedQuerySet, user_office
from ipoffice.common.workflow import StatusField, WorkflowQuerySet, WorkflowRecord


def _localised(zh: str, en: str) -> str:
    return zh if (get_language() or "").startswith("zh") else (en or zh)


class SchemeQuerySet(WorkflowQuerySet["Scheme"]):
    """Schemes are the national office's published measures, not an office's records:
    every member of staff reads the adopted ones; drafts (what-ifs) only those who
    manage schemes."""

    def visible_to(self, user: Any) -> Self:
        if user_office(user) is None:
            return self.none()
        if national_holds(user, "assessment.manage_scheme"):
            return self.all()
        return self.exclude(status=SchemeStatus.DRAFT)


class Scheme(WorkflowRecord):
    """One version of the measures for one year and level."""

    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level assessed"), max_length=20, choices=AssessedLevel.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    # The published measures this version writes down (title, document number, date).
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    value_source = models.CharField(
        _("figures from"), max_length=20, choices=ValueSource.choices, default=ValueSource.REPORTS
    )
    status = StatusField(
        _("status"), max_length=20, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        base_manager_name = "objects"
        ordering = ["-year", "level", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "level", "version"], name="one_scheme_version"),
            models.UniqueConstraint(
                fields=["year", "level"],
                condition=Q(status=SchemeStatus.ADOPTED),
                name="one_adopted_scheme_per_year_and_level",
            ),
        ]
        permissions = [
            ("manage_scheme", _("Draft, change and adopt assessment schemes")),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.level} v{self.version}"

    @property
    def name(self) -> str:
        return _localised(self.name_zh, self.name_en)


class Indicator(models.Model):
    """One indicator of a scheme: its group, its rule and weight (docs/assessment.md)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="indicators")
    code = models.SlugField(_("code"), max_length=60)
    group_zh = models.CharField(_("group (Chinese)"), max_length=100)
    group_en = models.CharField(_("group (English)"), max_length=100, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    # The rule's parameters, checked by assessment/rules.py (rule_parse).
    rule = models.JSONField(_("rule parameters"), default=dict, encoder=DjangoJSONEncoder)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    cap = models.DecimalField(_("cap"), max_digits=8, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="one_indicator_code_per_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.code}"

    @property
    def name(self) -> str:
        return _localised(self.name_zh, self.name_en)

    @property
    def group(self) -> str:
        return _localised(self.group_zh, self.group_en)


class RoundQuerySet(WorkflowQuerySet["Round"]):
    """A round says which year and level are assessed: no office data, read by all staff."""

    def visible_to(self, user: Any) -> Self:
        return self.all() if user_office(user) is not None else self.none()


class Round(WorkflowRecord):
    """One year's assessment of one level, scored by one scheme version."""

    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level assessed"), max_length=20, choices=AssessedLevel.choices)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="rounds"
    )
    status = StatusField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    published_on = models.DateField(_("published on"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        base_manager_name = "objects"
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["year", "level"], name="one_round_per_year_and_level")
        ]
        permissions = [
            ("publish_round", _("Open assessment rounds and publish their results")),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.level}"


class AssessmentQuerySet(WorkflowQuerySet["Assessment"]):
    office_field: ClassVar[str] = "office"

    def visible_to(self, user: Any) -> Self:
        """Drafts to the office and those above it (its reviewers); published results
        to every office."""
        office = user_office(user)
        if office is None:
            return self.none()
        return self.filter(
            Q(office__path__startswith=office.path) | Q(status=AssessmentStatus.PUBLISHED)
        )


class Assessment(WorkflowRecord):
    """One office's assessment in a round: its self-assessment, review and confirmation."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="assessments"
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = StatusField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.SELF_ASSESSMENT,
    )
    # The office's remarks on computed indicators: {indicator code: text}.
    remarks = models.JSONField(_("remarks"), default=dict, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        base_manager_name = "objects"
        ordering = ["round", "office__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "office"], name="one_assessment_per_round")
        ]
        permissions = [
            ("self_assess", _("Fill in and submit the office's self-assessment")),
            ("review_assessment", _("Review the assessments of the offices below")),
            ("confirm_assessment", _("Confirm assessments (national office)")),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.office_id}"


class ManualScoreQuerySet(ScopedQuerySet["ManualScore"]):
    office_field: ClassVar[str] = "assessment__office"


class ManualScore(models.Model):
    """A manual item: the points the office claims, and those its reviewer awards."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="manual_scores"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    claimed = models.DecimalField(_("points claimed"), max_digits=8, decimal_places=2)
    claim_note = models.TextField(_("what was done"), blank=True)
    awarded = models.DecimalField(
        _("points awarded"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    award_reason = models.TextField(_("reviewer's reason"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ManualScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("manual item")
        verbose_name_plural = _("manual items")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_manual_score_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.indicator_id}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name is ours; the name the user gave is kept in original_name.
    return f"assessment/{instance.assessment.round.year}/{uuid.uuid4().hex}"


class EvidenceQuerySet(ScopedQuerySet["Evidence"]):
    office_field: ClassVar[str] = "assessment__office"


class Evidence(models.Model):
    """A file that supports a manual item (a media report, a regulation, a training)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="evidence")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ResultQuerySet(AppendOnlyQuerySet["Result"]):
    office_field: ClassVar[str] = "office"

    def visible_to(self, user: Any) -> Self:
        # Results exist only once published, and published results are for every office.
        return self.all() if user_office(user) is not None else self.none()


class Result(AppendOnlyModel):
    """One office's published result, frozen when the round is published: later
    corrections of reports do not change a published ranking."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="results")
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("total"), max_digits=10, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("rank"))
    # Each indicator's points with the explanation of how they were reached.
    lines = models.JSONField(encoder=DjangoJSONEncoder)
    published_at = models.DateTimeField(auto_now_add=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering = ["round", "rank", "office__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "office"], name="one_result_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.office_id} #{self.rank}"


class SchemeEventQuerySet(AppendOnlyQuerySet["SchemeEvent"]):
    def visible_to(self, user: Any) -> Self:
        return self.filter(scheme__in=Scheme.objects.visible_to(user))


class SchemeEvent(Event):
    subject_field = "scheme"
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="events")

    objects = SchemeEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("assessment scheme event")
        verbose_name_plural = _("assessment scheme events")

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.action}"


class RoundEventQuerySet(AppendOnlyQuerySet["RoundEvent"]):
    def visible_to(self, user: Any) -> Self:
        return self.all() if user_office(user) is not None else self.none()


class RoundEvent(Event):
    subject_field = "round"
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="events")

    objects = RoundEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("assessment round event")
        verbose_name_plural = _("assessment round events")

    def __str__(self) -> str:
        return f"{self.round_id} {self.action}"


class AssessmentEventQuerySet(AppendOnlyQuerySet["AssessmentEvent"]):
    office_field: ClassVar[str] = "assessment__office"


class AssessmentEvent(Event):
    subject_field = "assessment"
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="events")

    objects = AssessmentEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.action}"
