"""The reminder job (idempotent) and the figures counted from the requests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ipoffice.common.periods import period_parse
from ipoffice.common.statistics import figures_read, registered_forms
from ipoffice.coordination.services import request_transition, requests_remind
from ipoffice.offices.models import Office
from ipoffice.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_one_reminder_per_due_date(assistance: Any, shenzhen: Any) -> None:
    request = assistance()
    assert requests_remind(today=date(2024, 3, 18)) == 0  # due today: not yet overdue
    assert requests_remind(today=date(2024, 3, 19)) == 1
    sent = list(OutboxMessage.objects.values_list("recipient", "subject"))
    assert sent == [("sz@example.cn", f"提醒：{request.subject}")]
    assert requests_remind(today=date(2024, 3, 19)) == 0
    assert requests_remind(today=date(2024, 3, 25)) == 0  # the same due date: once
    assert OutboxMessage.objects.count() == 1
    request_transition(actor=shenzhen, request=request, name="acknowledge", on=date(2024, 3, 20))
    assert requests_remind(today=date(2024, 4, 8)) == 1  # now for the answer, due 4-3
    assert OutboxMessage.objects.count() == 2
    assert [e.action for e in request.events.all()] == ["create", "remind", "acknowledge", "remind"]


def test_answered_requests_are_not_reminded(assistance: Any, shenzhen: Any) -> None:
    request = assistance()
    request_transition(
        actor=shenzhen, request=request, name="answer", answer="好", on=date(2024, 3, 5)
    )
    assert requests_remind(today=date(2024, 5, 1)) == 0


def test_figures_for_sender_and_receiver(assistance: Any, shenzhen: Any, office: Any) -> None:
    answered = assistance("440300")
    assistance("440100", kind="referral", assistance="")
    assistance("320500")
    request_transition(
        actor=shenzhen, request=answered, name="answer", answer="好", on=date(2024, 3, 8)
    )
    forms = registered_forms()
    year = period_parse("2024")
    sent = figures_read(forms["coordination"], office("320000"), year)
    assert sent["requests_sent"] == 3
    assert sent["sent_assistance"] == 2 and sent["sent_referrals"] == 1
    assert sent["sent_answered_in_time"] == 1
    assert sent["cross_region_requests"] == 2
    assert sent["cross_region_cases"] == 1  # one case, however many requests
    received = figures_read(forms["coordination_received"], office("440000"), year)
    assert received["requests_received"] == 2
    assert received["received_answered_in_time"] == 1
    assert (
        figures_read(forms["coordination_received"], office("440300"), year)["requests_received"]
        == 1
    )
    assert figures_read(forms["coordination"], office("440000"), year)["requests_sent"] == 0
    assert (
        figures_read(forms["coordination"], office("320000"), period_parse("2023"))["requests_sent"]
        == 0
    )
    assert Office.objects.filter(code="100000").exists()
