"""Transfers to outside authorities: the e-mail and webhook through the outbox, the
acknowledgement and answer by the signed link (no login) and by the inbound webhook."""

from __future__ import annotations

import json
import re
import time
from datetime import date
from typing import Any

import pytest
from django.core import signing
from django.urls import reverse

from ipoffice.coordination.enums import RequestStatus
from ipoffice.coordination.links import SALT, link_path, link_read, link_token
from ipoffice.coordination.models import CoordinationRequest
from ipoffice.coordination.services import request_create
from ipoffice.coordination.tests.conftest import SENT
from ipoffice.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def transfer(nanjing: Any, case: Any, customs: Any) -> CoordinationRequest:
    return request_create(
        actor=nanjing,
        case=case,
        kind="transfer",
        subject="涉嫌侵权货物出口",
        details="请海关对涉案台灯出口予以关注并采取保护措施。",
        authority=customs,
        on=SENT,
    )


def test_the_transfer_leaves_by_e_mail_and_webhook(transfer: CoordinationRequest) -> None:
    mail = OutboxMessage.objects.get(channel="email")
    assert mail.recipient == "ipr@customs.example.cn"
    assert "涉嫌侵权货物出口" in mail.subject
    link = re.search(r"http://\S+/coordination/authority/(\S+)/", mail.body)
    assert link is not None and link_read(link.group(1)).request_id == transfer.pk
    assert "2024年3月18日前签收" in mail.body  # in Chinese, dates too
    hook = OutboxMessage.objects.get(channel="webhook")
    assert hook.recipient == "http://127.0.0.1:9/customs/"
    assert link_read(hook.payload["token"]).request_id == transfer.pk
    assert hook.payload["acknowledge_due_on"] == "2024-03-18"
    assert [e.action for e in transfer.events.all()] == ["create", "message"]


def test_the_authority_acknowledges_then_answers_on_its_page(
    transfer: CoordinationRequest, client: Any
) -> None:
    url = link_path(transfer)
    page = client.get(url)
    assert page.status_code == 200 and "涉嫌侵权货物出口" in page.content.decode()
    refused = client.post(url, {"action": "acknowledge", "acknowledge-name": ""})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    client.post(url, {"action": "acknowledge", "acknowledge-name": "李科长（知识产权处）"})
    transfer.refresh_from_db()
    assert transfer.status == RequestStatus.ACKNOWLEDGED
    assert transfer.acknowledged_by_name == "李科长（知识产权处）"
    entry = transfer.events.get(action="acknowledge")
    assert (
        entry.actor is None and entry.changes["acknowledged_by_name"][1] == "李科长（知识产权处）"
    )
    client.post(url, {"action": "answer", "answer-name": "李科长", "answer-answer": "已布控。"})
    transfer.refresh_from_db()
    assert transfer.status == RequestStatus.ANSWERED and transfer.answer == "已布控。"
    assert "Nothing more is needed from you" in client.get(url).content.decode()


def test_a_changed_link_is_refused_with_a_clear_message(
    transfer: CoordinationRequest, client: Any
) -> None:
    token = link_token(transfer)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (tampered, token[:-10], "not-a-token"):
        response = client.get(reverse("coordination-authority", args=[bad]))
        assert response.status_code == 403
        assert "This link is not valid: it was changed or cut short." in response.content.decode()
        client.post(
            reverse("coordination-authority", args=[bad]),
            {"action": "acknowledge", "acknowledge-name": "x"},
        )
    transfer.refresh_from_db()
    assert transfer.status == RequestStatus.SENT


def test_an_expired_link_says_so(transfer: CoordinationRequest, client: Any) -> None:
    class Signed90DaysAgo(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - 90 * 86400)

    old = Signed90DaysAgo(salt=SALT).sign_object(
        {"r": transfer.pk, "a": transfer.authority_id}, compress=True
    )
    response = client.get(reverse("coordination-authority", args=[old]))
    assert response.status_code == 403
    assert "This link has expired." in response.content.decode()


def test_a_link_for_one_request_opens_no_other(
    transfer: CoordinationRequest, nanjing: Any, case: Any, customs: Any, client: Any
) -> None:
    other = request_create(
        actor=nanjing,
        case=case,
        kind="transfer",
        subject="第二件",
        details="d",
        authority=customs,
        on=SENT,
    )
    forged = signing.dumps(
        {"r": other.pk, "a": transfer.authority_id + 1}, salt=SALT, compress=True
    )
    assert client.get(reverse("coordination-authority", args=[forged])).status_code == 403


def test_the_webhook_acknowledgement(transfer: CoordinationRequest, client: Any) -> None:
    url = reverse("api-coordination-acknowledge")
    body = {"token": link_token(transfer), "action": "acknowledge", "name": "海关系统"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "acknowledged"
    bad = client.post(
        url, json.dumps({**body, "token": body["token"] + "x"}), content_type="application/json"
    )
    assert bad.status_code == 403
    assert "not valid" in bad.json()["detail"]


def test_an_office_request_has_no_authority_link(assistance: Any, client: Any) -> None:
    """A request to an office is acknowledged in the system only: no token opens it."""
    request = assistance()
    forged = signing.dumps({"r": request.pk, "a": 0}, salt=SALT, compress=True)
    assert client.get(reverse("coordination-authority", args=[forged])).status_code == 403
    assert request.acknowledge_due_on == date(2024, 3, 18)


def test_delivered_to_the_authority_which_acknowledges_by_its_webhook(
    nanjing: Any, case: Any, outbox_receivers: Any, client: Any
) -> None:
    """The whole way: the outbox delivers the e-mail and the webhook to the local SMTP and
    HTTP receivers; the authority's system posts the token it got back."""
    from ipoffice.coordination.models import Authority
    from ipoffice.offices.models import Office

    police = Authority.objects.create(
        office=Office.objects.get(code="320100"),
        name="南京市公安局",
        kind="public_security",
        email="jz@police.example.cn",
        webhook_url=f"{outbox_receivers.http.url}/police",
    )
    transfer = request_create(
        actor=nanjing, case=case, kind="transfer", subject="涉嫌犯罪线索", details="请核查。",
        authority=police, on=SENT,
    )  # fmt: skip
    outbox_receivers.deliver()
    mail = outbox_receivers.smtp.inbox.to("jz@police.example.cn")
    assert (
        len(mail) == 1
        and "涉嫌犯罪线索" in mail[0].subject
        and "/coordination/authority/" in mail[0].text
    )
    hook = [i for i in outbox_receivers.http.inbox.items if i.to.startswith("/police")]
    assert len(hook) == 1
    token = hook[0].data["data"]["token"]
    response = client.post(
        reverse("api-coordination-acknowledge"),
        json.dumps({"token": token, "action": "acknowledge", "name": "值班民警"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    transfer.refresh_from_db()
    assert (
        transfer.status == RequestStatus.ACKNOWLEDGED
        and transfer.acknowledged_by_name == "值班民警"
    )
