"""The case page's sections for mediation, suspension and expert opinions, as an officer
uses them: the forms, a refusal naming the field with the input kept, the timeline."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_suspend_and_resume_on_the_page_move_the_due_date(client, officer, new_case, advance):
    case = advance(new_case(), "accept", "start_investigation")
    client.force_login(officer)
    page = client.get(reverse("case-detail", args=[case.pk]), **ZH).content.decode()
    assert "中止案件" in page and "征询专家意见" in page
    response = client.post(
        reverse("case-suspend", args=[case.pk]),
        {"suspend-ground": "", "suspend-on": "2024-03-11", "suspend-reason": "等待评价报告"},
        **ZH,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "中止事由" in html and "等待评价报告" in html  # the field named, the input kept
    response = client.post(
        reverse("case-suspend", args=[case.pk]),
        {"suspend-ground": "evaluation_report", "suspend-on": "2024-03-11",
         "suspend-reason": "等待专利权评价报告"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        reverse("case-resume", args=[case.pk]),
        {"resume-on": "2024-03-21", "resume-reason": "评价报告已出具"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_on == date(2024, 6, 17)
    page = client.get(reverse("case-detail", args=[case.pk]), **ZH).content.decode()
    assert "2024年6月17日" in page and "恢复" in page
    assert "等待专利权评价报告" in page


def test_an_opinion_requested_and_given_on_the_page(client, officer, new_case, advance):
    case = advance(new_case(), "accept", "start_investigation")
    client.force_login(officer)
    client.post(
        reverse("case-consultation", args=[case.pk]),
        {"consultation-kind": "expert_opinion", "consultation-experts": "王教授",
         "consultation-question": "是否等同？", "consultation-on": "2024-04-01"},
    )  # fmt: skip
    case.refresh_from_db()
    assert case.due_on is None
    client.post(
        reverse("case-opinion", args=[case.pk]),
        {"opinion-answer": "构成等同", "opinion-on": "2024-04-29"},
    )
    case.refresh_from_db()
    assert case.due_on == date(2024, 7, 3)
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "收到专家意见" in page and "构成等同" in page


def test_mediation_section_with_agreement_and_performance(client, officer, new_case, advance):
    case = advance(new_case(), "accept")
    client.force_login(officer)
    client.post(
        reverse("case-transition", args=[case.pk, "start_mediation"]),
        {"start_mediation-on": "2024-03-05", "start_mediation-handling_unit": case.office_id},
    )
    response = client.post(
        reverse("case-transition", args=[case.pk, "settle"]),
        {"settle-on": "2024-03-20", "settle-terms": ""},
        **ZH,
    )
    assert response.status_code == 400 and "协议内容" in response.content.decode()
    client.post(
        reverse("case-transition", args=[case.pk, "settle"]),
        {"settle-on": "2024-03-20", "settle-terms": "停止销售，赔偿 2 万元"},
    )
    client.post(
        reverse("case-mediation-performance", args=[case.pk]),
        {"performance-performance": "partly", "performance-on": "2024-04-20"},
    )
    page = client.get(reverse("case-detail", args=[case.pk]), **ZH).content.decode()
    assert "停止销售，赔偿 2 万元" in page and "部分履行" in page


def test_another_office_sees_no_section_and_cannot_suspend(client, make_user, new_case, advance):
    case = advance(new_case(), "accept", "start_investigation")
    client.force_login(make_user("440100", Role.ENFORCEMENT_OFFICER, username="gz"))
    response = client.post(
        reverse("case-suspend", args=[case.pk]),
        {"suspend-ground": "court", "suspend-on": "2024-03-11", "suspend-reason": "x"},
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.suspended_on is None
