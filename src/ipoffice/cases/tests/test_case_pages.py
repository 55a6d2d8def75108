"""The case page as an officer and an office head use it: each action's own form, refusals
that keep what was typed, extension requests, corrections, the timeline in the reader's
words and the printable documents."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ipoffice.accounts.roles import Role
from ipoffice.cases import selectors
from ipoffice.cases.models import CaseEvent, ExtensionRequest
from ipoffice.cases.rules import maximum_fine
from ipoffice.cases.services import (
    attachment_add,
    case_correct,
    extension_decide,
    extension_request,
)
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.offices.models import Office

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.label_for: list[str] = []
        self.panels: dict[str, bool] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids[found["id"] or ""] += 1
        if tag == "label" and found.get("for"):
            self.label_for.append(found["for"] or "")
        if tag == "details":
            self.panels[found.get("id") or ""] = "open" in found


def _parsed(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def _fields(html: str, panel: str) -> list[str]:
    """The input names of one panel's form, in page order."""
    part = html.split(f'id="panel-{panel}"', 1)[1].split("</details>", 1)[0]
    names = re.findall(r'name="([^"]+)"', part)
    return [n.split("-", 1)[1] for n in names if n != "csrfmiddlewaretoken"]


def _page(client: Any, case: Any, **extra: Any) -> str:
    response = client.get(reverse("case-detail", args=[case.pk]), **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_each_action_has_exactly_its_fields(client, officer, head, new_case, advance):
    case = new_case()
    client.force_login(officer)
    html = _page(client, case)
    assert _fields(html, "accept") == ["on"]
    assert _fields(html, "refuse") == ["on", "reason"]
    assert _fields(html, "transfer") == ["on", "destination_office", "authority", "reason"]
    advance(case, "accept")
    client.force_login(head)
    assert _fields(_page(client, case), "decide") == ["on", "outcome", "reason"]
    penalty = advance(new_case("passing_off"), "accept")
    html = _page(client, penalty)
    assert _fields(html, "decide") == ["on", "outcome", "fine_amount", "illegal_gains", "reason"]
    cap = maximum_fine(day=timezone.localdate(), illegal_gains=None)
    assert f"{cap:,.2f}" in html  # the legal maximum beside the fine


def test_the_transfer_picker_offers_offices_by_name_that_may_take_the_case(
    client, officer, new_case
):
    case = new_case()
    client.force_login(officer)
    html = _page(client, case, **ZH)
    picker = html.split('name="transfer-destination_office"', 1)[1].split("</select>", 1)[0]
    assert "苏州市知识产权局" in picker and "南京市知识产权局" not in picker  # not its own
    assert "320500-C" not in picker  # no assistance centers
    url = reverse("case-transition", args=[case.pk, "transfer"])
    center = Office.objects.get(code="100000")  # the national office takes no case
    refused = client.post(url, {"transfer-on": "2024-03-05", "transfer-reason": "管辖",
                                "transfer-destination_office": center.pk})  # fmt: skip
    assert refused.status_code == 400
    suzhou = Office.objects.get(code="320500")
    client.post(url, {"transfer-on": "2024-03-05", "transfer-reason": "不属本局管辖",
                      "transfer-destination_office": suzhou.pk})  # fmt: skip
    case.refresh_from_db()
    assert (case.status, case.outcome, case.transferred_to) == ("concluded", "transferred", suzhou)
    html = _page(client, case, **ZH)
    assert "移交单位" in html and "苏州市知识产权局" in html.split("办案记录", 1)[1]


def test_a_refused_action_keeps_the_panel_open_the_input_and_names_the_field(
    client, officer, new_case
):
    case = new_case()
    client.force_login(officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("case-transition", args=[case.pk, "refuse"]),
        {"refuse-on": tomorrow.isoformat(), "refuse-reason": "材料不全，无法受理"},
        **ZH,
    )
    assert response.status_code == 400
    html = response.content.decode()
    page = _parsed(html)
    assert page.panels["panel-refuse"] and not page.panels["panel-accept"]
    assert "材料不全，无法受理" in html and f'value="{tomorrow.isoformat()}"' in html
    assert "日期: 日期不能晚于今天" in html or "日期：" in html or "日期: " in html
    case.refresh_from_db()
    assert case.status == "received"


def test_a_step_dated_in_the_future_is_refused_on_the_page(client, officer, new_case, advance):
    case = advance(new_case(), "accept")
    client.force_login(officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("case-step", args=[case.pk]),
        {"step-step": "oral_hearing", "step-on": tomorrow.isoformat(), "step-note": "第一次"},
    )
    assert response.status_code == 400 and "第一次" in response.content.decode()
    assert not CaseEvent.objects.filter(case=case, action="oral_hearing").exists()


def test_every_label_names_exactly_one_element(client, officer, head, new_case, advance):
    case = advance(new_case(), "accept")
    extension_request(actor=officer, case=case, days=10, reason="需要鉴定")
    for user in (officer, head):
        client.force_login(user)
        page = _parsed(_page(client, case))
        assert [i for i, n in page.ids.items() if n > 1] == []
        assert page.label_for and all(page.ids[f] == 1 for f in page.label_for)


def test_the_timeline_is_in_date_order(officer, new_case, advance):
    case = new_case(filed_on=date(2024, 3, 1))
    attachment_add(actor=officer, case=case, kind="evidence",
                   upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))  # fmt: skip
    advance(case, ("accept", {"on": date(2024, 3, 5)}))  # recorded later, dated earlier
    from ipoffice.cases.views import case_timeline

    shown = [e.event.action for e in case_timeline(selectors.case_history(user=officer, case=case))]
    assert shown == ["create", "accept", "attach"]


