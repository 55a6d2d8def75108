"""Reports per office, form and period; frozen versions; an append-only history."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipoffice.common.history import CHAIN_FIELDS, Event
from ipoffice.common.models import AppendOnlyModel, AppendOnlyQuerySet
from ipoffice.common.scoping import ScopedQuerySet
from ipoffice.common.workflow import StatusField, WorkflowQuerySet, WorkflowRecord
from ipoffice.reporting.enums import (
    ReportStatus,
)


class ReportQuerySet(WorkflowQuerySet["Report"]):
    office_field: ClassVar[str] = "office"


class Report(WorkflowRecord):
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="reports"
    )
    form = models.CharField(_("report form"), max_length=30)
    period = models.CharField(_("period"), max_length=7)  # 2013, 2013-Q2, 2013-06
    status = StatusField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    # Values for the items no record holds, and the explanations of warnings.
    manual = models.JSONField(_("manual items"), default=dict, blank=True)
    explanations = models.JSONField(_("explanations"), default=dict, blank=True)
    due_on = models.DateField(_("due on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        # Even Django's internal manager refuses a bulk update of the status.
        base_manager_name = "objects"
        ordering = ["period", "form", "office__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "form", "period"], name="one_report_per_office_form_period"
            )
        ]
        permissions = [
            ("submit_report", _("Fill in and submit the office's reports")),
            ("review_report", _("Approve or return the reports of the offices below")),
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.form} {self.period} v{self.version}"


class SnapshotQuerySet(AppendOnlyQuerySet["ReportSnapshot"]):
    office_field: ClassVar[str] = "report__office"


class ReportSnapshot(AppendOnlyModel):
    """The figures as approved: frozen, one per version, kept when corrected."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveIntegerField()
    figures = models.JSONField(encoder=DjangoJSONEncoder)
    manual = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    approved_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["report", "version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="one_snapshot_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.report} snapshot v{self.version}"


class ReportEventQuerySet(AppendOnlyQuerySet["ReportEvent"]):
    office_field: ClassVar[str] = "report__office"


class ReportEvent(Event):
    """One entry in a report's history, with the version it concerns."""

    subject_field = "report"
    chain_fields = (*CHAIN_FIELDS, "version")
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    version = models.PositiveIntegerField(_("version"))

    objects = ReportEventQuerySet.as_manager()

    class Meta(Event.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"


class FigureCountQuerySet(ScopedQuerySet["FigureCount"]):
    office_field: ClassVar[str] = "office"


class FigureCount(models.Model):
    """The roll-up: one computed figure of one office (not its subtree) for one month, or
    for the whole year (month 0). Kept by the record's own save in the same transaction
    (reporting/rollup.py), so statistics stay live; rebuilt from the records by
    ``ipoffice rollup rebuild`` and checked against them by ``ipoffice rollup verify``."""

    form = models.CharField(max_length=30)
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()  # 1-12, or 0 for the year
    code = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    objects = FigureCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "year", "month", "code", "office"], name="figure_count_bucket"
            )
        ]
        # Statistics read these indexes alone, never the table's pages: one for a period's
        # rows, one for the flows of a stock over every earlier year (by code first).
        # The value is a key column, not INCLUDEd, so that SQLite builds them too.
        indexes = [
            models.Index(
                fields=["form", "year", "month", "office", "code", "value"],
                name="figure_count_read",
            ),
            models.Index(
                fields=["form", "code", "month", "year", "office", "value"],
                name="figure_count_flow",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.office_id} {self.year}-{self.month:02d} {self.code}"
