"""Who hears of what: assignment, a request waiting for approval, and the daily jobs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from ipoffice.accounts.roles import Role
from ipoffice.cases.models import Case
from ipoffice.cases.notices import cases_remind_due, cases_remind_overdue
from ipoffice.cases.services import (
    case_create,
    case_handler_change,
    case_transition,
    extension_request,
)
from ipoffice.cases.tests.conftest import case_data
from ipoffice.common import jobs
from ipoffice.complaints.notices import complaints_remind_due, complaints_remind_overdue
from ipoffice.complaints.services import complaint_handler_change, complaint_submit
from ipoffice.complaints.tests.conftest import complaint_data
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.demo.people import demo_centers_load
from ipoffice.notifications.enums import NotificationKind
from ipoffice.notifications.models import Notification
from ipoffice.offices.models import Office
from ipoffice.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _told(kind: str) -> list[str]:
    return sorted(n.recipient.username for n in Notification.objects.filter(kind=kind))


def test_the_new_handler_hears_of_the_case_and_the_head_does_not(case, officer, head, make_user):
    other = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_other")
    case_handler_change(actor=head, case=case, handler=other, reason="工作量调整")
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.label, notice.actor) == (
        other,
        NotificationKind.ASSIGNMENT,
        case.case_number,
        head,
    )
    assert notice.url == reverse("case-detail", args=[case.pk])
    assert notice.title == "台灯外观设计"
    # given back later: a second assignment is a second notice
    case_handler_change(actor=head, case=case, handler=officer, reason="回到原承办人")
    case_handler_change(actor=head, case=case, handler=other, reason="再次调整")
    assert _told(NotificationKind.ASSIGNMENT) == ["nj_officer", "nj_other", "nj_other"]


def test_a_case_registered_for_another_officer_tells_them(head, officer):
    case_create(
        actor=head, office=Office.objects.get(code="320100"), data=case_data(), handler=officer
    )
    assert _told(NotificationKind.ASSIGNMENT) == ["nj_officer"]
    # registering one's own case tells nobody
    case_create(actor=officer, office=officer.office, data=case_data())
    assert Notification.objects.count() == 1


def test_an_extension_request_waits_for_the_heads_of_the_case_office(
    case, officer, head, make_user
):
    make_user("320000", Role.OFFICE_HEAD, username="js_head")  # the province: not theirs
    make_user("320100", Role.SUPERVISOR, username="nj_supervisor")  # may not approve
    for step in ("accept", "start_investigation"):
        case = case_transition(actor=officer, case=case, name=step, on=date(2024, 3, 5))
    extension_request(actor=officer, case=case, days=10, reason="需要补充证据")
    assert _told(NotificationKind.APPROVAL) == ["nj_head"]


def test_the_new_agent_hears_of_the_complaint(make_user):
    demo_centers_load()
    agent = make_user("320100-C1", Role.AGENT, username="nj_agent")
    other = make_user("320100-C1", Role.AGENT, username="nj_agent_2")
    complaint, _code = complaint_submit(channel="phone", data=complaint_data(), actor=agent)
    assert not Notification.objects.exists()  # the recording agent handles it
    complaint_handler_change(actor=agent, complaint=complaint, handler=other, reason="轮班")
    notice = Notification.objects.get()
    assert (notice.recipient, notice.label) == (other, complaint.tracking_number)
    assert notice.url == reverse("complaint-detail", args=[complaint.pk])


def _due(case: Case, on: date) -> None:
    Case.objects.filter(pk=case.pk).update(due_on=on)


def test_cases_due_in_three_working_days_are_reminded_once(case, officer):
    # Friday 10 May 2024; Saturday 11 May was a working day (made up for the May Day
    # holiday), so the 3rd working day is Tuesday 14 May, by the working calendar.
    today = date(2024, 5, 10)
    third = WorkingCalendar.from_db().add_working_days(today, 3)
    assert third == date(2024, 5, 14)
    _due(case, third + timedelta(days=1))
    assert cases_remind_due(today=today) == 0
    _due(case, third)
    assert cases_remind_due(today=today) == 1
    assert cases_remind_due(today=today) == 0  # the same day again
    assert cases_remind_due(today=date(2024, 5, 13)) == 0  # the next run: already told
    notice = Notification.objects.get(kind=NotificationKind.DUE_SOON)
    assert (notice.recipient, notice.due_on) == (officer, third)


def test_overdue_cases_are_notified_once_by_e_mail_too(case, officer, head):
    _due(case, date(2024, 5, 9))
    assert cases_remind_overdue(today=date(2024, 5, 10)) == 1
    assert cases_remind_overdue(today=date(2024, 5, 10)) == 0
    assert cases_remind_overdue(today=date(2024, 5, 13)) == 0
    assert _told(NotificationKind.OVERDUE) == ["nj_officer"]
    assert [m.recipient for m in OutboxMessage.objects.all()] == [officer.email]
    _due(case, date(2024, 5, 20))  # extended, and late again
    assert cases_remind_overdue(today=date(2024, 5, 21)) == 1


def test_an_overdue_case_without_handler_reaches_the_head(case, head):
    Case.objects.filter(pk=case.pk).update(handler=None, due_on=date(2024, 5, 9))
    cases_remind_overdue(today=date(2024, 5, 10))
    assert _told(NotificationKind.OVERDUE) == ["nj_head"]


@pytest.fixture
def complaints(make_user):
    demo_centers_load()
    agent = make_user("320100-C1", Role.AGENT, username="nj_agent")
    city_agent = make_user("320100", Role.AGENT, username="nj_city_agent")
    city_head = make_user("320100", Role.OFFICE_HEAD, username="nj_head")
    complaint, _code = complaint_submit(
        channel="phone", data=complaint_data(), actor=agent, received_on=date(2024, 3, 1)
    )
    return complaint, agent, city_agent, city_head


def test_complaint_reminders_and_overdue_notices(complaints):
    complaint, _agent, _city_agent, _head = complaints
    due = complaint.due_on
    assert complaints_remind_due(today=due - timedelta(days=1)) == 1
    assert complaints_remind_due(today=due - timedelta(days=1)) == 0
    assert complaints_remind_overdue(today=due + timedelta(days=1)) == 1
    assert complaints_remind_overdue(today=due + timedelta(days=2)) == 0
    assert _told(NotificationKind.DUE_SOON) == _told(NotificationKind.OVERDUE) == ["nj_agent"]


def test_escalation_tells_the_unit_above_once_and_the_command_stays(complaints, settings):
    _complaint, _agent, _city_agent, _head = complaints
    from io import StringIO

    out = StringIO()
    call_command("escalate-overdue", stdout=out)
    assert out.getvalue().strip() == "1 overdue complaints escalated"
    assert _told(NotificationKind.ESCALATION) == ["nj_city_agent", "nj_head"]
    assert OutboxMessage.objects.count() == 2  # escalation is mailed by default
    assert jobs.job_get("complaints-escalate-overdue").function() == 0  # once
    assert Notification.objects.filter(kind=NotificationKind.ESCALATION).count() == 2


def test_the_jobs_are_registered():
    names = {
        "cases-remind-due",
        "cases-remind-overdue",
        "complaints-remind-due",
        "complaints-remind-overdue",
        "complaints-escalate-overdue",
    }
    assert names <= {job.name for job in jobs.registered()}


def test_the_overdue_e_mail_arrives_once_at_the_smtp_server(case, officer, outbox_deliver_now):
    _due(case, date(2024, 5, 9))
    cases_remind_overdue(today=date(2024, 5, 10))
    cases_remind_overdue(today=date(2024, 5, 10))
    got = outbox_deliver_now().smtp.inbox.to(officer.email)
    assert len(got) == 1
    assert got[0].subject.strip() == f"自2024年5月9日起逾期：{case.case_number}"
    assert "台灯外观设计" in got[0].text and f"/cases/{case.pk}/" in got[0].text
