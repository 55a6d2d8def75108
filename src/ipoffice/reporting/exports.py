"""The standard statistical tables: one sheet per form, offices as rows, a totals row."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from ipoffice.common.periods import Period
from ipoffice.common.statistics import ReportForm
from ipoffice.offices.models import REPORTING_LEVELS, Office
from ipoffice.reporting import figures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(form: ReportForm, office: Office, period: Period) -> list[list[Any]]:
    """Header, a row per office directly below, and the totals row for ``office``'s whole
    subtree (which also holds the office's own records)."""
    codes = [f.code for f in form.figures if not f.manual]
    header = ["office_code", "office", *[str(f.label) for f in form.figures if not f.manual]]
    rows: list[list[Any]] = [header]
    children = Office.objects.filter(parent=office, level__in=REPORTING_LEVELS, is_active=True)
    for child in children.order_by("code"):
        values = figures.compute(form, child, period)
        rows.append([child.code, child.name, *[values[c] for c in codes]])
    totals = figures.compute(form, office, period)
    rows.append([office.code, f"{office.name} (total)", *[totals[c] for c in codes]])
    return rows


def statistics_workbook(
    forms: list[ReportForm], office: Office, period: Period, kind: str
) -> tuple[bytes, str]:
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for form in forms:
            writer.writerow([f"# {form.code} {period.code} (live)"])
            writer.writerows(table(form, office, period))
        return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv"
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for form in forms:
        sheet = workbook.create_sheet(form.code)
        sheet.append([f"{form.label} · {period.code} · live figures"])
        for row in table(form, office, period):
            sheet.append(row)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    binary = io.BytesIO()
    workbook.save(binary)
    return binary.getvalue(), XLSX
