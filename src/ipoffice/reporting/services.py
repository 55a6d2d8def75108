"""Reporting verbs: create, fill in, submit, return, approve, accept, correct."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.common.scoping import user_office
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import NATIONAL_CODE, REPORTING_LEVELS, Office
from ipoffice.reporting import figures
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.enums import ReportStatus
from ipoffice.reporting.models import Report, ReportEvent, ReportSnapshot
from ipoffice.reporting.periods import Period, period_parse
from ipoffice.reporting.validation import BLOCKING, check
from ipoffice.reporting.workflow import OWN, PARENT, TRANSITIONS

# Working days after the period ends by which the report is due.
DUE_WORKING_DAYS = {"month": 5, "quarter": 10, "year": 20}
APPROVED_STATES = (ReportStatus.APPROVED, ReportStatus.ACCEPTED)


def report_due_on(period: Period, calendar: WorkingCalendar) -> date:
    return calendar.add_working_days(period.end, DUE_WORKING_DAYS[period.kind])


@transaction.atomic
def report_open(*, office: Office, form: str, period: str) -> Report:
    """The office's report for the form and period, created as a draft when missing."""
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


def may_act(actor: Any, report: Report, permission: str, by: str) -> bool:
    own = user_office(actor)
    if own is None or not actor.has_perm(permission):
        return False
    if by == OWN:
        return own.pk == report.office_id
    if by == PARENT:
        return own.pk == report.office.parent_id
    # The national office accepts the provinces' reports (cities come with their province).
    return own.code == NATIONAL_CODE and report.office.parent_id == own.pk


def report_values(report: Report) -> dict[str, Any]:
    """Live figures of the report's office subtree plus the manual items."""
    form = FORMS[report.form]
    values = figures.compute(form, report.office, period_parse(report.period))
    manual = {f.code: report.manual.get(f.code) for f in form.figures if f.manual}
    return {**values, **manual}


def history_for(report: Report) -> dict[str, list[float]]:
    """The same figures for the same period in up to five earlier years."""
    form = FORMS[report.form]
    period = period_parse(report.period)
    past: dict[str, list[float]] = {}
    for _year in range(5):
        period = period.previous_year
        values = figures.compute(form, report.office, period)
        if not any(values.values()):
            continue  # a year before the office kept records here says nothing
        for code, value in values.items():
            past.setdefault(code, []).append(value)
    return past


def report_findings(report: Report) -> list[Any]:
    return check(report.form, report_values(report), history_for(report))


@transaction.atomic
def report_fill(
    *,
    actor: Any,
    report: Report,
    manual: dict[str, Any] | None = None,
    explanations: dict[str, str] | None = None,
) -> Report:
    report = Report.objects.select_for_update().select_related("office").get(pk=report.pk)
    if not may_act(actor, report, "reporting.submit_report", OWN):
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
    report.manual = {**report.manual, **(manual or {})}
    report.explanations = {**report.explanations, **(explanations or {})}
    report.save(update_fields=["manual", "explanations", "updated_at"])
    ReportEvent.objects.create(
        report=report,
        actor=actor,
        action="fill",
        from_status=report.status,
        to_status=report.status,
        version=report.version,
        reason=json.dumps(
            {"manual": manual or {}, "explanations": explanations or {}}, ensure_ascii=False
        ),
    )
    return report


def _children_ready(report: Report) -> bool:
    """Every office below that files this form has its report approved."""
    children = Office.objects.filter(
        parent=report.office, level__in=REPORTING_LEVELS, is_active=True
    )
    if not children.exists():
        return True
    approved = Report.objects.filter(
        office__in=children, form=report.form, period=report.period, status__in=APPROVED_STATES
    )
    return approved.count() == children.count()


@transaction.atomic
def report_transition(*, actor: Any, report: Report, name: str, reason: str = "") -> Report:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ApplicationError(
            _("There is no action called %(name)s.") % {"name": name}, field="transition"
        )
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("office__parent")
        .get(pk=report.pk)
    )
    if not may_act(actor, report, transition.permission, transition.by):
        raise PermissionDeniedError(_("You may not do this on that office's report."))
    if report.status not in transition.sources:
        raise ApplicationError(
            _("“%(action)s” is not possible on a report that is %(status)s.")
            % {"action": transition.label, "status": ReportStatus(report.status).label},
            field="transition",
        )
    if transition.reason_required and not reason.strip():
        raise ApplicationError(_("Give the reason for this action."), field="reason")
    if name == "submit":
        _check_before_submit(report)
    if name in ("approve", "accept") and not _children_ready(report):
        raise ApplicationError(
            _("The reports of the offices below must be approved first."), field="transition"
        )
    if name in ("return", "correct") and report.status in APPROVED_STATES:
        parent_report = Report.objects.filter(
            office=report.office.parent,
            form=report.form,
            period=report.period,
            status__in=APPROVED_STATES,
        ).first()
        if parent_report is not None:
            raise ApplicationError(
                _("The report above is already approved; open a correction there first."),
                field="transition",
            )
    before = report.status
    if name == "correct" or (name == "return" and before in APPROVED_STATES):
        report.version += 1  # the approved version stays as it was; the next is new
    if name == "submit":
        report.submitted_on = timezone.localdate()
    report.status = transition.target
    report.save()
    if transition.freezes and not report.snapshots.filter(version=report.version).exists():
        ReportSnapshot.objects.create(
            report=report,
            version=report.version,
            figures=report_values(report),
            manual=report.manual,
            approved_by=actor,
        )
    if name == "accept":
        # The national office accepts a province with the cities it approved.
        for child in Report.objects.select_for_update().filter(
            office__parent=report.office,
            form=report.form,
            period=report.period,
            status=ReportStatus.APPROVED,
        ):
            child.status = ReportStatus.ACCEPTED
            child.save(update_fields=["status", "updated_at"])
            ReportEvent.objects.create(
                report=child,
                actor=actor,
                action="accept",
                from_status=ReportStatus.APPROVED,
                to_status=ReportStatus.ACCEPTED,
                version=child.version,
                reason=_("accepted with %(office)s") % {"office": report.office.code},
            )
    ReportEvent.objects.create(
        report=report,
        actor=actor,
        action=name,
        from_status=before,
        to_status=report.status,
        version=report.version,
        reason=reason,
    )
    return report


def _check_before_submit(report: Report) -> None:
    findings = report_findings(report)
    blocking = [f for f in findings if f.severity == BLOCKING]
    if blocking:
        raise InvalidInput({f.figure or f.code: [f.message] for f in blocking})
    unexplained = [f for f in findings if not str(report.explanations.get(f.code, "")).strip()]
    if unexplained:
        raise InvalidInput(
            {f.code: [f.message + " " + _("Write an explanation.")] for f in unexplained}
        )


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
