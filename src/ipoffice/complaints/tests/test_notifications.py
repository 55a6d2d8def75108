"""Complainants are told by the channels they chose, in their language: receipt, transfer,
result and the satisfaction request; the one-click answer by a signed link; "not resolved"
reopens; telling the result meets the 5-working-day limit; the figures count the answers."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from ipoffice.common.periods import period_between
from ipoffice.common.workqueue import RETURNED, work_queue
from ipoffice.complaints import services
from ipoffice.complaints.enums import ComplaintStatus, Satisfaction
from ipoffice.complaints.models import Complaint, ComplaintEvent
from ipoffice.complaints.notifications import (
    SATISFACTION_SALT,
    SPECS,
    complaint_tell,
    satisfaction_token,
)
from ipoffice.complaints.statistics import COMPLAINTS
from ipoffice.offices.models import Office
from ipoffice.outbox.selectors import messages_about
from ipoffice.reporting import figures

pytestmark = pytest.mark.django_db
BOTH = {"notify_sms": True, "notify_email": True}


def _walk_to_the_result(complaint: Complaint, agent: Any) -> Complaint:
    """Reviewed, passed to Nanjing's IP office, accepted, result in, complainant told."""
    nanjing = Office.objects.get(code="320100")
    for name, kw in [("review", {}),
                     ("transfer", {"note": "专利侵权纠纷", "transferred_to": nanjing}),
                     ("record_receipt", {}), ("record_result", {"note": "已立案查处"}),
                     ("notify", {"note": "被投诉商品已下架，侵权行为已制止。"})]:  # fmt: skip
        complaint = services.complaint_transition(actor=agent, complaint=complaint, name=name, **kw)
    return complaint


def _rows(complaint: Complaint) -> list[Any]:
    return list(messages_about(complaint))


def _by(rows: list[Any], channel: str) -> list[Any]:
    return [r for r in rows if r.channel == channel]


def test_a_chinese_complainant_hears_each_step_in_chinese(submit, agent):
    complaint, _code = submit(**BOTH, language="zh-hans")
    number = complaint.tracking_number
    complaint = _walk_to_the_result(complaint, agent)
    rows = _rows(complaint)
    sms, mails = _by(rows, "sms"), _by(rows, "email")
    assert len(sms) == len(mails) == 4  # receipt, transfer, result, satisfaction
    assert {r.recipient for r in sms} == {"13912345678"}
    assert {r.recipient for r in mails} == {"wang@example.cn"}
    assert {r.language for r in rows} == {"zh-hans"}
    receipt, transfer, result, asked = sms
    assert number in receipt.body and "受理" in receipt.body
    assert "南京市知识产权局" in transfer.body and number in transfer.body
    assert "办结" in result.body
    assert "/track/answer/" in asked.body and "满意" in asked.body
    assert "被投诉商品已下架" in mails[2].body and number in mails[2].subject
    # SMS short: at most 70 characters besides the link.
    for row in sms:
        assert len(re.sub(r"https?://\S+", "", row.body)) <= 70, row.body


def test_an_english_complainant_hears_each_step_in_english(submit, agent):
    complaint, _code = submit(**BOTH, language="en")
    complaint = _walk_to_the_result(complaint, agent)
    rows = _rows(complaint)
    assert {r.language for r in rows} == {"en"} and len(rows) == 8
    receipt, transfer, result, asked = _by(rows, "email")
    assert complaint.tracking_number in receipt.body and "received" in receipt.subject
    assert "Nanjing Intellectual Property Office" in transfer.body
    assert "南京" not in transfer.body
    assert "has been dealt with" in result.body
    assert "one click" in asked.body and "/track/answer/" in asked.body