# -- extension requests ------------------------------------------------------------------


def test_officer_requests_and_head_approves_the_days_asked(officer, head, new_case, advance):
    case = advance(new_case(), ("accept", {"on": date(2024, 3, 5)}))
    due = case.due_on
    with pytest.raises(ApplicationError) as too_long:
        extension_request(actor=officer, case=case, days=40, reason="鉴定")
    assert too_long.value.field == "days"
    request = extension_request(actor=officer, case=case, days=20, reason="需要技术鉴定")
    assert list(selectors.extension_requests_pending(user=head)) == [request]
    assert list(selectors.extension_requests_pending(user=officer)) == []
    with pytest.raises(PermissionDeniedError):
        extension_decide(actor=officer, request=request, name="approve", reason="同意")
    extension_decide(actor=head, request=request, name="approve", reason="同意延长")
    case.refresh_from_db()
    assert case.extension_approved and case.due_on >= due + timedelta(days=20)
    assert case.due_on <= due + timedelta(days=23)  # 20 days, rolled to a working day
    assert list(selectors.extension_requests_pending(user=head)) == []
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", "reason"))
    assert ("request_extension", "需要技术鉴定") in actions
    assert ("approve_extension", "同意延长") in actions


def test_head_refuses_with_a_reason_and_other_offices_see_no_request(
    officer, head, make_user, new_case, advance
):
    case = advance(new_case(), "accept")
    request = extension_request(actor=officer, case=case, days=5, reason="需要鉴定")
    suzhou_head = make_user("320500", Role.OFFICE_HEAD)
    assert list(selectors.extension_requests_pending(user=suzhou_head)) == []
    with pytest.raises(ApplicationError) as no_reason:
        extension_decide(actor=head, request=request, name="refuse", reason=" ")
    assert no_reason.value.field == "reason"
    extension_decide(actor=head, request=request, name="refuse", reason="理由不充分")
    request.refresh_from_db()
    case.refresh_from_db()
    assert (request.status, request.decision_reason, request.decided_by) == (
        "refused",
        "理由不充分",
        head,
    )
    assert not case.extension_approved
    assert CaseEvent.objects.filter(case=case, action="refuse_extension").exists()
    again = extension_request(actor=officer, case=case, days=5, reason="补充材料后再申请")
    assert again.status == "pending" and ExtensionRequest.objects.count() == 2


