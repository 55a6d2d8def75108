"""Personal data go when no longer needed: complainants' and individual parties' contact
data are anonymised the retention period after their record finished, never while a
record they depend on is open; a ledger says what went when under which rule; the
history says it happened without the data; one person's data can be exported."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from ipoffice.cases.models import CaseEvent, Party
from ipoffice.cases.services import case_transition
from ipoffice.cases.tests.conftest import PERSON, head, new_case, officer  # noqa: F401
from ipoffice.complaints import services as complaints
from ipoffice.complaints.models import Complainant, ComplaintEvent
from ipoffice.complaints.tests.conftest import agent, centers, submit  # noqa: F401
from ipoffice.privacy.models import Anonymisation
from ipoffice.privacy.services import personal_data_anonymise

pytestmark = pytest.mark.django_db
MARCH_1 = date(2024, 3, 1)
RETENTION = 1095


def anonymise(today: date) -> str:
    out = StringIO()
    call_command("personal-data", "anonymise", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def test_a_complainant_is_anonymised_the_retention_period_after_closing(submit, agent, client):  # noqa: F811
    complaint, _code = submit(received_on=MARCH_1)
    complaints.complaint_transition(
        actor=agent, complaint=complaint, name="reject", note="不属于受理范围", on=date(2024, 3, 4)
    )
    closed = date(2024, 3, 4)
    assert "0 records anonymised" in anonymise(closed + timedelta(days=RETENTION - 1))
    assert Complainant.objects.get(complaint=complaint).phone == "13912345678"

    out = anonymise(closed + timedelta(days=RETENTION))
    assert f"{complaint.tracking_number}: complainant-retention" in out
    person = Complainant.objects.get(complaint=complaint)
    assert (person.name, person.phone, person.email, person.address) == ("", "", "", "")
    entry = Anonymisation.objects.get()
    assert (entry.record, entry.rule, entry.retention_days, entry.since) == (
        complaint.tracking_number,
        "complainant-retention",
        RETENTION,
        closed,
    )
    assert entry.fields == ["complainant.email", "complainant.name", "complainant.phone"]
    last = ComplaintEvent.objects.filter(complaint=complaint).order_by("-id").first()
    assert last.action == "anonymise" and last.changes == {} and not last.public
    assert "0 records anonymised" in anonymise(closed + timedelta(days=RETENTION + 5))
    client.force_login(agent)
    page = client.get(f"/complaints/{complaint.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "个人信息已匿名化" in page and "13912345678" not in page and "王小明" not in page


@override_settings(IPOFFICE_PERSONAL_DATA_RETENTION_DAYS=30)
def test_the_retention_period_is_a_setting(submit, agent):  # noqa: F811
    complaint, _code = submit(received_on=MARCH_1)
    complaints.complaint_transition(
        actor=agent, complaint=complaint, name="reject", note="x", on=date(2024, 3, 4)
    )
    assert len(personal_data_anonymise(today=date(2024, 4, 3))) == 1


def test_data_are_kept_while_the_case_or_the_complaint_behind_it_is_open(submit, agent, officer):  # noqa: F811
    complaint, _code = submit(received_on=MARCH_1)
    case = complaints.complaint_convert_to_case(
        actor=officer, complaint=complaint, overrides={"requester_kind": "individual"}
    )
    later = date.today() + timedelta(days=RETENTION + 1)
    assert anonymise(later).endswith("0 records anonymised\n")  # the case is open
    case_transition(actor=officer, case=case, name="refuse", reason="不属于受案范围",
                    on=case.filed_on)  # fmt: skip
    # The case is finished, but the complaint awaiting its result is not: both kept.
    assert anonymise(later).endswith("0 records anonymised\n")
    assert Party.objects.get(case=case, role="requester").name == "王小明"
    complaint.refresh_from_db()
    complaints.complaint_transition(actor=agent, complaint=complaint, name="notify", note="已告知")
    out = anonymise(later)
    assert "2 records anonymised" in out
    assert Party.objects.get(case=case, role="requester").name == ""
    assert CaseEvent.objects.filter(case=case, action="anonymise").exists()


def test_an_individual_party_goes_and_an_organisation_stays(new_case, officer):  # noqa: F811
    case = new_case()  # requester a company, respondent 张三 with a resident ID
    case_transition(actor=officer, case=case, name="refuse", reason="x", on=case.filed_on)
    anonymise(date.today() + timedelta(days=RETENTION))
    parties = {p.role: p for p in Party.objects.filter(case=case)}
    assert parties["requester"].name == "南京某科技有限公司"
    assert (parties["respondent"].name, parties["respondent"].id_number) == ("", "")
    assert Anonymisation.objects.get().fields == ["party.id_number", "party.name"]


def test_anonymising_keeps_the_counts_and_the_history_chains(submit, agent, new_case, officer):  # noqa: F811
    complaint, _code = submit(received_on=MARCH_1)
    complaints.complaint_transition(
        actor=agent, complaint=complaint, name="reject", note="x", on=date(2024, 3, 4)
    )
    case = new_case()
    case_transition(actor=officer, case=case, name="refuse", reason="x", on=case.filed_on)
    assert "2 records anonymised" in anonymise(date.today() + timedelta(days=RETENTION))
    call_command("rollup", "verify", stdout=StringIO())
    call_command("history", "verify", stdout=StringIO())
    history = json.dumps(
        [*ComplaintEvent.objects.values("changes", "reason"), *CaseEvent.objects.values("changes")],
        ensure_ascii=False,
    )
    assert "王小明" not in history and "13912345678" not in history and PERSON not in history


def test_one_persons_data_are_exported(submit, new_case, tmp_path):  # noqa: F811
    complaint, _code = submit(received_on=MARCH_1)
    submit(received_on=MARCH_1, name="李四", phone="13800000000", email="li@example.cn")
    new_case()
    out = tmp_path / "wang.json"
    call_command("personal-data", "export", "--person", "13912345678", "--output", str(out))
    found = json.loads(out.read_text(encoding="utf-8"))
    assert [c["tracking_number"] for c in found["complaints"]] == [complaint.tracking_number]
    assert found["complaints"][0]["name"] == "王小明" and found["cases"] == []

    text = StringIO()
    call_command("personal-data", "export", "--person", PERSON, stdout=text)
    by_id = json.loads(text.getvalue())
    assert [(p["role"], p["name"], p["id_number"]) for p in by_id["cases"]] == [
        ("respondent", "张三", PERSON)
    ]
    text = StringIO()
    call_command(
        "personal-data", "export", "--tracking-number", complaint.tracking_number, stdout=text
    )
    assert json.loads(text.getvalue())["complaints"][0]["email"] == "wang@example.cn"


def test_the_messages_sent_to_the_complainant_are_anonymised_with_them(
    submit,  # noqa: F811
    agent,  # noqa: F811
    outbox_deliver_now,
):
    from ipoffice.outbox.enums import Channel, MessageStatus
    from ipoffice.outbox.models import OutboxMessage
    from ipoffice.outbox.services import message_enqueue

    complaint, _code = submit(received_on=MARCH_1)
    sent = message_enqueue(
        channel=Channel.SMS,
        recipient="13912345678",
        body="王小明您好，您的投诉已受理。",
        idempotency_key="privacy-sms",
        about=complaint,
    )
    outbox_deliver_now()
    complaints.complaint_transition(
        actor=agent, complaint=complaint, name="reject", note="不属于受理范围", on=date(2024, 3, 4)
    )
    anonymise(date(2024, 3, 4) + timedelta(days=RETENTION))
    sent = OutboxMessage.objects.get(pk=sent.pk)
    assert sent.status == MessageStatus.DELIVERED  # still counted as sent
    assert (sent.recipient, sent.body) == ("", "")
    assert "message.recipient" in Anonymisation.objects.get().fields
