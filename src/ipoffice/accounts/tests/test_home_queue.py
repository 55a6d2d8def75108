"""The home page is the user's work queue, by role, not a list of permissions."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ipoffice.accounts.roles import Role
from ipoffice.cases.services import case_transition
from ipoffice.cases.tests.conftest import case_data
from ipoffice.common import workqueue
from ipoffice.reporting.services import report_fill, report_open, report_transition

pytestmark = pytest.mark.django_db


def _register(actor, **overrides):
    from ipoffice.cases.services import case_create

    return case_create(actor=actor, office=actor.office, data=case_data(**overrides))


def _part(page: str, code: str) -> str:
    start = page.find(f'id="queue-{code}"')
    assert start >= 0, f"no part {code}"
    return page[start : page.find("</section>", start)]


def test_an_officer_sees_a_case_due_this_week_and_an_overdue_one(make_user, client):
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer")
    soon = _register(officer, filed_on=timezone.localdate(), title="台灯外观设计纠纷")
    late = _register(officer, filed_on=date(2024, 3, 1))
    colleague = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_colleague")
    theirs = _register(colleague, filed_on=timezone.localdate())
    client.force_login(officer)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    due_soon = _part(page, "due_soon")
    assert soon.case_number in due_soon and "台灯外观设计纠纷" in due_soon
    assert f'href="/cases/{soon.pk}/"' in due_soon
    assert late.case_number in _part(page, "overdue")
    assert late.case_number not in due_soon
    assert theirs.case_number not in page  # a colleague's case is theirs
    assert '<span class="count">2</span>' in _part(page, "mine")
    assert "What you may do" not in page and "View audit entries" not in page


def test_the_head_sees_cases_awaiting_decision_and_the_office_overdue(make_user, client):
    officer = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer")
    head = make_user("320100", Role.OFFICE_HEAD, username="nj_head")
    case = _register(officer, filed_on=date(2024, 3, 1))
    case = case_transition(actor=officer, case=case, name="accept", on=date(2024, 3, 4))
    case = case_transition(
        actor=officer, case=case, name="start_investigation", on=date(2024, 3, 5)
    )
    client.force_login(head)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert case.case_number in _part(page, "approval")
    assert case.case_number in _part(page, "overdue")


def test_a_returned_report_shows_with_the_reason(make_user, client):
    analyst = make_user("320100", Role.ANALYST, username="nj_analyst")
    province_head = make_user("320000", Role.OFFICE_HEAD, username="js_head")
    report = report_open(actor=analyst, form="enforcement", period="2013")
    report_fill(actor=analyst, report=report, manual={"enforcement_staff": 12})
    report = report_transition(actor=analyst, report=report, name="submit")
    client.force_login(province_head)
    waiting = _part(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "approval")
    assert f'href="/reports/{report.pk}/"' in waiting
    reason = "执法人员数与人事报表不一致，请核实"
    report_transition(actor=province_head, report=report, name="return", reason=reason)
    client.force_login(analyst)
    returned = _part(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "returned")
    assert reason in returned and "2013" in returned


def test_nothing_outside_the_subtree_reaches_the_queue(make_user, client):
    suzhou = make_user("320500", Role.ENFORCEMENT_OFFICER, username="sz_officer")
    theirs = _register(suzhou, filed_on=date(2024, 3, 1))
    nanjing_head = make_user("320100", Role.OFFICE_HEAD, username="nj_head")
    client.force_login(nanjing_head)
    assert theirs.case_number not in client.get("/").content.decode()


def test_an_app_adds_a_section_of_its_own(make_user, client):
    """Extension requests (another app's work) arrive as one more registered section."""
    officer = make_user("320100", Role.OFFICE_HEAD, username="nj_head")
    section = workqueue.QueueSection(
        "test.extensions",
        workqueue.APPROVAL,
        lambda user: True,
        lambda user, today: ["延期申请"],
        lambda record: workqueue.QueueRow(kind="Extension", label=record, url="/x/"),
    )
    workqueue.queue_register(section)
    try:
        client.force_login(officer)
        assert "延期申请" in _part(client.get("/").content.decode(), "approval")
    finally:
        workqueue._sections.pop("test.extensions")


def test_the_head_sees_an_extension_request_waiting_for_them(make_user, client):
    from ipoffice.cases.services import extension_request

    officer = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_officer", full_name="王芳")
    head = make_user("320100", Role.OFFICE_HEAD, username="nj_head")
    other_head = make_user("320200", Role.OFFICE_HEAD, username="wx_head")
    case = _register(officer, filed_on=timezone.localdate())
    case = case_transition(actor=officer, case=case, name="accept")
    extension_request(actor=officer, case=case, days=15, reason="需要技术鉴定")
    client.force_login(head)
    approval = _part(client.get("/").content.decode(), "approval")
    assert case.case_number in approval and "15" in approval and "王芳" in approval
    assert "延期申请" in approval
    client.force_login(other_head)
    assert case.case_number not in client.get("/").content.decode()