def test_the_extension_through_the_pages(client, officer, head, new_case, advance):
    case = advance(new_case(), "accept")
    client.force_login(officer)
    html = _page(client, case, **ZH)
    assert 'id="panel-extension"' in html and "批准延长" not in html
    client.post(reverse("case-extension", args=[case.pk]),
                {"extension-days": "15", "extension-reason": "需要技术鉴定"})  # fmt: skip
    request = ExtensionRequest.objects.get()
    client.force_login(head)
    html = _page(client, case, **ZH)
    assert "需要技术鉴定" in html and f'id="panel-decision-{request.pk}"' in html
    url = reverse("case-extension-decide", args=[case.pk, request.pk, "approve"])
    refused = client.post(url, {f"decision-{request.pk}-reason": ""}, **ZH)
    assert (
        refused.status_code == 400
        and _parsed(refused.content.decode()).panels[f"panel-decision-{request.pk}"]
    )
    client.post(url, {f"decision-{request.pk}-reason": "同意",
                      f"decision-{request.pk}-on": timezone.localdate().isoformat()})  # fmt: skip
    case.refresh_from_db()
    assert case.extension_approved and case.extension_days == 15


# -- registration data, search and corrections -------------------------------------------


@pytest.mark.usefixtures("campaigns")
def test_the_page_shows_what_was_registered_and_search_finds_the_title(client, officer, new_case):
    case = new_case(title="某公司侵犯发明专利权纠纷", illegal_gains=Decimal("123456.50"),
                    campaign="护航", e_commerce=True)  # fmt: skip
    client.force_login(officer)
    html = _page(client, case, **ZH)
    for shown in ("某公司侵犯发明专利权纠纷", "123,456.50", "护航", "张三", "南京某科技有限公司",
                  "200310100002.X", "是"):  # fmt: skip
        assert shown in html, shown
    found = client.get(reverse("case-list"), {"q": "侵犯发明"})
    assert case.case_number in found.content.decode()


def test_a_correction_records_before_and_after_with_its_reason(client, officer, new_case):
    case = new_case()
    with pytest.raises(ApplicationError) as no_reason:
        case_correct(actor=officer, case=case, reason="", data={"respondent_name": "李四"})
    assert no_reason.value.field == "reason"
    case_correct(actor=officer, case=case, reason="当事人名称登记错误",
                 data={"respondent_name": "李四", "title": "更正后的案由",
                       "patent_numbers": ["200320100002.5"]})  # fmt: skip
    case.refresh_from_db()
    assert case.title == "更正后的案由"
    assert [p.name for p in case.parties.filter(role="respondent")] == ["李四"]
    assert [p.application_number for p in case.patents.all()] == ["200320100002.5"]
    event = CaseEvent.objects.get(case=case, action="correct")
    assert event.changes["respondent_name"] == ["张三", "李四"]
    assert event.reason == "当事人名称登记错误"
    client.force_login(officer)
    timeline = _page(client, case, **ZH).split("办案记录", 1)[1]
    assert "被请求人: 张三 → 李四" in timeline and "respondent_name" not in timeline


def test_the_correction_form_keeps_what_was_typed(client, officer, new_case):
    case = new_case()
    client.force_login(officer)
    response = client.post(reverse("case-correct", args=[case.pk]),
                           {"correct-respondent_name": "王五", "correct-respondent_id": "123",
                            "correct-respondent_kind": "individual", "correct-reason": "更正"},
                           **ZH)  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="王五"' in html and _parsed(html).panels["panel-correct"]


# -- the timeline in the reader's words ---------------------------------------------------


