"""Figures computed from the records of an office's subtree for a period: live, never
retyped, each traceable to its records through the same definition."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from ipoffice.common.periods import Period
from ipoffice.common.statistics import Figure, ReportForm
from ipoffice.offices.models import Office
from ipoffice.reporting import rollup


def records_of(form: ReportForm, office: Office) -> Any:
    """The records a form counts for the office's subtree, by the form's own office field
    (a model may be counted by two forms, for two offices: coordination requests for the
    office that sent them and for the one that received them)."""
    return rollup.model_of(form).objects.filter(
        **{f"{form.office_field}__path__startswith": office.path}
    )


def _aggregate(figure: Figure, period: Period) -> Any:
    assert figure.where is not None
    condition: Q = figure.where(period)
    if figure.measure.startswith("sum:"):
        return Sum(figure.measure[4:], filter=condition)
    return Count("pk", filter=condition)


def compute(form: ReportForm, office: Office, period: Period) -> dict[str, Any]:
    """Every computed figure of the form for the office's subtree, from the roll-up that
    the records' own saves keep current (rollup.py). A run of days that is not a year,
    quarter or month is no sum of the roll-up's months: it is counted from the records."""
    if period.kind == "range":
        return compute_from_records(form, office, period)
    return {code: _plain(value) for code, value in rollup.read(form, office, period).items()}


def compute_from_records(form: ReportForm, office: Office, period: Period) -> dict[str, Any]:
    """The same figures counted from the records in one query (to verify the roll-up)."""
    return _count(form.figures, form, office, period)


def compute_extra(
    form: ReportForm, office: Office, period: Period, codes: list[str]
) -> dict[str, Any]:
    """Some of the form's extra figures (those the sections use beyond the report),
    counted from the records in one query."""
    return _count([form.figure(code) for code in codes], form, office, period)


def _count(chosen: Any, form: ReportForm, office: Office, period: Period) -> dict[str, Any]:
    computed = [f for f in chosen if not f.manual and f.where is not None]
    if not computed:
        return {}
    values = records_of(form, office).aggregate(**{f.code: _aggregate(f, period) for f in computed})
    return {code: _plain(value) for code, value in values.items()}


def by_month(form: ReportForm, office: Office, year: int, code: str) -> dict[int, Any]:
    """A figure for each month of the year, from the roll-up's month rows."""
    return {m: _plain(v) for m, v in rollup.by_month(form, office, year, code).items()}


def by_office_below(
    form: ReportForm, office: Office, period: Period, code: str
) -> list[tuple[Office, Any]]:
    """A figure for each reporting office directly below, largest first, from the roll-up."""
    return [(o, _plain(v)) for o, v in rollup.by_office_below(form, office, period, code)]


def _plain(value: Any) -> Any:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    return value


def change_pct(value: float, previous: float) -> float | None:
    """Year-on-year change as the annual report writes it ("up 79.8%"): one decimal."""
    if not previous:
        return None
    return round((value - previous) / previous * 100, 1)


def share_pct(value: float, whole: float) -> float | None:
    return round(value / whole * 100, 1) if whole else None


def with_previous(form: ReportForm, office: Office, period: Period) -> dict[str, dict[str, Any]]:
    """Each figure with the same period a year earlier, the change, and its share of the
    form's base figure (e.g. disputes as a share of all cases accepted)."""
    now, before = compute(form, office, period), compute(form, office, period.previous_year)
    base = now.get(form.base, 0)
    return {
        code: {
            "value": value,
            "previous": before[code],
            "change_pct": change_pct(value, before[code]),
            "share_pct": share_pct(value, base) if code in form.parts else None,
        }
        for code, value in now.items()
    }


def drilldown(form: ReportForm, office: Office, period: Period, figure_code: str) -> Any:
    """The records behind one figure."""
    figure = form.figure(figure_code)
    if figure.manual or figure.where is None:
        raise KeyError(figure_code)
    return records_of(form, office).filter(figure.where(period))
