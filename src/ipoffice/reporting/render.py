"""The annual report in HTML, Markdown, XLSX and PDF: each section in turn, with the parts
it shows in that format (common/statistics.py: ``Chart.shown``, ``Table.shown``,
``Grid.shown``)."""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ipoffice.common.exports import Cell, Column, Sheet, Typed, points, xlsx_bytes, yes_no
from ipoffice.common.pdf import pdf_font
from ipoffice.common.statistics import (
    BY_MONTH,
    BY_OFFICE,
    MARKDOWN,
    PAGE,
    PDF,
    XLSX,
    Chart,
    Grid,
)
from ipoffice.offices.models import Office
from ipoffice.reporting.annual import AnnualReport, SectionReport
from ipoffice.reporting.exports import figure_kind


def bars(values: list[tuple[str, int]], width: int = 560, bar: int = 16) -> dict[str, Any]:
    """Geometry of a horizontal bar chart drawn as inline SVG (no script, no CDN)."""
    top = max((v for _, v in values), default=0) or 1
    return {
        "height": len(values) * (bar + 6) + 4,
        "width": width,
        "bars": [
            {
                "label": label,
                "value": value,
                "y": i * (bar + 6) + 2,
                "h": bar,
                "w": round(value / top * (width - 220)),
            }
            for i, (label, value) in enumerate(values)
        ],
    }


def month_names() -> list[str]:
    return [
        _("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"),
        _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec"),
    ]  # fmt: skip


def labelled(chart: Chart, values: list[tuple[Any, Any]], *, names: bool = False) -> list[Any]:
    """A chart's values with text labels: month numbers (or names), office names."""
    if chart.by == BY_MONTH:
        months = month_names()
        return [(months[m - 1] if names else m, n) for m, n in values]
    return [(key.name if isinstance(key, Office) else key, n) for key, n in values]


def drawn(chart: Chart, values: list[tuple[Any, Any]], *, names: bool = False) -> dict[str, Any]:
    """Every value a bar: all 31 provinces below the national office, say."""
    return bars(labelled(chart, values, names=names))


def _charts(done: SectionReport, place: str) -> list[tuple[Chart, list[tuple[Any, Any]]]]:
    return [(c, values) for c, values in done.charts if place in c.shown]


def _tables(done: SectionReport, place: str) -> list[Any]:
    return [(t, rows) for t, rows in done.tables if place in t.shown]


# Kinds of grid column written as numbers: right-aligned on the page and in the PDF.
NUMERIC = frozenset({Cell.INT, Cell.MONEY, Cell.POINTS, Cell.CHANGE, Cell.SHARE,
                     Cell.RANK_CHANGE})  # fmt: skip
NONE = "—"


