"""The standard statistical tables: one sheet per form, offices as rows, a totals row."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ipoffice.common.exports import CSV_TYPE, XLSX_TYPE, Cell, Column, Sheet, csv_lines, xlsx_bytes
from ipoffice.common.periods import Period
from ipoffice.common.statistics import Figure, ReportForm
from ipoffice.offices.models import REPORTING_LEVELS, Office
from ipoffice.reporting import figures

XLSX = XLSX_TYPE


def figure_kind(figure: Figure) -> Cell:
    return Cell.MONEY if figure.measure.startswith("sum:") else Cell.INT


def table(form: ReportForm, office: Office, period: Period) -> Sheet:
    """A row per office directly below, and the totals row for ``office``'s whole subtree
    (which also holds the office's own records)."""
    shown = [f for f in form.figures if not f.manual]
    columns = [
        Column("office_code", _("Office code"), width=10),
        Column("office", _("Office"), width=24),
        *(Column(f.code, str(f.label), figure_kind(f), 14) for f in shown),
    ]
    rows: list[list[Any]] = []
    children = Office.objects.filter(parent=office, level__in=REPORTING_LEVELS, is_active=True)
    for child in children.order_by("code"):
        values = figures.compute(form, child, period)
        rows.append([child.code, child.name, *[values[f.code] for f in shown]])
    totals = figures.compute(form, office, period)
    total_name = _("%(office)s (total)") % {"office": office.name}
    rows.append([office.code, total_name, *[totals[f.code] for f in shown]])
    title = _("%(form)s · %(period)s · live figures") % {"form": form.label, "period": period.code}
    return Sheet(str(form.label), columns, rows, frozen_columns=2, bold_last=True, note=title)


def statistics_workbook(
    forms: list[ReportForm], office: Office, period: Period, kind: str
) -> tuple[bytes, str]:
    sheets = [table(form, office, period) for form in forms]
    if kind == "csv":
        return "".join(csv_lines(sheets, titles=True)).encode("utf-8"), CSV_TYPE
    return xlsx_bytes(sheets), XLSX