def test_the_timeline_speaks_chinese_without_codes_or_hashes(client, officer, head, new_case,
                                                              advance):  # fmt: skip
    case = advance(new_case(), ("accept", {"on": date(2024, 3, 5)}))
    attachment_add(actor=officer, case=case, kind="evidence",
                   upload=SimpleUploadedFile("证据.pdf", b"%PDF-1.4 x"))  # fmt: skip
    client.force_login(head)
    html = _page(client, case, **ZH)
    timeline = html.split("办案记录", 1)[1]
    assert "案件类型: — → 专利侵权纠纷" in timeline
    assert "2024年3月5日" in timeline
    for code in ("infringement_dispute", "case_type", "sha256", "None", "due_on", "accepted_on"):
        assert code not in timeline, code
    digest = case.attachments.get().sha256
    assert digest not in timeline and digest in html  # on the file's own line


# -- printable documents ------------------------------------------------------------------


def test_documents_are_filled_in_chinese_as_html_and_pdf(client, officer, head, make_user,
                                                         new_case, advance):  # fmt: skip
    case = advance(new_case(title="专利侵权纠纷案"), "accept")
    client.force_login(officer)
    html = client.get(reverse("case-document", args=[case.pk, "acceptance"])).content.decode()
    assert "立案审批表" in html and case.case_number in html and "张三" in html
    assert "专利侵权纠纷案" in html and "2024年3月5日" in html
    assert client.get(reverse("case-document", args=[case.pk, "decision"])).status_code == 404
    pdf = client.get(reverse("case-document-pdf", args=[case.pk, "service"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert b"FontFile2" in pdf.content  # the TrueType font travels with the file
    advance(case, ("decide", {"outcome": "infringement_found", "reason": "侵权成立"}))
    decision = client.get(reverse("case-document", args=[case.pk, "decision"])).content.decode()
    assert ("处理决定书" in decision and "侵权成立，责令停止侵权" in decision) or "侵权" in decision
    client.force_login(make_user("320500"))
    for kind in ("acceptance", "decision"):
        assert client.get(reverse("case-document", args=[case.pk, kind])).status_code == 404
        assert client.get(reverse("case-document-pdf", args=[case.pk, kind])).status_code == 404


def test_the_api_transfers_to_an_office_by_code_or_to_an_authority(officer, new_case,
                                                                   api_client):  # fmt: skip
    api = api_client(officer)
    first, second = new_case(), new_case()
    url = "/api/v1/cases/{}/transition/"
    missing = api.post(url.format(first.pk), {"transition": "transfer", "reason": "x"},
                       format="json")  # fmt: skip
    assert missing.status_code == 400 and missing.json()["field"] == "destination_office"
    to_suzhou = {"transition": "transfer", "reason": "管辖", "destination_office": "320500"}
    sent = api.post(url.format(first.pk), to_suzhou, format="json")
    assert sent.status_code == 200 and sent.json()["outcome"] == "transferred"
    to_police = {"transition": "transfer", "reason": "涉嫌犯罪", "authority": "public_security"}
    court = api.post(url.format(second.pk), to_police, format="json")
    assert court.status_code == 200
    second.refresh_from_db()
    assert second.transferred_authority == "public_security"


def test_the_timeline_shows_why_each_act_was_done(client, officer, new_case, advance):
    case = advance(new_case(), ("refuse", {"reason": "不符合受理条件"}))
    client.force_login(officer)
    html = _page(client, case, **ZH)
    timeline = html[html.index('<ol class="timeline">') :]
    assert "不符合受理条件" in timeline


def test_switching_language_on_a_refused_form_returns_to_the_case(client, officer, new_case):
    """The refused form's address only takes POST: the language switch goes back to the
    page the form was on, not to a 405."""
    case = new_case()
    client.force_login(officer)
    detail = f"http://testserver{reverse('case-detail', args=[case.pk])}"
    response = client.post(reverse("case-transition", args=[case.pk, "refuse"]),
                           {"refuse-reason": ""}, HTTP_REFERER=detail, **ZH)  # fmt: skip
    assert response.status_code == 400
    assert f'name="next" type="hidden" value="{detail}"' in response.content.decode()
    switched = client.post(reverse("set_language"), {"language": "en", "next": detail})
    assert switched.status_code == 302 and switched["Location"] == detail
