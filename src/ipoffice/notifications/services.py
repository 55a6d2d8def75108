"""The verbs of notices to staff. ``notification_notify`` is called by the higher apps'
services inside their own transaction: the rows and the e-mails commit or roll back with
the change that causes them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ipoffice.common.errors import ApplicationError
from ipoffice.notifications.enums import NotificationKind
from ipoffice.notifications.messages import template_key
from ipoffice.notifications.models import Notification, NotificationPreference
from ipoffice.notifications.preferences import Choice, default_for
from ipoffice.notifications.selectors import preferences_of
from ipoffice.outbox.enums import Channel
from ipoffice.outbox.models import OutboxMessage
from ipoffice.outbox.services import message_send

KEY_MAX_LENGTH = 200  # Notification.key


def _mail_key(key: str, user_pk: int) -> str:
    """The outbox's idempotency key of one person's e-mail for the notice ``key``."""
    return f"notification:{key[:160]}:{user_pk}"


def _language(user: Any) -> str:
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _email_context(
    user: Any, kind: str, label: str, title: str, url: str, due_on: date | None
) -> Mapping[str, str]:
    with translation.override(_language(user)):
        return {
            "name": user.display_name(),
            "kind": str(NotificationKind(kind).label),
            "label": label,
            "title": title or label,
            "due_on": formats.date_format(due_on) if due_on else "",
            "url": settings.IPOFFICE_SITE_URL + url,
        }


@transaction.atomic
def notification_notify(
    *,
    users: Iterable[Any],
    kind: NotificationKind,
    label: str,
    title: str,
    url: str,
    idempotency_key: str,
    due_on: date | None = None,
    actor: Any = None,
    about: models.Model | None = None,
) -> int:
    """Tell each of ``users`` (but not the ``actor``, of their own act, nor anyone
    inactive) about the record at ``url`` (a path of this site), labelled ``label``
    ("320100-2024-00001") and ``title`` (its heading): a row in the application and an
    e-mail in the person's language, as each person chose (``preferences``). A second
    call with the same ``idempotency_key`` tells nobody twice. Returns how many people
    were told now."""
    if not url.startswith("/"):
        raise ValueError("a notice links to a page of this site")
    key = idempotency_key[:KEY_MAX_LENGTH]
    people = {u.pk: u for u in users if u is not None and u.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return 0
    told_before = set(
        Notification.objects.filter(recipient__in=list(people), key=key).values_list(
            "recipient_id", flat=True
        )
    )
    own = {
        p.user_id: Choice(in_app=p.in_app, email=p.email)
        for p in NotificationPreference.objects.filter(user__in=list(people), kind=kind)
    }
    mailed_before = set(
        OutboxMessage.objects.filter(
            idempotency_key__in=[_mail_key(key, pk) for pk in people]
        ).values_list("idempotency_key", flat=True)
    )
    rows, told = [], 0
    for pk, person in people.items():
        if pk in told_before or _mail_key(key, pk) in mailed_before:
            continue  # told already (in the application, or only by e-mail)
        choice = own.get(pk, default_for(kind))
        if choice.in_app:
            rows.append(
                Notification(
                    recipient=person,
                    kind=kind,
                    label=label[:100],
                    title=title[:300],
                    url=url,
                    due_on=due_on,
                    actor=actor,
                    key=key,
                )
            )
        if choice.email and person.email:
            message_send(
                template=template_key(kind),
                channel=Channel.EMAIL,
                recipient=person.email,
                language=_language(person),
                context=_email_context(person, kind, label, title, url, due_on),
                idempotency_key=_mail_key(key, pk),
                about=about,
                office=person.office,
            )
        told += int(choice.in_app or bool(choice.email and person.email))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return told


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """The recipient has seen it (anyone else's notice is not found)."""
    if notification.recipient_id != actor.pk:
        raise ApplicationError(_("This is not your notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Any) -> int:
    """Every unread notice of the actor's, read now; returns how many."""
    return Notification.objects.visible_to(actor).unread().update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(
    *, actor: Any, choices: Mapping[str, Choice], language: str | None = None
) -> dict[str, Choice]:
    """The actor's own choices per kind (a row only where they differ from the
    default) and, if given, the language of their e-mails."""
    unknown = set(choices) - set(NotificationKind.values)
    if unknown:
        raise ApplicationError(_("There is no such kind of notification."), field="kind")
    for kind, choice in choices.items():
        if choice == default_for(kind):
            NotificationPreference.objects.filter(user=actor, kind=kind).delete()
        else:
            NotificationPreference.objects.update_or_create(
                user=actor, kind=kind, defaults={"in_app": choice.in_app, "email": choice.email}
            )
    if language is not None and language != actor.language:
        if language not in dict(settings.LANGUAGES):
            raise ApplicationError(_("Choose one of the languages offered."), field="language")
        actor.language = language
        actor.save(update_fields=["language"])
    return preferences_of(actor)
