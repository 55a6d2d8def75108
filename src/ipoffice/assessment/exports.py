"""A round's ranking as a workbook and as a printed table, in the reader's language: rank,
office, total, points per group and per indicator, the change of rank on the year
before; a note line names the scheme version and its source."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ipoffice.assessment.enums import RoundStatus
from ipoffice.assessment.explain import number
from ipoffice.assessment.models import Indicator, Round
from ipoffice.assessment.selectors import Row
from ipoffice.common.exports import Cell, Column, Sheet, Typed, xlsx_bytes
from ipoffice.common.pdf import pdf_font


def rank_change(change: int | None) -> str:
    """↑3, ↓1, or — (no change, or not ranked the year before)."""
    if not change:
        return "—"
    return f"↑{change}" if change > 0 else f"↓{-change}"


def _points(value: Decimal) -> Any:
    # Whole points as counts; a weight may give halves: two decimals then.
    return int(value) if value == value.to_integral_value() else Typed(Cell.MONEY, value)


def _groups(indicators: Sequence[Indicator]) -> list[str]:
    return list(dict.fromkeys(i.group for i in indicators))


def title(round_: Round) -> str:
    return _("%(year)s assessment: %(level)s") % {
        "year": round_.year,
        "level": round_.get_level_display(),
    }


def note(round_: Round) -> str:
    scheme = round_.scheme
    state = (
        _("published") if round_.status == RoundStatus.PUBLISHED else _("not yet published (draft)")
    )
    return _("Scheme %(name)s, version %(version)s; source: %(source)s; results %(state)s.") % {
        "name": scheme.name,
        "version": scheme.version,
        "source": scheme.source,
        "state": state,
    }


def ranking_sheet(round_: Round, rows: Sequence[Row], indicators: Sequence[Indicator]) -> Sheet:
    groups = _groups(indicators)
    columns = [
        Column("rank", _("Rank"), Cell.INT, 7),
        Column("office", _("Office"), width=24),
        Column("total", pgettext("assessment", "Total"), Cell.INT, 10),
        Column("change", _("Change on the year before"), width=12),
        *(Column(f"group:{g}", g, Cell.INT, 12) for g in groups),
        *(Column(i.code, i.name, Cell.INT, 14) for i in indicators),
    ]
    body = [
        [
            row.rank,
            row.office.name,
            _points(row.total),
            rank_change(row.rank_change),
            *(_points(row.groups.get(g, Decimal(0))) for g in groups),
            *(_points(row.points.get(i.code, Decimal(0))) for i in indicators),
        ]
        for row in rows
    ]
    return Sheet(title(round_), columns, body, frozen_columns=2, note=note(round_))


def ranking_xlsx(round_: Round, rows: Sequence[Row], indicators: Sequence[Indicator]) -> bytes:
    return xlsx_bytes([ranking_sheet(round_, rows, indicators)])


def ranking_pdf(round_: Round, rows: Sequence[Row], indicators: Sequence[Indicator]) -> bytes:
    """The ranking as a table (reporting/render.py's way: ReportLab with the embedded
    Chinese font, the header row repeated on every page), landscape when wide."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = pdf_font()
    sheet = ranking_sheet(round_, rows, indicators)
    wide = len(sheet.columns) > 8
    page = landscape(A4) if wide else A4
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    heading = ParagraphStyle("title", parent=body, fontSize=15, leading=21, spaceAfter=8)
    cell = ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.5)

    def text(value: Any, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(str(value)), style)

    def shown(value: Any) -> str:
        if isinstance(value, Typed):
            return number(value.value)
        return number(value) if isinstance(value, int) else str(value)

    table_rows: list[list[Any]] = [[text(c.label) for c in sheet.columns]]
    for values in sheet.rows:
        table_rows.append([text(v) if n == 1 else shown(v) for n, v in enumerate(values)])
    usable = page[0] - 30 * mm
    office_width = 42 * mm
    other = (usable - office_width) / (len(sheet.columns) - 1)
    widths = [other, office_width, *([other] * (len(sheet.columns) - 2))]
    table = Table(
        table_rows,
        colWidths=widths,
        repeatRows=1,
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 7.5),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 1), (0, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        ),
    )

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawCentredString(page[0] / 2, 10 * mm, _("Page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=page,
        title=title(round_),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=20 * mm,
        initialFontName=font,
    )
    story = [text(title(round_), heading), text(sheet.note, body), table]
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
