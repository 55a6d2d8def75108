"""The administrators' outbox page: their subtree only, people's addresses masked, the
failure in their language, send again and cancel with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from ipoffice.accounts.roles import Role
from ipoffice.offices.models import Office
from ipoffice.outbox.delivery import outbox_deliver_due
from ipoffice.outbox.enums import Channel, MessageStatus
from ipoffice.outbox.models import OutboxMessage
from ipoffice.outbox.services import message_enqueue

pytestmark = pytest.mark.django_db


def _client(user: Any, language: str = "zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def dead(outbox_receivers: Any) -> OutboxMessage:
    message = message_enqueue(
        channel=Channel.WEBHOOK,
        recipient="ftp://market.example.cn/hook",
        subject="移送通知",
        body="x",
        idempotency_key="page-dead",
        office=Office.objects.get(code="320100"),
        personal=False,
    )
    outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.DEAD
    return message


def test_the_page_masks_people_and_names_the_failure_in_chinese(
    dead: OutboxMessage, make_user: Any
) -> None:
    message_enqueue(
        channel=Channel.SMS,
        recipient="13912345678",
        body="您的投诉已受理",
        idempotency_key="page-sms",
        office=Office.objects.get(code="320100"),
    )
    html = _client(make_user("320000", Role.ADMINISTRATOR)).get("/outbox/").content.decode()
    assert "13912345678" not in html and "139****5678" in html
    assert "回调地址不是 http:// 或 https:// 地址。" in html
    assert "bad_url" not in html
    assert "1 条消息在最后一次尝试后仍无法送达。" in html


def test_others_do_not_see_it_and_an_officer_cannot_act(
    dead: OutboxMessage, make_user: Any
) -> None:
    beside = _client(make_user("320500", Role.ADMINISTRATOR)).get("/outbox/")
    assert "移送通知" not in beside.content.decode()
    officer = _client(make_user("320100", Role.ENFORCEMENT_OFFICER))
    assert officer.get("/outbox/").status_code == 403
    refused = officer.post(f"/outbox/{dead.pk}/act/", {"action": "requeue", "reason": "x"})
    assert refused.status_code == 403
    dead.refresh_from_db()
    assert dead.status == MessageStatus.DEAD


def test_send_again_needs_a_reason_and_then_delivers(
    dead: OutboxMessage, make_user: Any, outbox_receivers: Any, http_receiver: Any
) -> None:
    client = _client(make_user("320100", Role.ADMINISTRATOR), "en")
    with translation.override("en"):
        shown = client.post(
            f"/outbox/{dead.pk}/act/", {"action": "requeue", "reason": " "}, follow=True
        )
    assert "Give the reason for this action." in shown.content.decode()
    OutboxMessage.objects.filter(pk=dead.pk).update(recipient=f"{http_receiver.url}/hook")
    client.post(f"/outbox/{dead.pk}/act/", {"action": "requeue", "reason": "address fixed"})
    outbox_deliver_due()
    dead.refresh_from_db()
    assert dead.status == MessageStatus.DELIVERED
    assert [i.key for i in http_receiver.inbox.items] == ["page-dead"]
