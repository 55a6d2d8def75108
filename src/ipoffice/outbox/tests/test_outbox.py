"""The outbox: written with the change, delivered to real receivers, retried through an
outage, given up and requeued, never twice for one key."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from ipoffice.accounts.roles import Role
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.offices.models import Office
from ipoffice.outbox import templates
from ipoffice.outbox.channels import signature
from ipoffice.outbox.delivery import outbox_deliver_due
from ipoffice.outbox.enums import Channel, MessageStatus
from ipoffice.outbox.models import MessageTemplate, OutboxEvent, OutboxMessage
from ipoffice.outbox.services import (
    message_cancel,
    message_enqueue,
    message_requeue,
    message_send,
    template_update,
)

pytestmark = pytest.mark.django_db

SPEC = templates.TemplateSpec(
    key="test.receipt",
    channel=Channel.EMAIL,
    subject="Complaint {tracking_number} received",
    body="We received complaint {tracking_number} on {date}.",
    placeholders=("tracking_number", "date"),
    description="test",
)
templates.register(SPEC)


def _mail(key: str = "k1", **kwargs: Any) -> OutboxMessage:
    return message_enqueue(
        channel=kwargs.pop("channel", Channel.EMAIL),
        recipient=kwargs.pop("recipient", "zhang@example.cn"),
        subject="受理回执",
        body="您的投诉已受理。",
        idempotency_key=key,
        **kwargs,
    )


def test_a_message_commits_or_rolls_back_with_the_change() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _mail("rolled-back")
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.filter(idempotency_key="rolled-back").exists()
    _mail("kept")
    assert OutboxMessage.objects.get(idempotency_key="kept").status == MessageStatus.PENDING


def test_the_same_key_twice_is_one_message(outbox_receivers: Any) -> None:
    first, second = _mail("same"), _mail("same")
    assert first.pk == second.pk
    outbox_deliver_due()
    outbox_deliver_due()
    got = outbox_receivers.smtp.inbox.to("zhang@example.cn")
    assert len(got) == 1
    assert got[0].subject == "受理回执" and "已受理" in got[0].text


def test_sms_and_webhook_go_to_the_http_receivers_signed(outbox_receivers: Any) -> None:
    _mail("sms-1", channel=Channel.SMS, recipient="13800000000")
    message_enqueue(
        channel=Channel.WEBHOOK,
        recipient=f"{outbox_receivers.http.url}/hook",
        body="transfer",
        idempotency_key="hook-1",
        payload={"case": "苏知执字〔2026〕1号"},
    )
    assert str(outbox_deliver_due()) == "2 delivered, 0 to retry, 0 undeliverable"
    by_key = {item.key: item for item in outbox_receivers.http.inbox.items}
    assert by_key["sms-1"].to == "/sms|13800000000"
    assert by_key["sms-1"].text == "您的投诉已受理。"
    assert by_key["hook-1"].data["data"] == {"case": "苏知执字〔2026〕1号"}
    assert by_key["hook-1"].data["signature"].startswith("sha256=")
    assert signature(b"x") != signature(b"y")


def test_an_outage_is_retried_with_backoff_and_delivered_once(
    outbox_receivers: Any, settings: Any
) -> None:
    settings.IPOFFICE_OUTBOX_RETRY_SECONDS = 60
    outbox_receivers.smtp.stop()
    try:
        message = _mail("outage")
        assert str(outbox_deliver_due()) == "0 delivered, 1 to retry, 0 undeliverable"
        message.refresh_from_db()
        assert message.status == MessageStatus.PENDING and message.attempts == 1
        assert message.last_error == "mail_server:ConnectionRefusedError"
        wait = message.next_attempt_at - timezone.now()
        assert 55 < wait.total_seconds() <= 60
        # Not due yet: a sweep leaves it alone.
        assert str(outbox_deliver_due()) == "0 delivered, 0 to retry, 0 undeliverable"
    finally:
        outbox_receivers.smtp.start()
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED and message.attempts == 2
    assert len(outbox_receivers.smtp.inbox.to("zhang@example.cn")) == 1
    actions = list(OutboxEvent.objects.filter(message=message).values_list("action", flat=True))
    assert actions == ["retry", "deliver"]


def test_the_backoff_doubles_up_to_its_cap(settings: Any) -> None:
    from ipoffice.outbox.delivery import retry_delay

    settings.IPOFFICE_OUTBOX_RETRY_SECONDS = 30
    settings.IPOFFICE_OUTBOX_RETRY_MAX_SECONDS = 3600
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [
        30,
        60,
        120,
        3600,
        3600,
    ]


def test_after_the_last_attempt_a_message_is_dead_until_an_administrator_requeues_it(
    outbox_receivers: Any, settings: Any, make_user: Any
) -> None:
    settings.IPOFFICE_OUTBOX_MAX_ATTEMPTS = 2
    jiangsu = Office.objects.get(code="320000")
    outbox_receivers.smtp.stop()
    try:
        message = _mail("dead", office=jiangsu)
        outbox_deliver_due()
        outbox_deliver_due()
    finally:
        outbox_receivers.smtp.start()
    message.refresh_from_db()
    assert message.status == MessageStatus.DEAD and message.attempts == 2
    assert outbox_deliver_due().delivered == 0  # dead: no worker touches it

    officer = make_user("320000", Role.ENFORCEMENT_OFFICER)
    with pytest.raises(PermissionDeniedError):
        message_requeue(message=message, actor=officer, reason="server back")
    beside = make_user("330000", Role.ADMINISTRATOR)
    with pytest.raises(PermissionDeniedError):
        message_requeue(message=message, actor=beside, reason="server back")
    admin = make_user("320000", Role.ADMINISTRATOR)
    with pytest.raises(ApplicationError):
        message_requeue(message=message, actor=admin, reason="")
    message_requeue(message=message, actor=admin, reason="mail server back")
    outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert len(outbox_receivers.smtp.inbox.to("zhang@example.cn")) == 1
    requeue = OutboxEvent.objects.get(message=message, action="requeue")
    assert requeue.actor == admin and requeue.reason == "mail server back"


def test_a_refused_address_is_given_up_at_once(outbox_receivers: Any, settings: Any) -> None:
    settings.IPOFFICE_SMS_GATEWAY_URL = "ftp://nowhere"  # not http: refused, not retried
    message = message_enqueue(
        channel=Channel.WEBHOOK, recipient="mailto:x", body="x", idempotency_key="bad-url"
    )
    outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.DEAD and message.attempts == 1


def test_a_cancelled_message_is_never_sent(outbox_receivers: Any, make_user: Any) -> None:
    message = _mail("cancel-me", office=Office.objects.get(code="320000"))
    message_cancel(
        message=message, actor=make_user("320000", Role.ADMINISTRATOR), reason="wrong address"
    )
    outbox_deliver_due()
    assert outbox_receivers.smtp.inbox.items == []


def test_templates_render_in_the_language_and_edits_keep_to_the_placeholders(
    outbox_receivers: Any, make_user: Any
) -> None:
    message = message_send(
        template="test.receipt",
        channel=Channel.EMAIL,
        recipient="li@example.cn",
        language="en",
        context={"tracking_number": "12330-2026-000001", "date": "1 Dec 2026"},
        idempotency_key="tpl-1",
    )
    assert message.subject == "Complaint 12330-2026-000001 received"
    assert message.body == "We received complaint 12330-2026-000001 on 1 Dec 2026."
    row = MessageTemplate.objects.get(key="test.receipt", language="zh-hans")
    admin = make_user("100000", Role.ADMINISTRATOR)
    with pytest.raises(ApplicationError) as refused:
        template_update(row=row, actor=admin, subject="{tracking_number}", body="{phone} 你好")
    assert refused.value.field == "body" and "{phone}" in str(refused.value)
    template_update(row=row, actor=admin, subject="投诉{tracking_number}", body="已于{date}受理")
    zh = message_send(
        template="test.receipt",
        channel=Channel.EMAIL,
        recipient="li@example.cn",
        language="zh-hans",
        context={"tracking_number": "12330-2026-000002", "date": "2026年12月1日"},
        idempotency_key="tpl-2",
    )
    assert (zh.subject, zh.body) == ("投诉12330-2026-000002", "已于2026年12月1日受理")


def test_placeholders_cannot_reach_attributes() -> None:
    assert templates.render("{a.__class__} {b[0]} {c}", {"c": "x"}) == "  x"
    assert templates.placeholders_unknown("{a.__class__}", ["a"]) == ["a.__class__"]


def test_administrators_see_their_subtree_and_the_nation_sees_alerts(make_user: Any) -> None:
    jiangsu, zhejiang = (Office.objects.get(code=c) for c in ("320000", "330000"))
    _mail("js", office=jiangsu)
    _mail("zj", office=zhejiang)
    _mail("alert", office=None)
    seen = {
        code: set(
            OutboxMessage.objects.visible_to(make_user(code, Role.ADMINISTRATOR)).values_list(
                "idempotency_key", flat=True
            )
        )
        for code in ("100000", "320000", "320100")
    }
    assert seen["100000"] == {"js", "zj", "alert"}
    assert seen["320000"] == {"js"}
    assert seen["320100"] == set()


def test_a_worker_that_lost_its_claim_neither_sends_nor_records(outbox_receivers: Any) -> None:
    """A batch that outlasted its lease: another worker claimed the message meanwhile."""
    from ipoffice.outbox.delivery import Tally, message_attempt, messages_claim

    _mail("slow-batch")
    (mine,) = messages_claim()
    OutboxMessage.objects.filter(pk=mine.pk).update(claimed_by="another-worker")
    tally = Tally()
    message_attempt(mine, tally)
    assert str(tally) == "0 delivered, 0 to retry, 0 undeliverable"
    assert outbox_receivers.smtp.inbox.items == []
    assert OutboxMessage.objects.get(pk=mine.pk).status == MessageStatus.PENDING


def test_a_final_refusal_by_the_mail_server_is_not_retried(outbox_receivers: Any) -> None:
    message = message_enqueue(
        channel=Channel.EMAIL,
        recipient="li@example.cn",
        subject="REFUSE-CONTENT",
        body="x",
        idempotency_key="smtp-554",
    )
    outbox_deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.DEAD, 1)
    assert message.last_error == "mail_server:SMTP 554"
