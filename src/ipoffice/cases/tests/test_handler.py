"""Every case has a handler: the registering officer, changed by the head with a reason."""

from __future__ import annotations

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.cases.models import CaseEvent
from ipoffice.cases.services import case_handler_change, case_transition
from ipoffice.common.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def test_the_registering_officer_handles_the_new_case(new_case, officer):
    case = new_case()
    assert case.handler == officer


def test_the_head_gives_the_case_to_another_officer_with_a_reason(
    new_case, officer, head, make_user, client
):
    other = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_other", full_name="李四")
    case = new_case()
    client.force_login(head)
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Change the handler" in page and "李四" in page
    answer = client.post(
        f"/cases/{case.pk}/handler/",
        {"handler": "nj_other", "reason": "工作量调整"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    case.refresh_from_db()
    assert case.handler == other
    entry = CaseEvent.objects.filter(case=case, action="handler_change").get()
    assert entry.changes == {"handler": [officer.display_name(), "李四"]}
    assert entry.reason == "工作量调整"
    assert "Handler changed" in answer.content.decode()


def test_an_officer_may_not_reassign_and_sees_no_form(new_case, officer, make_user, client):
    other = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_other")
    case = new_case()
    client.force_login(officer)
    assert (
        "Change the handler"
        not in client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    with pytest.raises(PermissionDeniedError):
        case_handler_change(actor=officer, case=case, handler=other, reason="x")


def test_the_handler_belongs_to_the_case_office_and_a_reason_is_needed(new_case, head, make_user):
    elsewhere = make_user("320500", Role.ENFORCEMENT_OFFICER, username="sz_officer")
    analyst = make_user("320100", Role.ANALYST, username="nj_analyst")
    colleague = make_user("320100", Role.ENFORCEMENT_OFFICER, username="nj_colleague")
    case = new_case()
    for person in (elsewhere, analyst):
        with pytest.raises(ApplicationError) as refused:
            case_handler_change(actor=head, case=case, handler=person, reason="调整")
        assert refused.value.field == "handler"
    with pytest.raises(ApplicationError) as refused:
        case_handler_change(actor=head, case=case, handler=colleague, reason="  ")
    assert refused.value.field == "reason"


def test_an_unassigned_case_goes_to_the_officer_who_accepts_it(new_case, officer, head):
    case = new_case()
    type(case).objects.filter(pk=case.pk).update(handler=None)  # as imported
    case.refresh_from_db()
    case = case_transition(actor=head, case=case, name="accept")
    case.refresh_from_db()
    assert case.handler == head


def test_the_api_names_the_handler(new_case, officer, api_client):
    case = new_case()
    answer = api_client(officer).get(f"/api/v1/cases/{case.pk}/")
    assert answer.json()["handler"] == "nj_officer"
