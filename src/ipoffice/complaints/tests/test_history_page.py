"""The complaint's history shares the case timeline's words (common/history.py)."""

from __future__ import annotations

from django.urls import reverse


def test_the_complaint_history_speaks_the_readers_language(client, agent, submit, office):
    from ipoffice.complaints.services.handling import complaint_reassign

    complaint, _code = submit()
    complaint_reassign(actor=agent, complaint=complaint, center=office("320500-C1"),
                       reason="发生地在苏州")  # fmt: skip
    client.force_login(agent)
    # The agent of the first center no longer sees it; a Suzhou agent reads the history.
    from ipoffice.accounts.roles import Role
    from ipoffice.accounts.tests.factories import UserFactory

    suzhou = UserFactory(office=office("320500-C1"), roles=[Role.AGENT])
    client.force_login(suzhou)
    page = client.get(
        reverse("complaint-detail", args=[complaint.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    history = page.content.decode().split('class="timeline"', 1)[1]
    assert "发生地在苏州" in history
    changes = " ".join(part.split("</ul>", 1)[0] for part in history.split('class="changes"')[1:])
    assert "维权援助中心: 南京市知识产权维权援助中心 → 苏州" in changes
    assert "320500-C1" not in changes and "320100-C1" not in changes and "center" not in changes
