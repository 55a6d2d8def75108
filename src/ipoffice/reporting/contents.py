"""What a report holds: the live figures of its office's subtree with the manual items,
the same figures in earlier years, and the validation findings on them."""

from __future__ import annotations

from datetime import date
from typing import Any

from ipoffice.common.periods import Period, period_parse
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.reporting import figures
from ipoffice.reporting.definitions import FORMS
from ipoffice.reporting.models import Report
from ipoffice.reporting.validation import check

# Working days after the period ends by which the report is due.
DUE_WORKING_DAYS = {"month": 5, "quarter": 10, "year": 20}


def report_due_on(period: Period, calendar: WorkingCalendar) -> date:
    return calendar.add_working_days(period.end, DUE_WORKING_DAYS[period.kind])


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
