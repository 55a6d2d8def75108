"""The annual report in HTML, Markdown, XLSX and PDF: each section in turn, with the parts
it shows in that format (common/statistics.py: ``Chart.shown``, ``Table.shown``)."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ipoffice.common.statistics import BY_MONTH, BY_OFFICE, MARKDOWN, PAGE, PDF, XLSX, Chart
from ipoffice.offices.models import Office
from ipoffice.reporting.annual import AnnualReport, SectionReport

TOP = 15  # bars of a chart by office on a page; the XLSX lists every office


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
    shown = values[:TOP] if chart.by == BY_OFFICE else values
    return bars(labelled(chart, shown, names=names))


def _charts(done: SectionReport, place: str) -> list[tuple[Chart, list[tuple[Any, Any]]]]:
    return [(c, values) for c, values in done.charts if place in c.shown]


def _tables(done: SectionReport, place: str) -> list[Any]:
    return [(t, rows) for t, rows in done.tables if place in t.shown]


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
        lines += ["", _("Live figures computed from the records.")]
        return "\n".join(lines) + "\n"


def _axis(chart: Chart) -> str:
    return {BY_MONTH: _("Month"), BY_OFFICE: _("Office")}.get(chart.by, _("Figure"))


def to_xlsx(report: AnnualReport) -> bytes:
    """A sheet per section (title, paragraph, the table), then a sheet per chart."""
    from openpyxl import Workbook

    with translation.override(report.language):
        workbook = Workbook()
        workbook.remove(workbook.active)  # type: ignore[arg-type]
        for done in report.sections:
            sheet = workbook.create_sheet(done.section.code)
            sheet.append([_title(report)])
            sheet.append([done.paragraph])
            sheet.append(_header(report))
            for _c, label, value, previous, change in done.rows:
                sheet.append([label, value, previous, change])
            for chart, values in _charts(done, XLSX):
                data = workbook.create_sheet(chart.code)
                value_label = done.label(chart.figures[0]) if len(chart.figures) == 1 else ""
                data.append([_axis(chart), value_label])
                for label, n in labelled(chart, values):
                    data.append([label, n])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


def to_pdf(report: AnnualReport) -> bytes:
    """A printed report: ReportLab, with its built-in Adobe CID font for Chinese."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16)
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, spaceAfter=8)
    head = ParagraphStyle("head", parent=body, fontSize=13, leading=18, spaceBefore=8)
    table_style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), "STSong-Light", 9),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f4")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ]
    )

    def bar_chart(chart: Chart, values: list[tuple[Any, Any]]) -> Drawing:
        drawing = Drawing(160 * mm, 60 * mm)
        bar = VerticalBarChart()
        bar.x, bar.y = int(12 * mm), int(8 * mm)
        bar.width, bar.height = int(140 * mm), int(48 * mm)
        shown = labelled(chart, values)
        bar.data = [[n for _label, n in shown]]
        bar.categoryAxis.categoryNames = [str(label) for label, _n in shown]
        bar.bars[0].fillColor = colors.HexColor("#9b1c1c")
        bar.valueAxis.valueMin = 0  # bars start at zero, or the chart misleads
        drawing.add(bar)
        return drawing

    with translation.override(report.language):
        heading = f"{_('Annual report')} {report.year} - {report.office.name}"
        story: list[Any] = [Paragraph(heading, title)]
        for done in report.sections:
            story += [Paragraph(str(done.section.title), head)]
            if done.paragraph:
                story += [Paragraph(done.paragraph, body)]
            data = [_header(report)] + [
                [label, f"{value:,}", f"{previous:,}", change]
                for _c, label, value, previous, change in done.rows
            ]
            story += [
                Spacer(1, 4 * mm),
                Table(data, colWidths=[80 * mm, 28 * mm, 28 * mm, 24 * mm], style=table_style),
            ]
            for chart, values in _charts(done, PDF):
                story += [
                    Spacer(1, 4 * mm),
                    Paragraph(str(chart.heading or chart.title), head),
                    bar_chart(chart, values),
                ]
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A4, title=f"Annual report {report.year}").build(story)
        return out.getvalue()
