"""Reads for reporting: statistics, drill-down, completeness, the reviewer's work list."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone

from ipoffice.common.periods import Period, period_parse
from ipoffice.common.scoping import get_visible_or_404, subtree_filter, user_office
from ipoffice.common.statistics import Section, registered_sections
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import REPORTING_LEVELS, Office
from ipoffice.reporting import figures
from ipoffice.reporting.contents import report_due_on, report_findings, report_values
from ipoffice.reporting.definitions import FORMS, ReportForm
from ipoffice.reporting.enums import MISSING, MISSING_LABEL, ReportStatus
from ipoffice.reporting.models import Report, ReportEvent


def form_readable(user: Any, form: ReportForm) -> bool:
    """Whether ``user`` may read the form's figures and the records behind them: the one
    check of every statistics endpoint and page, report, table, dashboard and annual report."""
    return bool(user.has_perm(form.permission))


def readable_forms(user: Any) -> list[ReportForm]:
    return [form for form in FORMS.values() if form_readable(user, form)]


def section_readable(user: Any, section: Section) -> bool:
    """A section is read with its form's permission; one without a form, with its own."""
    if section.form:
        return form_readable(user, FORMS[section.form])
    return bool(user.has_perm(section.permission))


def readable_sections(user: Any) -> list[Section]:
    """The dashboard's and the annual report's sections that ``user`` may read."""
    return [s for s in registered_sections() if section_readable(user, s)]


def statistics_office(user: Any, office_code: str | None) -> Office:
    """The office asked for, if the user may see it; their own office by default."""
    if not office_code:
        office = user_office(user)
        if office is None:
            raise Http404
        return office
    return get_visible_or_404(Office.objects.all(), user, code=office_code)


def statistics(
    form: ReportForm, office: Office, period: Period, *, basis: str = "live"
) -> dict[str, Any]:
    """The form's figures for the office subtree, with the same period a year earlier.

    ``basis="live"`` computes from the records now; ``"approved"`` gives the latest
    approved snapshot of the office's own report (404 when there is none)."""
    labels = {f.code: str(f.label) for f in form.figures}
    report = Report.objects.filter(office=office, form=form.code, period=period.code).first()
    snapshot = report.snapshots.order_by("-version").first() if report else None
    if basis == "approved":
        approved, complete = approved_figures(form, office, period)
        if approved is None:
            raise Http404
        previous = figures.compute(form, office, period.previous_year)
        values = {
            code: {
                "value": value,
                "previous": previous.get(code),
                "change_pct": figures.change_pct(value, previous.get(code) or 0),
            }
            for code, value in approved.items()
            if code in previous
        }
        source = {
            "basis": "approved",
            "complete": complete,
            "version": snapshot.version if snapshot else None,
        }
    else:
        values = figures.with_previous(form, office, period)
        source = {"basis": "live", "computed_at": timezone.now()}
        if snapshot is not None:
            live = {code: item["value"] for code, item in values.items()}
            source["approved_version"] = snapshot.version
            source["revision_pending"] = any(
                snapshot.figures.get(code) != value for code, value in live.items()
            )
    return {
        "office": office.code,
        "office_name": office.name,
        "form": form.code,
        "period": period.code,
        **source,
        "figures": {code: {**item, "label": labels[code]} for code, item in values.items()},
    }


def approved_figures(
    form: ReportForm, office: Office, period: Period
) -> tuple[dict[str, Any] | None, bool]:
    """Approved figures: the office's own latest snapshot, or else the sum of the approved
    figures of the offices below. Read at the moment of asking, so an approval counts as
    soon as it commits. Also says whether every office below had approved figures."""
    report = Report.objects.filter(office=office, form=form.code, period=period.code).first()
    snapshot = report.snapshots.order_by("-version").first() if report else None
    if snapshot is not None:
        return dict(snapshot.figures), True
    children = Office.objects.filter(parent=office, level__in=REPORTING_LEVELS, is_active=True)
    total: dict[str, Any] = {}
    # The office's own records are approved only through a report of its own.
    own = figures.records_of(form, office).filter(**{form.office_field: office})
    complete = children.exists() and not own.exists()
    for child in children:
        values, child_complete = approved_figures(form, child, period)
        if values is None:
            complete = False
            continue
        complete = complete and child_complete
        for code, value in values.items():
            if isinstance(value, int | float):
                total[code] = total.get(code, 0) + value
    return (total or None), complete


