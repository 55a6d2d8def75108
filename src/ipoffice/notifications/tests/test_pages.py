"""The list, marking read, the header's unread count and the preferences page."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ipoffice.accounts.roles import Role
from ipoffice.notifications.enums import NotificationKind
from ipoffice.notifications.models import Notification, NotificationPreference
from ipoffice.notifications.services import notification_notify
from ipoffice.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _notify(users, key, kind=NotificationKind.ASSIGNMENT, label="320100-2024-00001"):
    notification_notify(
        users=users, kind=kind, label=label, title="台灯", url="/cases/7/", idempotency_key=key
    )


def _badge(page: str) -> str | None:
    found = re.search(r'class="badge"[^>]*>(\d+)<', page)
    return found.group(1) if found else None


def test_the_list_shows_ones_own_notices_unread_first(client, officer, head):
    _notify([officer], "a", label="OLD-1")
    _notify([officer], "b", label="NEW-2")
    _notify([head], "c", label="HEADS-3")
    Notification.objects.filter(label="NEW-2").update(read_at="2024-05-01T08:00:00Z")
    client.force_login(officer)
    page = client.get("/notifications/", **EN).content.decode()
    assert page.index("OLD-1") < page.index("NEW-2")
    assert "HEADS-3" not in page
    assert "2 notifications" in page and "Assigned to you" in page


def test_opening_marks_read_and_goes_to_the_record(client, officer):
    _notify([officer], "a")
    notice = Notification.objects.get()
    client.force_login(officer)
    answer = client.post(f"/notifications/{notice.pk}/open/")
    assert answer.status_code == 302 and answer["Location"] == "/cases/7/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_nobody_reads_or_marks_anothers_notice(client, officer, head):
    _notify([head], "a")
    notice = Notification.objects.get()
    client.force_login(officer)
    assert client.post(f"/notifications/{notice.pk}/read/").status_code == 404
    assert client.post(f"/notifications/{notice.pk}/open/").status_code == 404
    client.post("/notifications/read/")
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_header_counts_unread_in_one_query_and_mark_all_read_clears_it(client, officer):
    _notify([officer], "a")
    _notify([officer], "b")
    client.force_login(officer)
    assert _badge(client.get("/notifications/").content.decode()) == "2"
    notice = Notification.objects.first()
    client.post(f"/notifications/{notice.pk}/read/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/password/", **EN).content.decode()
    assert _badge(page) == "1"
    counting = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counting) == 1
    answer = client.post("/notifications/read/", follow=True, **EN).content.decode()
    assert "1 notification marked as read." in answer
    assert _badge(answer) is None


def test_a_bad_filter_is_named(client, officer):
    client.force_login(officer)
    answer = client.get("/notifications/", {"unread": "maybe"}, **EN)
    assert answer.status_code == 400
    assert "Unread only: Give 1 or 0" in answer.content.decode()


def test_preferences_start_from_the_defaults_and_e_mail_follows_them(client, officer):
    client.force_login(officer)
    page = client.get("/notifications/preferences/", **EN).content.decode()
    checked = set(re.findall(r'name="([\w-]+)"[^>]*checked', page))
    assert checked == {f"{k}-in_app" for k in NotificationKind} | {
        "overdue-email",
        "escalation-email",
    }
    boxes = {f"{k}-in_app": "on" for k in NotificationKind if k != NotificationKind.ESCALATION}
    answer = client.post(
        "/notifications/preferences/",
        {**boxes, "assignment-email": "on", "language": "en"},
        follow=True,
        **EN,
    )
    assert "Your notification preferences were saved." in answer.content.decode()
    officer.refresh_from_db()
    assert officer.language == "en"
    _notify([officer], "x", kind=NotificationKind.ASSIGNMENT)
    _notify([officer], "y", kind=NotificationKind.OVERDUE)
    _notify([officer], "z", kind=NotificationKind.ESCALATION)  # neither, now
    assert [m.subject for m in OutboxMessage.objects.all()] == [
        "Assigned to you: 320100-2024-00001"
    ]
    assert sorted(Notification.objects.values_list("kind", flat=True)) == ["assignment", "overdue"]
    # a row only where the choice differs from the default
    assert sorted(NotificationPreference.objects.values_list("kind", flat=True)) == [
        "assignment",
        "escalation",
        "overdue",
    ]


def test_a_bad_language_is_refused_and_the_boxes_are_kept(client, officer):
    client.force_login(officer)
    answer = client.post(
        "/notifications/preferences/", {"assignment-email": "on", "language": "fr"}, **EN
    )
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "Select a valid choice" in page
    assert re.search(r'name="assignment-email"[^>]*checked', page)
    assert not NotificationPreference.objects.exists()


def test_the_pages_in_chinese(client, officer, make_user):
    _notify([officer], "a", kind=NotificationKind.OVERDUE)
    client.force_login(officer)
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "通知" in page and "已超期" in page and "标为已读" in page
    prefs = client.get("/notifications/preferences/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = prefs.content.decode()
    assert "通知设置" in text and "分配给您" in text and "邮件语言" in text
    for english in ("In the application", "By e-mail", "Assigned to you", "None"):
        assert english not in text


def test_anonymous_people_are_sent_to_log_in(client):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/notifications/preferences/").status_code == 302


def test_an_agent_has_the_pages_too(client, make_user):
    from ipoffice.demo.people import demo_centers_load

    demo_centers_load()
    agent = make_user("320100-C1", Role.AGENT)
    client.force_login(agent)
    assert client.get("/notifications/").status_code == 200
