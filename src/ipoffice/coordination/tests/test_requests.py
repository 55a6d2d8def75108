"""Sending requests, who sees them, the in-system acknowledgement and answer, the clock."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.common.errors import ApplicationError, InvalidInput, PermissionDeniedError
from ipoffice.coordination.enums import RequestStatus
from ipoffice.coordination.models import CoordinationRequest
from ipoffice.coordination.services import request_transition

pytestmark = pytest.mark.django_db


def test_a_request_is_dated_by_the_office_practice_limits(assistance: Any) -> None:
    request = assistance()
    assert request.status == RequestStatus.SENT
    # 10 working days to acknowledge, 30 days to answer (office practice, rules.py).
    assert request.acknowledge_due_on == date(2024, 3, 18)
    assert request.answer_due_on == date(2024, 4, 3)
    assert request.due_on == request.acknowledge_due_on
    assert [e.action for e in request.events.all()] == ["create"]


def test_the_request_names_what_is_wrong(nanjing: Any, case: Any, office: Any) -> None:
    from ipoffice.coordination.services import request_create

    with pytest.raises(InvalidInput) as refused:
        request_create(
            actor=nanjing,
            case=case,
            kind="assistance",
            subject="",
            details="x",
            receiving_office=office("320100"),
        )
    assert set(refused.value.errors) == {"assistance", "receiving_office", "subject"}
    assert "another provincial or municipal office" in refused.value.errors["receiving_office"][0]


def test_only_the_case_office_sends(shenzhen: Any, case: Any, office: Any) -> None:
    from ipoffice.coordination.services import request_create

    with pytest.raises(PermissionDeniedError):
        request_create(
            actor=shenzhen,
            case=case,
            kind="referral",
            subject="s",
            details="d",
            receiving_office=office("320500"),
        )


def test_sender_and_receiver_subtrees_see_it_and_no_one_else(
    assistance: Any, nanjing: Any, shenzhen: Any, hangzhou: Any, make_user: Any, client: Any
) -> None:
    request = assistance()
    guangdong_head = make_user("440000", Role.OFFICE_HEAD)
    suzhou = make_user("320500", Role.ENFORCEMENT_OFFICER)
    detail = reverse("coordination-request-detail", args=[request.pk])
    for user, status in (
        (nanjing, 200),
        (shenzhen, 200),
        (guangdong_head, 200),
        (hangzhou, 404),
        (suzhou, 404),
    ):
        client.force_login(user)
        assert client.get(detail).status_code == status, user.office.code
        listed = client.get(reverse("coordination-request-list")).content.decode()
        assert (request.subject in listed) is (status == 200)


def test_incoming_and_outgoing(assistance: Any, nanjing: Any, shenzhen: Any, client: Any) -> None:
    request = assistance()
    url = reverse("coordination-request-list")
    client.force_login(shenzhen)
    assert request.subject in client.get(url, {"direction": "incoming"}).content.decode()
    assert request.subject not in client.get(url, {"direction": "outgoing"}).content.decode()
    client.force_login(nanjing)
    assert request.subject in client.get(url, {"direction": "outgoing"}).content.decode()
    assert request.subject not in client.get(url, {"direction": "incoming"}).content.decode()
    assert client.get(url, {"direction": "sideways"}).status_code == 400


def test_the_receiver_acknowledges_and_answers_on_the_page(
    assistance: Any, shenzhen: Any, nanjing: Any, client: Any
) -> None:
    request = assistance()

    def act(name: str) -> str:
        return reverse("coordination-request-transition", args=[request.pk, name])

    client.force_login(nanjing)  # the requester cannot acknowledge its own request
    client.post(act("acknowledge"), {"acknowledge-on": "2024-03-06"})
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT
    client.force_login(shenzhen)
    page = client.get(reverse("coordination-request-detail", args=[request.pk])).content.decode()
    assert "Acknowledge" in page
    response = client.post(act("acknowledge"), {"acknowledge-on": "2024-03-06"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.acknowledged_on) == (
        RequestStatus.ACKNOWLEDGED,
        date(2024, 3, 6),
    )
    assert request.due_on == date(2024, 4, 3)  # now the answer is owed
    # An answer without text is refused, naming the field; the date typed stays.
    response = client.post(act("answer"), {"answer-on": "2024-03-20", "answer-answer": ""})
    assert response.status_code == 400
    assert "Answer: This field is required." in response.content.decode()
    assert 'value="2024-03-20"' in response.content.decode()
    client.post(act("answer"), {"answer-on": "2024-03-20", "answer-answer": "已取证，详见附件。"})
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.answered_in_time is True and request.due_on is None
    assert [e.action for e in request.events.all()] == ["create", "acknowledge", "answer"]


def test_refusing_needs_a_reason_and_withdrawing_is_the_requesters(
    assistance: Any, shenzhen: Any, nanjing: Any
) -> None:
    request = assistance()
    with pytest.raises(ApplicationError) as refused:
        request_transition(actor=shenzhen, request=request, name="refuse", on=date(2024, 3, 5))
    assert refused.value.field == "reason"
    with pytest.raises(PermissionDeniedError):
        request_transition(
            actor=shenzhen, request=request, name="withdraw", reason="x", on=date(2024, 3, 5)
        )
    done = request_transition(
        actor=nanjing, request=request, name="withdraw", reason="已自行取证", on=date(2024, 3, 5)
    )
    assert done.status == RequestStatus.WITHDRAWN and done.closed_on == date(2024, 3, 5)


def test_a_late_answer_is_not_in_time(assistance: Any, shenzhen: Any) -> None:
    request = assistance()
    done = request_transition(
        actor=shenzhen, request=request, name="answer", answer="迟复", on=date(2024, 4, 10)
    )
    assert done.answered_in_time is False
    assert done.acknowledged_on == date(2024, 4, 10)  # an answer acknowledges too


def test_cross_region_counts_a_case_once(assistance: Any) -> None:
    first = assistance("440300")
    second = assistance("440100")
    same_province = assistance("320500")
    assert (first.cross_region, first.first_cross_region) == (True, True)
    assert (second.cross_region, second.first_cross_region) == (True, False)
    assert (same_province.cross_region, same_province.first_cross_region) == (False, False)


def test_create_from_the_case_page(nanjing: Any, case: Any, client: Any) -> None:
    client.force_login(nanjing)
    case_page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    create = reverse("coordination-request-create")
    assert f"{create}?case={case.pk}" in case_page
    posted = {
        "case": case.pk,
        "kind": "assistance",
        "assistance": "service",
        "receiving_office": "440300",
        "subject": "协助送达",
        "details": "请向被请求人送达答辩通知书。",
    }
    response = client.post(create, {**posted, "assistance": ""})
    assert response.status_code == 400
    assert "Choose the assistance asked for." in response.content.decode()
    assert "请向被请求人送达答辩通知书。" in response.content.decode()  # what was typed stays
    response = client.post(create, posted)
    assert response.status_code == 302
    created = CoordinationRequest.objects.get()
    assert response["Location"] == reverse("coordination-request-detail", args=[created.pk])
    assert created.receiving_office.code == "440300"


def test_chinese_pages_show_no_codes(assistance: Any, shenzhen: Any, client: Any) -> None:
    request = assistance()
    client.force_login(shenzhen)
    page = client.get(
        reverse("coordination-request-detail", args=[request.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "协助请求" in page and "协助取证" in page
    for code in ("assistance", "evidence", "sent", "None"):
        assert f">{code}<" not in page


def test_the_api_is_scoped_and_acts(
    assistance: Any, nanjing: Any, shenzhen: Any, hangzhou: Any, api_client: Any, case: Any
) -> None:
    request = assistance()
    detail = f"/api/v1/coordination/{request.pk}/"
    assert api_client(hangzhou).get(detail).status_code == 404
    assert api_client(hangzhou).get("/api/v1/coordination/").json()["count"] == 0
    incoming = api_client(shenzhen).get("/api/v1/coordination/", {"direction": "incoming"}).json()
    assert [r["id"] for r in incoming["results"]] == [request.pk]
    assert incoming["results"][0]["receiving_office"] == "440300"
    # The receiving side sees the request, not the other office's case.
    assert incoming["results"][0]["case"] is None and incoming["results"][0]["case_number"] is None
    outgoing = api_client(nanjing).get(detail).json()
    assert outgoing["case_number"] == case.case_number
    refused = api_client(nanjing).post(
        f"{detail}transition/", {"transition": "acknowledge"}, format="json"
    )
    assert refused.status_code == 403
    done = api_client(shenzhen).post(
        f"{detail}transition/",
        {"transition": "answer", "answer": "已协助", "on": "2024-03-08"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["answered_in_time"] is True
    history = api_client(nanjing).get(f"{detail}history/").json()
    assert [e["action"] for e in history] == ["create", "answer"]
    assert [e["actor"] for e in history] == ["nj_officer", None]  # Shenzhen's by office only
    assert history[1]["actor_office"] == "440300"
    created = api_client(nanjing).post(
        "/api/v1/coordination/",
        {
            "case": case.pk,
            "kind": "referral",
            "receiving_office": "999999",
            "subject": "s",
            "details": "d",
        },
        format="json",
    )
    assert created.status_code == 400 and created.json()["field"] == "receiving_office"


def test_the_receivers_home_page_lists_it(
    assistance: Any, shenzhen: Any, nanjing: Any, client: Any
) -> None:
    request = assistance()
    client.force_login(shenzhen)
    home = client.get("/").content.decode()
    assert request.subject in home and "All requests received" in home
    client.force_login(nanjing)  # the sender waits; nothing for it to do
    assert request.subject not in client.get("/").content.decode()


def test_the_receiver_sees_the_senders_office_not_its_people(
    assistance: Any, shenzhen: Any, nanjing: Any, client: Any
) -> None:
    request = assistance()
    client.force_login(shenzhen)
    page = client.get(reverse("coordination-request-detail", args=[request.pk])).content.decode()
    assert nanjing.display_name() not in page and "Nanjing Intellectual Property Office" in page
    client.force_login(nanjing)
    page = client.get(reverse("coordination-request-detail", args=[request.pk])).content.decode()
    assert nanjing.display_name() in page