def grid_text(kind: Cell, value: Any) -> str:
    """A grid's value as the page, the Markdown and the PDF write it (the XLSX keeps the
    number): counts with separators, scores with one or two decimals, ▲2 / ▼1."""
    if value is None or value == "":
        return NONE
    if kind == Cell.INT:
        return f"{value:,}"
    if kind == Cell.MONEY:
        return f"{Decimal(str(value)):,.2f}"
    if kind == Cell.POINTS:
        return points(value, grouped=True)
    if kind == Cell.CHANGE:
        return f"{value:+.1f}%"
    if kind == Cell.SHARE:
        return f"{value:.1f}%"
    if kind == Cell.RANK_CHANGE:
        return f"▲{value}" if value > 0 else f"▼{-value}" if value < 0 else "0"
    if kind == Cell.FLAG or isinstance(value, bool):
        return yes_no(bool(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _grids(done: SectionReport, place: str) -> list[tuple[Grid, list[tuple[Any, ...]]]]:
    """The grids shown in ``place``; one with no rows only if it says so (``empty``)."""
    return [(g, rows) for g, rows in done.grids if place in g.shown and (rows or g.empty)]


def _written(grid: Grid, rows: list[tuple[Any, ...]]) -> list[list[str]]:
    kinds = [c.kind for c in grid.columns]
    return [[grid_text(k, v) for k, v in zip(kinds, row, strict=True)] for row in rows]


def _page_grid(grid: Grid, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    numeric = [c.kind in NUMERIC for c in grid.columns]
    return {
        "code": grid.code,
        "heading": str(grid.heading),
        "columns": [(str(c.label), n) for c, n in zip(grid.columns, numeric, strict=True)],
        "rows": [list(zip(row, numeric, strict=True)) for row in _written(grid, rows)],
        "empty": str(grid.empty or ""),
    }


def context(report: AnnualReport) -> dict[str, Any]:
    with translation.override(report.language):
        return {
            "r": report,
            "sections": [
                {
                    "s": done,
                    "charts": [
                        (chart, drawn(chart, values, names=True))
                        for chart, values in _charts(done, PAGE)
                    ],
                    "tables": _tables(done, PAGE),
                    "grids": [_page_grid(g, rows) for g, rows in _grids(done, PAGE)],
                }
                for done in report.sections
            ],
        }


def to_html(report: AnnualReport, *, standalone: bool = True) -> str:
    with translation.override(report.language):
        return render_to_string(
            "reporting/annual.html", {**context(report), "standalone": standalone}
        )


def _title(report: AnnualReport) -> str:
    return f"{_('Annual report')} {report.year} · {report.office.name}"


def _header(report: AnnualReport) -> list[str]:
    return [_("Figure"), str(report.year), str(report.year - 1), pgettext("year-on-year", "Change")]


def to_markdown(report: AnnualReport) -> str:
    with translation.override(report.language):
        lines = [f"# {_title(report)}"]
        for done in report.sections:
            lines += ["", f"## {done.section.title}", ""]
            if done.paragraph:
                lines += [done.paragraph, ""]
            if done.rows:
                lines += [f"| {' | '.join(_header(report))} |", "|---|---:|---:|---:|"]
                lines += [
                    f"| {label} | {value:,} | {previous:,} | {change} |"
                    for _c, label, value, previous, change in done.rows
                ]
            for chart, values in _charts(done, MARKDOWN):
                lines += ["", f"### {chart.heading or chart.title}", ""]
                lines += [f"- {label}: {n:,}" for label, n in labelled(chart, values)]
            for table, rows in _tables(done, MARKDOWN):
                lines += ["", f"### {table.heading}", ""]
                lines += [f"- {label}: {n:,}" for label, n in rows]
            for grid, rows in _grids(done, MARKDOWN):
                lines += ["", f"### {grid.heading}", "", *_markdown_grid(grid, rows)]
        lines += ["", _("Live figures computed from the records.")]
        return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    # A pipe or a line break inside a value would end the cell or the table.
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def _markdown_grid(grid: Grid, rows: list[tuple[Any, ...]]) -> list[str]:
    if not rows:
        return [str(grid.empty)]
    align = ["---:" if c.kind in NUMERIC else "---" for c in grid.columns]
    header = [_markdown_cell(str(c.label)) for c in grid.columns]
    return [
        f"| {' | '.join(header)} |",
        f"|{'|'.join(align)}|",
        *(f"| {' | '.join(_markdown_cell(t) for t in row)} |" for row in _written(grid, rows)),
    ]


def _axis(chart: Chart) -> str:
    return {BY_MONTH: _("Month"), BY_OFFICE: _("Office")}.get(chart.by, _("Figure"))


def _kind(done: SectionReport, code: str) -> Cell:
    return figure_kind(done.figure(code))


def _display_width(text: str) -> int:
    """Excel's column width of a text: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _grid_sheet(grid: Grid, rows: list[tuple[Any, ...]]) -> Sheet:
    """A grid as a table of typed cells (numbers stay numbers); wide enough for its
    header and its longest value, within reason."""
    written = _written(grid, rows)
    columns = [
        Column(c.name, str(c.label), c.kind,
               min(50, max(8, _display_width(str(c.label)),
                           *(_display_width(row[i]) for row in written)) + 2))
        for i, c in enumerate(grid.columns)
    ]  # fmt: skip
    note = str(grid.empty) if not rows and grid.empty else ""
    return Sheet(str(grid.heading), columns, [list(row) for row in rows], note=note)


def _share(value: Any, whole: Any) -> float | None:
    return round(float(value) / float(whole) * 100, 1) if whole else None


def _chart_sheet(done: SectionReport, chart: Chart, values: list[tuple[Any, Any]]) -> Sheet:
    """A chart's values as a table: every office below (none left out), or every month."""
    kind = _kind(done, chart.figures[0]) if len(chart.figures) == 1 else Cell.INT
    value = Column("value", done.label(chart.figures[0]) if len(chart.figures) == 1 else "",
                   kind, 16)  # fmt: skip
    if chart.by == BY_OFFICE:
        whole = sum(n for _office, n in values)
        return Sheet(
            str(chart.title),
            [Column("office_code", _("Office code"), width=10),
             Column("office", _("Office"), width=26), value,
             Column("share", _("Share"), Cell.SHARE, 10)],
            [[o.code, o.name, n, _share(n, whole)] for o, n in values],
            frozen_columns=2,
        )  # fmt: skip
    first = Column("month", _axis(chart), Cell.INT if chart.by == BY_MONTH else Cell.TEXT, 12)
    return Sheet(str(chart.title), [first, value], [list(pair) for pair in labelled(chart, values)])


def xlsx_sheets(report: AnnualReport) -> list[Sheet]:
    """A summary sheet (each section's paragraph), then per section its table of figures
    and a sheet per chart and table; every sheet opens with its header row."""
    summary = Sheet(
        f"{_('Annual report')} {report.year}",
        [Column("section", _("Section"), width=30),
         Column("summary", _("Summary"), width=110, wrap=True)],
        [[str(done.section.title), done.paragraph] for done in report.sections],
        note=f"{_title(report)} · {_('Live figures computed from the records.')}",
    )  # fmt: skip
    sheets = [summary]
    for done in report.sections:
        columns = [
            Column("figure", _("Figure"), width=40),
            Column("value", str(report.year), Cell.INT, 16),
            Column("previous", str(report.year - 1), Cell.INT, 16),
            Column("change", pgettext("year-on-year", "Change"), Cell.CHANGE, 10),
        ]
        rows = [
            [label, Typed(_kind(done, code), value), Typed(_kind(done, code), previous),
             done.figures[code]["change_pct"]]
            for code, label, value, previous, _change in done.rows
        ]  # fmt: skip
        if done.form is not None:  # a section without a form has no figures to list
            sheets.append(Sheet(str(done.section.title), columns, rows, frozen_columns=1))
        sheets += [_chart_sheet(done, chart, values) for chart, values in _charts(done, XLSX)]
        sheets += [
            Sheet(str(table.heading), [Column("figure", _("Figure"), width=40),
                                  Column("value", str(report.year), Cell.INT, 16)],
                  [list(pair) for pair in rows])
            for table, rows in _tables(done, XLSX)
        ]  # fmt: skip
        # Every grid shown in XLSX has its sheet, with no rows too: a workbook read by a
        # program keeps its sheets from year to year.
        sheets += [_grid_sheet(g, rows) for g, rows in done.grids if XLSX in g.shown]
    return sheets


def to_xlsx(report: AnnualReport) -> bytes:
    with translation.override(report.language):
        return xlsx_bytes(xlsx_sheets(report))


def pdf_widths(natural: list[float], numeric: list[bool], full: float, least: float) -> list[float]:
    """Column widths for a PDF table of ``full`` width: a number column keeps its natural
    width (its widest value); text columns take the page's width in proportion to theirs
    if all fits, or else each keeps up to ``least`` and the longer ones share the rest.
    Too many wide numbers make every column narrower, in proportion."""
    room = full - sum(w for w, n in zip(natural, numeric, strict=True) if n)
    texts = [i for i, n in enumerate(numeric) if not n]
    widths = list(natural)
    wanted = sum(natural[i] for i in texts)
    if texts and wanted <= room:
        for i in texts:
            widths[i] = natural[i] * room / wanted
    elif texts:
        kept = {i: min(natural[i], least) for i in texts}
        more, spare = wanted - sum(kept.values()), max(0.0, room - sum(kept.values()))
        for i in texts:
            widths[i] = kept[i] + spare * (natural[i] - kept[i]) / (more or 1)
    if sum(widths) > full:
        widths = [w * full / sum(widths) for w in widths]
    return widths


def to_pdf(report: AnnualReport) -> bytes:
    """A printed report: ReportLab, its text in an embedded Chinese TrueType font; a
    heading stays with what follows it and a table's header row is repeated on each page
    it runs over, so no header is left alone at the foot of a page."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch, mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = pdf_font()
    full = A4[0] - 2 * inch  # the frame's width, within SimpleDocTemplate's margins
    body = ParagraphStyle(
        "body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK", spaceAfter=6
    )
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, spaceAfter=10)
    head = ParagraphStyle(
        "head", parent=body, fontSize=13, leading=18, spaceBefore=10, keepWithNext=1
    )
    sub = ParagraphStyle("sub", parent=head, fontSize=11.5, leading=16, spaceBefore=8)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0)
    number = ParagraphStyle("number", parent=cell, alignment=TA_RIGHT)
    table_style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), font, 9),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )

    def text(value: Any, style: ParagraphStyle = body) -> Paragraph:
        # Paragraphs read markup: names such as "<b>" are text here, not tags.
        return Paragraph(escape(str(value)), style)

    def grid(rows: list[list[Any]], widths: list[float]) -> Table:
        return Table(
            rows, colWidths=widths, style=table_style, repeatRows=1, spaceBefore=4, hAlign="LEFT"
        )

    def bar_chart(chart: Chart, values: list[tuple[Any, Any]]) -> Drawing:
        drawing = Drawing(160 * mm, 60 * mm, initialFontName=font)
        bar = VerticalBarChart()
        bar.x, bar.y = int(12 * mm), int(8 * mm)
        bar.width, bar.height = int(140 * mm), int(48 * mm)
        shown = labelled(chart, values, names=True)
        bar.data = [[n for _label, n in shown]]
        bar.categoryAxis.categoryNames = [str(label) for label, _n in shown]
        bar.categoryAxis.labels.fontName = bar.valueAxis.labels.fontName = font
        bar.barLabels.fontName = font
        bar.bars[0].fillColor = colors.HexColor("#9b1c1c")
        bar.valueAxis.valueMin = 0  # bars start at zero, or the chart misleads
        drawing.add(bar)
        return drawing

    def by_office(done: SectionReport, chart: Chart, values: list[tuple[Any, Any]]) -> Table:
        whole = sum(n for _office, n in values)
        rows: list[list[Any]] = [[_("Office"), done.label(chart.figures[0]), _("Share")]]
        for office, n in values:
            share = _share(n, whole)
            rows.append([text(office.name, cell), f"{n:,}", "—" if share is None else f"{share}%"])
        rows.append([_("Total"), f"{whole:,}", "100.0%" if whole else "—"])
        return grid(rows, [100 * mm, 36 * mm, 24 * mm])

    def grid_table(grid_: Grid, rows: list[tuple[Any, ...]]) -> Table:
        """A grid of any width: numbers right-aligned in columns as wide as their widest
        value or header word, text (which wraps, Chinese anywhere) sharing the rest."""
        numeric = [c.kind in NUMERIC for c in grid_.columns]
        written = _written(grid_, rows)
        pad = 14  # ReportLab's default cell padding, left and right, and a little slack

        def width(value: str) -> float:
            return stringWidth(value, font, 9) + pad

        def unbroken(label: str) -> float:
            # A header over numbers wraps between words, Chinese between any two characters.
            return max(width(w if w.isascii() else w[:4]) for w in label.split() or [""])

        natural = [
            max(unbroken(str(c.label)) if n else width(str(c.label)),
                *(width(row[i]) for row in written))
            for i, (c, n) in enumerate(zip(grid_.columns, numeric, strict=True))
        ]  # fmt: skip
        widths = pdf_widths(natural, numeric, full, least=25 * mm)
        header = [text(c.label, number if n else cell) for c, n in zip(grid_.columns, numeric,
                                                                        strict=True)]  # fmt: skip
        body_rows = [
            [value if n else text(value, cell) for value, n in zip(row, numeric, strict=True)]
            for row in written
        ]
        style = TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *(("ALIGN", (i, 1), (i, -1), "RIGHT") for i, n in enumerate(numeric) if n),
            ]
        )
        return Table([header, *body_rows], colWidths=widths, style=style, repeatRows=1,
                     spaceBefore=4, hAlign="LEFT")  # fmt: skip

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, _("Page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    with translation.override(report.language):
        story: list[Any] = [text(_title(report), title)]
        for done in report.sections:
            story.append(text(done.section.title, head))
            if done.paragraph:
                story.append(text(done.paragraph))
            if done.rows:
                rows = [_header(report)] + [
                    [text(label, cell), f"{value:,}", f"{previous:,}", change]
                    for _c, label, value, previous, change in done.rows
                ]
                story.append(grid(rows, [84 * mm, 28 * mm, 28 * mm, 20 * mm]))
            for chart, values in _charts(done, PDF):
                story.append(text(chart.heading or chart.title, sub))
                if chart.by == BY_OFFICE:
                    story.append(by_office(done, chart, values))
                else:
                    story.append(bar_chart(chart, values))
            for table, pairs in _tables(done, PDF):
                if not pairs:
                    continue  # every figure at 0: a heading over an empty table says nothing
                story.append(text(table.heading, sub))
                rows = [[_("Figure"), str(report.year)]]
                rows += [[text(label, cell), f"{n:,}"] for label, n in pairs]
                story.append(grid(rows, [100 * mm, 36 * mm]))
            for shown, grid_rows in _grids(done, PDF):
                story.append(text(shown.heading, sub))
                if grid_rows:
                    story.append(grid_table(shown, grid_rows))
                else:
                    story.append(text(shown.empty))
        story.append(text(_("Live figures computed from the records.")))
        out = io.BytesIO()
        document = SimpleDocTemplate(
            out,
            pagesize=A4,
            title=_title(report),
            author=report.office.name,
            bottomMargin=20 * mm,
            initialFontName=font,  # no other font is referenced: every glyph is embedded
        )
        document.build(story, onFirstPage=footer, onLaterPages=footer)
        return out.getvalue()
