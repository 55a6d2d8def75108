"""Complaints have a handler: the agent who records or first reviews it, or one chosen."""

from __future__ import annotations

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.common.errors import ApplicationError
from ipoffice.complaints.models import ComplaintEvent
from ipoffice.complaints.services import complaint_handler_change, complaint_transition

pytestmark = pytest.mark.django_db


def test_the_agent_who_reviews_a_web_complaint_handles_it(submit, agent):
    complaint, _code = submit()
    assert complaint.handler is None
    complaint = complaint_transition(actor=agent, complaint=complaint, name="review")
    complaint.refresh_from_db()
    assert complaint.handler == agent


def test_another_agent_takes_it_over_with_a_reason(submit, agent, make_user, client):
    other = make_user("320100-C1", Role.AGENT, username="nj_agent2", full_name="赵六")
    complaint, _code = submit()
    complaint_transition(actor=agent, complaint=complaint, name="review")
    client.force_login(agent)
    client.post(f"/complaints/{complaint.pk}/handler/", {"handler": "nj_agent2", "reason": "休假"})
    complaint.refresh_from_db()
    assert complaint.handler == other
    entry = ComplaintEvent.objects.get(complaint=complaint, action="handler_change")
    assert entry.changes == {"handler": [agent.display_name(), "赵六"]} and entry.reason == "休假"


def test_an_agent_of_another_center_cannot_handle_it(submit, agent, make_user):
    stranger = make_user("320500-C1", Role.AGENT, username="sz_agent")
    complaint, _code = submit()
    with pytest.raises(ApplicationError) as refused:
        complaint_handler_change(actor=agent, complaint=complaint, handler=stranger, reason="x")
    assert refused.value.field == "handler"
