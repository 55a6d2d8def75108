"""The annual report in HTML, Markdown, XLSX and PDF."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ipoffice.reporting.annual import TABLE_FIGURES, AnnualReport


def _change(item: dict[str, Any]) -> str:
    pct = item["change_pct"]
    return "—" if pct is None else f"{pct:+.1f}%"


def rows(report: AnnualReport) -> list[tuple[str, str, Any, Any, str]]:
    return [
        (
            code,
            report.labels[code],
            report.enforcement[code]["value"],
            report.enforcement[code]["previous"],
            _change(report.enforcement[code]),
        )
        for code in TABLE_FIGURES
    ]


def complaint_rows(report: AnnualReport) -> list[tuple[str, str, Any, Any, str]]:
    return [
        (code, report.labels[code], item["value"], item["previous"], _change(item))
        for code, item in report.complaints.items()
        if not code.startswith("rating")
    ]


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


def context(report: AnnualReport) -> dict[str, Any]:
    with translation.override(report.language):
        month_names = [
            _("Jan"),
            _("Feb"),
            _("Mar"),
            _("Apr"),
            _("May"),
            _("Jun"),
            _("Jul"),
            _("Aug"),
            _("Sep"),
            _("Oct"),
            _("Nov"),
            _("Dec"),
        ]
        return {
            "r": report,
            "rows": rows(report),
            "complaint_rows": complaint_rows(report),
            "month_chart": bars([(month_names[m - 1], n) for m, n in report.months]),
            "office_chart": bars([(o.name, n) for o, n in report.by_office[:15]]),
        }


def to_html(report: AnnualReport, *, standalone: bool = True) -> str:
    with translation.override(report.language):
        return render_to_string(
            "reporting/annual.html", {**context(report), "standalone": standalone}
        )


def to_markdown(report: AnnualReport) -> str:
    with translation.override(report.language):
        lines = [
            f"# {_('Annual report')} {report.year} · {report.office.name}",
            "",
            f"## {_('Patent administrative enforcement')}",
            "",
            *report.paragraphs,
            "",
            f"| {_('Figure')} | {report.year} | {report.year - 1} | {_('Change')} |",
            "|---|---:|---:|---:|",
        ]
        lines += [
            f"| {label} | {value:,} | {previous:,} | {change} |"
            for _c, label, value, previous, change in rows(report)
        ]
        lines += [
            "",
            f"### {_('Disputes by patent type')}",
            "",
            *[f"- {name}: {n:,}" for name, n in report.patent_types],
            "",
            f"### {_('Cases by month')}",
            "",
            *[f"- {m}: {n:,}" for m, n in report.months],
            "",
            f"## {_('12330 complaints and assistance')}",
            "",
            report.complaint_paragraph,
            "",
            f"| {_('Figure')} | {report.year} | {report.year - 1} | {_('Change')} |",
            "|---|---:|---:|---:|",
        ]
        lines += [
            f"| {label} | {value:,} | {previous:,} | {change} |"
            for _c, label, value, previous, change in complaint_rows(report)
        ]
        lines += ["", _("Live figures computed from the records.")]
        return "\n".join(lines) + "\n"


def to_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook

    with translation.override(report.language):
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "enforcement"
        sheet.append([f"{_('Annual report')} {report.year} · {report.office.name}"])
        sheet.append(report.paragraphs)
        sheet.append([_("Figure"), str(report.year), str(report.year - 1), _("Change")])
        for _c, label, value, previous, change in rows(report):
            sheet.append([label, value, previous, change])
        months = workbook.create_sheet("months")
        months.append([_("Month"), _("Cases accepted")])
        for m, n in report.months:
            months.append([m, n])
        offices = workbook.create_sheet("offices")
        offices.append([_("Office"), _("Cases accepted")])
        for office, n in report.by_office:
            offices.append([office.name, n])
        complaints = workbook.create_sheet("complaints")
        complaints.append([report.complaint_paragraph])
        for _c, label, value, previous, change in complaint_rows(report):
            complaints.append([label, value, previous, change])
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
    with translation.override(report.language):
        story: list[Any] = [
            Paragraph(f"{_('Annual report')} {report.year} - {report.office.name}", title),
            Paragraph(_("Patent administrative enforcement"), head),
            *[Paragraph(p, body) for p in report.paragraphs],
            Spacer(1, 4 * mm),
        ]
        header = [_("Figure"), str(report.year), str(report.year - 1), _("Change")]
        data = [header] + [
            [label, f"{value:,}", f"{previous:,}", change]
            for _c, label, value, previous, change in rows(report)
        ]
        story += [
            Table(data, colWidths=[80 * mm, 28 * mm, 28 * mm, 24 * mm], style=table_style),
            Spacer(1, 4 * mm),
            Paragraph(_("Cases by month"), head),
        ]
        chart = Drawing(160 * mm, 60 * mm)
        bar = VerticalBarChart()
        bar.x, bar.y = int(12 * mm), int(8 * mm)
        bar.width, bar.height = int(140 * mm), int(48 * mm)
        bar.data = [[n for _m, n in report.months]]
        bar.categoryAxis.categoryNames = [str(m) for m, _n in report.months]
        bar.bars[0].fillColor = colors.HexColor("#9b1c1c")
        bar.valueAxis.valueMin = 0  # bars start at zero, or the chart misleads
        chart.add(bar)
        story += [
            chart,
            Paragraph(_("12330 complaints and assistance"), head),
            Paragraph(report.complaint_paragraph, body),
            Spacer(1, 3 * mm),
        ]
        data = [header] + [
            [label, f"{value:,}", f"{previous:,}", change]
            for _c, label, value, previous, change in complaint_rows(report)
        ]
        story.append(Table(data, colWidths=[80 * mm, 28 * mm, 28 * mm, 24 * mm], style=table_style))
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=A4, title=f"Annual report {report.year}").build(story)
        return out.getvalue()
