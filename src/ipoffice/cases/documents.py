"""The core case documents, filled from the record, in Chinese whatever the page's
language: 立案审批表 (acceptance approval form), 处理决定书 (decision), 送达回证 (proof of
service). One content (``document_for``), two outputs: HTML for printing and PDF
(ReportLab, a TrueType font embedded so that every viewer shows the same letters)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from ipoffice.cases import selectors
from ipoffice.cases.enums import CaseStatus, CaseType, PartyRole
from ipoffice.cases.models import Case
from ipoffice.common.identifiers import mask_identifier
from ipoffice.common.pdf import pdf_font

DOCUMENT_LANGUAGE = "zh-hans"  # the documents an office issues are in Chinese
# Printable documents, by the name in their address, and what the case page calls them.
DOCUMENTS: dict[str, Any] = {
    "acceptance": _("Case acceptance approval form"),
    "decision": _("Case decision"),
    "service": _("Proof of service"),
}
BLANK = "\u3000" * 8  # room for a hand-written entry


@dataclass
class Document:
    title: str
    office: str
    number: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # label, value
    paragraphs: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)  # labels of hand-signed boxes
    closing: list[str] = field(default_factory=list)  # right-aligned: issuer and date


def _day(day: date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else "　年　月　日"


def _money(amount: Decimal | None) -> str:
    return f"人民币{amount:,.2f}元" if amount is not None else "—"


def _parties(case: Case, show_ids: bool) -> dict[str, Any]:
    found = {}
    for party in case.parties.all():
        shown = party.id_number if show_ids else mask_identifier(party.id_number)
        found[party.role] = (party, shown)
    return found


def _party_rows(case: Case, show_ids: bool) -> list[tuple[str, str]]:
    rows = []
    parties = _parties(case, show_ids)
    for role, label in ((PartyRole.REQUESTER, "请求人"), (PartyRole.RESPONDENT, "被请求人")):
        if role not in parties:
            continue
        party, shown = parties[role]
        if case.case_type == CaseType.PASSING_OFF and role == PartyRole.RESPONDENT:
            label = "当事人"
        rows += [(label, party.name), (f"{label}证件号码", shown or "—")]
        rows += [(f"{label}住所", party.address or "—")]
    return rows


def _acceptance(case: Case, show_ids: bool) -> Document:
    patents = "；".join(f"{p.application_number}" for p in case.patents.all())
    rows = [
        ("案件类型", str(case.get_case_type_display())),
        ("案由", case.title or "—"),
        ("案件来源", str(case.get_source_display())),
        *_party_rows(case, show_ids),
        ("涉案专利", patents or "—"),
        ("违法所得", _money(case.illegal_gains) if case.illegal_gains is not None else "—"),
        ("收到日期", _day(case.filed_on)),
        ("立案日期", _day(case.accepted_on)),
        ("案情摘要", case.description or "—"),
    ]
    return Document(
        title="立案审批表",
        office=case.office.name_zh,
        number=case.case_number,
        rows=rows,
        signatures=["承办人意见", "负责人审批意见"],
    )


def _decision(case: Case, show_ids: bool) -> Document:
    if not case.outcome or case.concluded_on is None:
        raise Http404  # no decision yet
    penalty = case.case_type == CaseType.PASSING_OFF
    title = "行政处罚决定书" if penalty else "专利纠纷处理决定书"
    respondent = _parties(case, show_ids).get(PartyRole.RESPONDENT)
    paragraphs = [
        f"本局于{_day(case.filed_on)}收到本案"
        + (f"，于{_day(case.accepted_on)}立案" if case.accepted_on else "")
        + "，依法进行了处理。",
    ]
    if case.title:
        paragraphs.append(f"案由：{case.title}。")
    if case.description:
        paragraphs.append(f"经查：{case.description}")
    decided = case.events.filter(to_status=CaseStatus.CONCLUDED).exclude(reason="").last()
    if decided is not None:
        paragraphs.append(f"本局认为：{decided.reason}")
    result = f"处理结果：{case.get_outcome_display()}。"
    if case.fine_amount is not None:
        whom = respondent[0].name if respondent else "当事人"
        result += f"对{whom}处以罚款{_money(case.fine_amount)}。"
    if case.illegal_gains is not None:
        result += f"违法所得{_money(case.illegal_gains)}。"
    paragraphs += [
        result,
        "当事人如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，"
        "或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。",
    ]
    return Document(
        title=title,
        office=case.office.name_zh,
        number=case.case_number,
        rows=_party_rows(case, show_ids),
        paragraphs=paragraphs,
        closing=[case.office.name_zh, _day(case.concluded_on)],
    )


def _service(case: Case, show_ids: bool) -> Document:
    respondent = _parties(case, show_ids).get(PartyRole.RESPONDENT)
    served = "处理决定书" if case.outcome else "受理通知书"
    rows = [
        ("送达文书名称及文号", f"{served}（{case.case_number}）"),
        ("受送达人", respondent[0].name if respondent else "—"),
        ("送达地址", (respondent[0].address if respondent else "") or BLANK),
        ("送达方式", BLANK),
        ("送达时间", "　年　月　日"),
        ("备注", BLANK),
    ]
    return Document(
        title="送达回证",
        office=case.office.name_zh,
        number=case.case_number,
        rows=rows,
        signatures=["受送达人签名或盖章", "送达人签名", "见证人签名"],
    )


BUILDERS = {"acceptance": _acceptance, "decision": _decision, "service": _service}


def document_for(case: Case, kind: str, *, show_ids: bool) -> Document:
    builder = BUILDERS.get(kind)
    if builder is None:
        raise Http404
    with translation.override(DOCUMENT_LANGUAGE):
        return builder(case, show_ids)


def document_pdf(doc: Document) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = pdf_font()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18, firstLineIndent=22)
    cell = ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=15)
    office = ParagraphStyle("office", fontName=font, fontSize=14, leading=20, alignment=1)
    title = ParagraphStyle("title", fontName=font, fontSize=20, leading=28, alignment=1)
    number = ParagraphStyle("number", fontName=font, fontSize=10.5, leading=16, alignment=2)
    story: list[Any] = [
        Paragraph(doc.office, office),
        Paragraph(doc.title, title),
        Paragraph(doc.number, number),
        Spacer(1, 4 * mm),
    ]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
        ]
    )
    if doc.rows:
        data = [
            [Paragraph(label, cell), Paragraph(escape(value), cell)] for label, value in doc.rows
        ]
        story += [Table(data, colWidths=[40 * mm, 130 * mm], style=grid), Spacer(1, 4 * mm)]
    story += [Paragraph(escape(text), body) for text in doc.paragraphs]
    if doc.closing:
        right = ParagraphStyle("closing", parent=body, alignment=2, firstLineIndent=0)
        story += [Spacer(1, 8 * mm), *(Paragraph(escape(t), right) for t in doc.closing)]
    if doc.signatures:
        boxes = [
            [
                Paragraph(label, cell),
                Paragraph("<br/><br/><br/>签名：　　　　　　　年　月　日", cell),
            ]
            for label in doc.signatures
        ]
        story += [Table(boxes, colWidths=[40 * mm, 130 * mm], style=grid)]
    out = io.BytesIO()
    SimpleDocTemplate(
        out, pagesize=A4, title=f"{doc.title} {doc.number}", leftMargin=20 * mm, rightMargin=20 * mm
    ).build(story)
    return out.getvalue()


def _get(request: HttpRequest, pk: int, kind: str) -> tuple[Case, Document]:
    case = selectors.case_get(user=request.user, pk=pk)  # 404 outside the reader's offices
    show_ids = selectors.can_see_identities(request.user, case)
    return case, document_for(case, kind, show_ids=show_ids)


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    case, doc = _get(request, pk, kind)
    return render(request, "cases/document.html", {"case": case, "doc": doc, "kind": kind})


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    case, doc = _get(request, pk, kind)
    response = HttpResponse(document_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.case_number}-{kind}.pdf"'
    return response