def completeness(*, office: Office, form: str, period: str) -> dict[str, Any]:
    """Who below ``office`` has filed, who is late, who was returned."""
    today = timezone.localdate()
    parsed = period_parse(period)
    due = report_due_on(parsed, WorkingCalendar.from_db())
    children = Office.objects.filter(parent=office, level__in=REPORTING_LEVELS, is_active=True)
    reports = {
        r.office_id: r
        for r in Report.objects.filter(office__in=children, form=form, period=parsed.code)
    }
    rows = []
    for child in children.order_by("code"):
        report = reports.get(child.pk)
        status = report.status if report else MISSING
        submitted = report.submitted_on if report else None
        waiting = status in (MISSING, ReportStatus.DRAFT, ReportStatus.RETURNED)
        late = (today > due) if waiting else bool(submitted and submitted > due)
        rows.append(
            {
                "office": child.code,
                "name": child.name,
                "status": status,
                "status_label": report.get_status_display() if report else MISSING_LABEL,
                "due_on": due,
                "submitted_on": submitted,
                "late": late,
                "report": report.pk if report else None,
            }
        )
    summary = {
        key: sum(1 for r in rows if r["status"] == key) for key in (MISSING, *ReportStatus.values)
    }
    summary["late"] = sum(1 for r in rows if r["late"])
    summary["expected"] = len(rows)
    return {
        "office": office.code,
        "form": form,
        "period": parsed.code,
        "due_on": due,
        "summary": summary,
        "offices": rows,
    }


def reports_filtered(
    qs: Any, *, form: str = "", period: str = "", status: str = "", office: str = ""
) -> Any:
    """``qs`` (already scoped to the reader) narrowed to a form, a period code, a status,
    an office's subtree."""
    for name, value in (("form", form), ("period", period), ("status", status)):
        if value:
            qs = qs.filter(**{name: value})
    if office:
        qs = qs.filter(subtree_filter("office", office))
    return qs


def worklist(*, user: Any) -> Any:
    """Reports waiting for this user's office to approve or return them."""
    office = user_office(user)
    if office is None or not user.has_perm("reporting.review_report"):
        return Report.objects.none()
    return (
        Report.objects.visible_to(user)
        .filter(office__parent=office, status=ReportStatus.SUBMITTED)
        .select_related("office")
    )


def report_history(*, user: Any, report: Report) -> Any:
    return (
        ReportEvent.objects.visible_to(user)
        .filter(report=report)
        .select_related("actor")
        .order_by("at", "id")
    )


def report_return(report: Report) -> ReportEvent | None:
    """The return that sent the report back to its office, while it is back there."""
    if report.status != ReportStatus.RETURNED:
        return None
    return report.events.filter(action="return").select_related("actor").order_by("-id").first()


def report_detail(report: Report) -> dict[str, Any]:

    snapshot = report.snapshots.order_by("-version").first()
    live = report_values(report)
    return {
        "id": report.pk,
        "office": report.office.code,
        "form": report.form,
        "period": report.period,
        "status": report.status,
        "version": report.version,
        "due_on": report.due_on,
        "submitted_on": report.submitted_on,
        "figures": live,
        "manual": report.manual,
        "explanations": report.explanations,
        "findings": [f.__dict__ for f in report_findings(report)],
        "approved_version": snapshot.version if snapshot else None,
        "approved_figures": snapshot.figures if snapshot else None,
        "revision_pending": bool(snapshot)
        and any(snapshot.figures.get(k) != v for k, v in live.items()),  # type: ignore[union-attr]
        "versions": [
            {"version": s.version, "approved_at": s.approved_at, "figures": s.figures}
            for s in report.snapshots.order_by("version")
        ],
    }
