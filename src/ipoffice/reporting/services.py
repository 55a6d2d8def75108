"""Reporting verbs: open, fill in, and the workflow's submit, return, approve, accept,
correct (reporting/workflow.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.history import history_append
from ipoffice.common.periods import period_parse
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import transition_perform
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import REPORTING_LEVELS
from ipoffice.reporting.contents import report_due_on
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.enums import ReportStatus
from ipoffice.reporting.models import Report
from ipoffice.reporting.workflow import REPORT_WORKFLOW, TRANSITIONS, may_act


@transaction.atomic
def report_open(*, actor: Any, form: str, period: str) -> Report:
    """The actor's office's report for the form and period, created as a draft when
    missing. Only those who file their office's reports open them."""
    office = user_office(actor)
    if office is None or not actor.has_perm("reporting.submit_report"):
        raise PermissionDeniedError(_("You may not fill in reports."))
    if form not in FORMS:
        raise ApplicationError(_("Unknown report form."), field="form")
    try:
        parsed = period_parse(period)
    except ValueError as exc:
        raise ApplicationError(str(exc), field="period") from None
    if office.level not in REPORTING_LEVELS:
        raise ApplicationError(
            _("Only provincial and municipal offices file reports."), field="office"
        )
    report, _created = Report.objects.get_or_create(
        office=office,
        form=form,
        period=parsed.code,
        defaults={"due_on": report_due_on(parsed, WorkingCalendar.from_db())},
    )
    return report


@transaction.atomic
def report_fill(
    *,
    actor: Any,
    report: Report,
    manual: dict[str, Any] | None = None,
    explanations: dict[str, str] | None = None,
) -> Report:
    report = REPORT_WORKFLOW.lock(report)
    if not may_act(actor, report, TRANSITIONS["submit"]):
        raise PermissionDeniedError(_("You may not fill in this report."))
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ApplicationError(_("Only a draft or returned report can be changed."))
    allowed = {f.code for f in FORMS[report.form].figures if f.manual}
    errors: dict[str, list[str]] = {}
    for code, value in (manual or {}).items():
        if code not in allowed:
            errors.setdefault(code, []).append(_("This item is computed from the records."))
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors.setdefault(code, []).append(_("Enter a whole number, zero or more."))
    if errors:
        raise InvalidInput(errors)
    before = {
        **{f"manual.{code}": value for code, value in report.manual.items()},
        **{f"explanations.{code}": text for code, text in report.explanations.items()},
    }
    report.manual = {**report.manual, **(manual or {})}
    report.explanations = {**report.explanations, **(explanations or {})}
    report.save(update_fields=["manual", "explanations", "updated_at"])
    entered = {
        **{f"manual.{code}": value for code, value in (manual or {}).items()},
        **{f"explanations.{code}": text for code, text in (explanations or {}).items()},
    }
    history_append(
        report,
        actor=actor,
        action="fill",
        version=report.version,
        changes={name: [before.get(name), value] for name, value in entered.items()},
    )
    return report


@transaction.atomic
def report_transition(*, actor: Any, report: Report, name: str, reason: str = "") -> Report:
    """Move the report through its workflow (reporting/workflow.py)."""
    return transition_perform(REPORT_WORKFLOW, record=report, name=name, actor=actor, reason=reason)


def reports_bulk(
    *, actor: Any, reports: list[Report], name: str, reason: str = ""
) -> dict[int, str]:
    """Approve or return several reports; each succeeds or fails on its own."""
    outcome: dict[int, str] = {}
    for report in reports:
        try:
            report_transition(actor=actor, report=report, name=name, reason=reason)
            outcome[report.pk] = "ok"
        except ApplicationError as exc:
            outcome[report.pk] = str(exc.message)
    return outcome
