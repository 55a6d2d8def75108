"""The service the other apps call: rows in the application, e-mails as each person chose,
in their language, once per idempotency key."""

from __future__ import annotations

import re

import pytest

from ipoffice.accounts.roles import Role
from ipoffice.notifications.enums import NotificationKind
from ipoffice.notifications.models import Notification
from ipoffice.notifications.preferences import Choice
from ipoffice.notifications.services import notification_notify, notification_preferences_set
from ipoffice.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _notify(users, kind=NotificationKind.ASSIGNMENT, key="k1", **kw):
    return notification_notify(
        users=users,
        kind=kind,
        label="320100-2024-00001",
        title="台灯外观设计",
        url="/cases/1/",
        idempotency_key=key,
        **kw,
    )


def test_an_assignment_is_shown_in_the_application_and_not_mailed_by_default(officer):
    assert _notify([officer]) == 1
    row = Notification.objects.get()
    assert (row.recipient, row.kind, row.label, row.read_at) == (
        officer,
        NotificationKind.ASSIGNMENT,
        "320100-2024-00001",
        None,
    )
    assert not OutboxMessage.objects.exists()


def test_overdue_is_mailed_by_default_in_the_persons_language(officer, make_user):
    english = make_user("320100", Role.ENFORCEMENT_OFFICER, language="en")
    from datetime import date

    _notify([officer, english], kind=NotificationKind.OVERDUE, due_on=date(2024, 5, 6))
    mails = {m.recipient: m for m in OutboxMessage.objects.all()}
    assert set(mails) == {officer.email, english.email}
    assert mails[english.email].subject == "Overdue since 6 May 2024: 320100-2024-00001"
    assert "台灯外观设计" in mails[english.email].body
    assert "/cases/1/" in mails[english.email].body
    chinese = mails[officer.email]
    assert chinese.language == "zh-hans"
    assert "逾期" in chinese.subject and "2024年5月6日" in chinese.subject


def test_e_mail_only_when_the_person_chose_it(officer, head):
    notification_preferences_set(
        actor=officer, choices={NotificationKind.ASSIGNMENT: Choice(in_app=True, email=True)}
    )
    notification_preferences_set(
        actor=head, choices={NotificationKind.ASSIGNMENT: Choice(in_app=False, email=False)}
    )
    assert _notify([officer, head]) == 1
    assert [m.recipient for m in OutboxMessage.objects.all()] == [officer.email]
    assert [n.recipient for n in Notification.objects.all()] == [officer]


def test_the_same_key_tells_nobody_twice(officer):
    _notify([officer], kind=NotificationKind.OVERDUE)
    assert _notify([officer], kind=NotificationKind.OVERDUE) == 0
    assert Notification.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_a_notice_by_e_mail_only_is_sent_once_too(officer):
    notification_preferences_set(
        actor=officer, choices={NotificationKind.OVERDUE: Choice(in_app=False, email=True)}
    )
    assert _notify([officer], kind=NotificationKind.OVERDUE) == 1
    assert _notify([officer], kind=NotificationKind.OVERDUE) == 0
    assert OutboxMessage.objects.count() == 1
    assert not Notification.objects.exists()


def test_nobody_is_told_of_their_own_act_nor_an_inactive_person(officer, head, make_user):
    gone = make_user("320100", Role.ENFORCEMENT_OFFICER, is_active=False)
    assert _notify([officer, head, gone], actor=head) == 1
    assert [n.recipient for n in Notification.objects.all()] == [officer]


def test_a_person_without_an_e_mail_address_is_told_in_the_application(make_user):
    person = make_user("320100", Role.ENFORCEMENT_OFFICER, email="")
    assert _notify([person], kind=NotificationKind.ESCALATION) == 1
    assert Notification.objects.filter(recipient=person).exists()
    assert not OutboxMessage.objects.exists()


def test_every_kind_has_an_e_mail_template_in_both_languages():
    from django.utils import translation

    from ipoffice.notifications.messages import SPECS, template_key
    from ipoffice.outbox.templates import registered

    keys = {spec.key for spec in registered()}
    for kind in NotificationKind:
        assert template_key(kind) in keys
    for spec in SPECS:
        for text in (spec.subject, spec.body, spec.description):
            with translation.override("zh-hans"):
                chinese = str(text)
            with translation.override("en"):
                english = str(text)
            assert chinese != english, (spec.key, english)
            assert not re.search("[A-Za-z]{3}", re.sub(r"\{\w+\}", "", chinese)), chinese