def test_the_language_left_empty_is_the_page_s_the_complainant_filed_in(centers, client):
    from ipoffice.complaints.tests.conftest import complaint_data

    data = {**complaint_data(), "notify_sms": "on", "website": ""}
    data.pop("patent_numbers")
    response = client.post(reverse("public-submit"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.complainant.language == "en"
    (row,) = _rows(complaint)
    assert row.language == "en" and row.channel == "sms" and "Tracking number" in row.body


def test_a_complainant_who_chose_only_sms_gets_no_e_mail(submit, agent):
    complaint, _code = submit(notify_sms=True)  # gave an e-mail address too
    complaint = _walk_to_the_result(complaint, agent)
    rows = _rows(complaint)
    assert len(rows) == 4 and {r.channel for r in rows} == {"sms"}


def test_no_channel_chosen_no_message_and_the_agent_s_date_is_the_telling(submit, agent):
    complaint, _code = submit()
    complaint = _walk_to_the_result(complaint, agent)
    assert _rows(complaint) == [] and complaint.notified_on == timezone.localdate()


def test_a_channel_without_its_address_is_refused_naming_the_field(submit):
    from ipoffice.common.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        submit(notify_email=True, email="")
    assert "notify_email" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        submit(notify_sms=True, phone="025-83123456")  # a fixed line takes no SMS
    assert "notify_sms" in refused.value.errors


def test_a_retried_call_sends_nothing_twice(submit):
    complaint, _code = submit(**BOTH)
    assert len(_rows(complaint)) == 2
    assert complaint_tell(complaint, "receipt") == []
    assert len(_rows(complaint)) == 2
    assert ComplaintEvent.objects.filter(complaint=complaint, action="message").count() == 1


def test_sending_the_result_meets_the_time_limit_and_the_history_says_what_was_sent(
    submit, agent, client
):
    complaint, _code = submit(**BOTH)
    complaint = _walk_to_the_result(complaint, agent)
    today = timezone.localdate()
    assert complaint.notified_on == today and complaint.notify_due_on >= today
    entries = ComplaintEvent.objects.filter(complaint=complaint, action="message")
    assert [e.changes["message"][1] for e in entries] == [
        "receipt", "transfer", "result", "satisfaction"
    ]  # fmt: skip
    assert all(e.changes["sent_by"][1] == ["sms", "email"] for e in entries)
    client.force_login(agent)
    page = client.get(
        reverse("complaint-detail", args=[complaint.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    section = page[page.index('id="told"') :]
    assert "满意度询问" in section and "短信" in section and "电子邮件" in section
    assert section.count("待发送") == 8  # each outbox row, waiting for the worker
    assert "keys" not in page and "complaint:" not in page
    period = period_between(today, today)
    counted = figures.compute(COMPLAINTS, complaint.center, period)
    assert counted["told_on_time"] == 1


def _answer_url(complaint: Complaint) -> str:
    return reverse("public-satisfaction", args=[satisfaction_token(complaint)])


def test_the_one_click_answer_works_once(submit, agent, client):
    complaint, _code = submit(**BOTH)
    complaint = _walk_to_the_result(complaint, agent)
    url = _answer_url(complaint)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert page.count('name="answer"') == 3 and "部分解决" in page
    done = client.post(url, {"answer": "partly"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert done.status_code == 200 and "部分解决" in done.content.decode()
    complaint.refresh_from_db()
    assert complaint.satisfaction == Satisfaction.PARTLY
    assert complaint.satisfaction_on == timezone.localdate()
    assert complaint.status == ComplaintStatus.CLOSED
    again = client.post(url, {"answer": "resolved"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "You have already answered" in again.content.decode()
    complaint.refresh_from_db()
    assert complaint.satisfaction == Satisfaction.PARTLY
    # Counted from the records.
    today = timezone.localdate()
    counted = figures.compute(COMPLAINTS, complaint.center, period_between(today, today))
    assert counted["satisfaction_answers"] == counted["satisfaction_partly"] == 1
    assert counted["satisfaction_resolved"] == counted["reopened"] == 0


def test_a_tampered_link_is_refused_in_the_user_s_language(submit, agent, client):
    complaint, _code = submit(**BOTH)
    complaint = _walk_to_the_result(complaint, agent)
    token = satisfaction_token(complaint)
    forged = signing.dumps({"c": complaint.pk, "r": 0}, salt="another purpose")
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged):
        url = reverse("public-satisfaction", args=[bad])
        zh = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert zh.status_code == 400 and "链接无效" in zh.content.decode()
        en = client.post(url, {"answer": "not_resolved"}, HTTP_ACCEPT_LANGUAGE="en")
        assert en.status_code == 400 and "This link is not valid" in en.content.decode()
    complaint.refresh_from_db()
    assert complaint.satisfaction == "" and complaint.status == ComplaintStatus.CLOSED


class _Past(signing.TimestampSigner):
    """A signer whose clock stood 31 days ago: the link it makes has expired."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 31 * 24 * 3600)


def test_an_expired_link_is_refused(submit, agent, client):
    complaint, _code = submit(**BOTH)
    complaint = _walk_to_the_result(complaint, agent)
    old = _Past(salt=SATISFACTION_SALT).sign_object({"c": complaint.pk, "r": 0})
    url = reverse("public-satisfaction", args=[old])
    zh = client.post(url, {"answer": "resolved"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert zh.status_code == 400 and "链接已过期" in zh.content.decode()
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "This link has expired" in en.content.decode()
    complaint.refresh_from_db()
    assert complaint.satisfaction == ""


def test_not_resolved_reopens_the_complaint_at_its_center(submit, agent, client):
    from ipoffice.notifications.models import Notification

    complaint, _code = submit(**BOTH)
    complaint = _walk_to_the_result(complaint, agent)
    url = _answer_url(complaint)
    response = client.post(
        url, {"answer": "not_resolved", "comment": "商品仍在销售"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "重新办理" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.REVIEWED and complaint.reopened == 1
    assert complaint.closed_on is None and complaint.reopened_on == timezone.localdate()
    assert complaint.due_on > timezone.localdate()  # 5 working days from the reopening
    entry = ComplaintEvent.objects.filter(complaint=complaint, action="reopen").get()
    assert entry.reason == "未解决: 商品仍在销售" and entry.actor is None
    assert (entry.from_status, entry.to_status) == ("closed", "reviewed")
    told = Notification.objects.filter(kind="reopened", label=complaint.tracking_number)
    assert [n.recipient for n in told] == [agent] and told[0].url.endswith(f"/{complaint.pk}/")
    # The same link is spent; the handler finds it returned to them.
    again = client.post(url, {"answer": "not_resolved"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "already answered" in again.content.decode()
    returned = [p for p in work_queue(agent, timezone.localdate()) if p.code == RETURNED]
    assert [r.label for r in returned[0].rows] == [complaint.tracking_number]
    # Handled again: transfer, result, notify — a new round of messages and a new question.
    complaint = services.complaint_transition(
        actor=agent, complaint=complaint, name="transfer", note="再次转交",
        transferred_to=Office.objects.get(code="320000"),
    )  # fmt: skip
    for name, note in (("record_result", "已再次查处"), ("notify", "已再次告知")):
        complaint = services.complaint_transition(
            actor=agent, complaint=complaint, name=name, note=note
        )
    assert len(_rows(complaint)) == 8 + 6
    second = client.post(_answer_url(complaint), {"answer": "resolved"})
    assert second.status_code == 200
    complaint.refresh_from_db()
    assert complaint.satisfaction == Satisfaction.RESOLVED and complaint.reopened == 1


def test_the_tracking_page_says_what_we_sent_and_when_without_addresses(submit, agent, client):
    complaint, code = submit(**BOTH)
    complaint = _walk_to_the_result(complaint, agent)
    response = client.post(
        reverse("public-track"),
        {"tracking_number": complaint.tracking_number, "code": code},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = response.content.decode()
    told = page[page.index('id="told"') :]
    assert "短信、电子邮件" in told or "短信, 电子邮件" in told
    assert "处理结果" in told
    assert "13912345678" not in page and "wang@example.cn" not in page


def test_every_message_has_both_channels_and_chinese_text():
    from django.utils import translation

    keys = {s.key for s in SPECS}
    for message in ("receipt", "transfer", "result", "satisfaction"):
        assert {f"complaints.{message}.sms", f"complaints.{message}.email"} <= keys
    with translation.override("zh-hans"):
        for spec in SPECS:
            body = str(spec.body)
            assert re.search(r"[\u4e00-\u9fff]", body), spec.key
            assert set(re.findall(r"{(\w+)}", body)) <= set(spec.placeholders), spec.key


def test_due_dates_of_a_reopened_complaint_start_from_the_reopening(submit, agent):
    complaint, _code = submit(**BOTH, received_on=timezone.localdate() - timedelta(days=40))
    complaint = _walk_to_the_result(complaint, agent)
    services.complaint_satisfaction_answer(
        token=satisfaction_token(complaint), answer="not_resolved"
    )
    complaint.refresh_from_db()
    assert complaint.due_on is not None and complaint.due_on > date.today()


def test_the_messages_arrive_at_the_real_smtp_server_and_sms_gateway(
    submit, agent, outbox_deliver_now
):
    """Through the outbox's delivery to the local SMTP server and HTTP SMS gateway: each
    message once, in the complainant's language, the SMS only to the phone."""
    complaint, _code = submit(**BOTH, language="en")
    complaint = _walk_to_the_result(complaint, agent)
    received = outbox_deliver_now()
    mails = {m.subject: m for m in received.smtp.inbox.to("wang@example.cn")}  # any order
    number = complaint.tracking_number
    assert sorted(mails) == sorted([
        f"12330: your complaint {complaint.tracking_number} was received",
        f"12330: your complaint {complaint.tracking_number} was passed on",
        f"12330: the result of your complaint {complaint.tracking_number}",
        f"12330: was your complaint {complaint.tracking_number} resolved?",
    ])  # fmt: skip
    assert (
        "Nanjing Intellectual Property Office"
        in mails[f"12330: your complaint {number} was passed on"].text
    )
    assert "/track/answer/" in mails[f"12330: was your complaint {number} resolved?"].text
    sms = [item for item in received.http.inbox.items if item.to.endswith("|13912345678")]
    assert len(sms) == 4 and all(complaint.tracking_number in s.text for s in sms)
    again = outbox_deliver_now()  # nothing is sent twice
    assert len(again.smtp.inbox.to("wang@example.cn")) == 4
