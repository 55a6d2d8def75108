"""The outbox's verbs: write a message in the caller's transaction, requeue or cancel it,
keep the templates. Delivery is ``delivery.py``'s."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from ipoffice.audit.services import audit_record
from ipoffice.common.errors import ApplicationError
from ipoffice.common.taskqueue import app
from ipoffice.common.workflow import transition_perform
from ipoffice.offices.models import Office
from ipoffice.outbox import templates
from ipoffice.outbox.enums import Channel, Language
from ipoffice.outbox.models import (
    KEY_MAX_LENGTH,
    RECIPIENT_MAX_LENGTH,
    MessageTemplate,
    OutboxMessage,
)
from ipoffice.outbox.workflow import MESSAGE_WORKFLOW

log = logging.getLogger(__name__)
DELIVER_TASK = "ipoffice.outbox.deliver"  # outbox/tasks.py


def _nudge(pk: int) -> None:
    """Tell a worker at once (after commit). If the broker is down the message still
    goes: the periodic sweep finds every due row."""
    try:
        app.send_task(DELIVER_TASK, args=[pk], retry=False)
    except Exception as exc:  # the broker is unreachable: the sweep delivers later
        log.warning("outbox: could not nudge a worker for message %s (%s)", pk, type(exc).__name__)


@transaction.atomic
def message_enqueue(
    *,
    channel: Channel | str,
    recipient: str,
    body: str,
    idempotency_key: str,
    language: str = Language.ZH_HANS,
    subject: str = "",
    about: models.Model | None = None,
    office: Office | None = None,
    personal: bool = True,
    payload: dict[str, Any] | None = None,
    template: str = "",
) -> OutboxMessage:
    """Write one outgoing message in the caller's transaction (it commits or rolls back
    with the change that causes it); the same key again returns the first row."""
    if len(idempotency_key) > KEY_MAX_LENGTH or not idempotency_key:
        raise ValueError("an idempotency key of 1 to 200 characters is required")
    if len(recipient.strip()) > RECIPIENT_MAX_LENGTH:
        raise ApplicationError(
            _("At most %(limit)s characters.") % {"limit": RECIPIENT_MAX_LENGTH},
            field="recipient",
        )
    existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    message = OutboxMessage(
        channel=Channel(channel),
        recipient=recipient.strip(),
        language=Language(language),
        template=template,
        subject=subject[:200],
        body=body,
        payload=payload,
        idempotency_key=idempotency_key,
        office=office,
        personal=personal,
    )
    if about is not None:
        message.about_type = ContentType.objects.get_for_model(type(about))
        message.about_id = about.pk
    try:
        with transaction.atomic():  # a concurrent writer of the same key wins
            message.save(force_insert=True)
    except IntegrityError:
        return OutboxMessage.objects.get(idempotency_key=idempotency_key)
    transaction.on_commit(partial(_nudge, message.pk), robust=True)
    return message


def template_text(key: str, language: str) -> MessageTemplate:
    """The template row for ``key`` in ``language``, created from its spec if missing."""
    row = MessageTemplate.objects.filter(key=key, language=language).first()
    if row is not None:
        return row
    spec = templates.spec_get(key)
    subject, body = templates.spec_text(spec, language)
    row, _created = MessageTemplate.objects.get_or_create(
        key=key,
        language=language,
        defaults={"channel": spec.channel, "subject": subject, "body": body},
    )
    return row


@transaction.atomic
def message_send(
    *,
    template: str,
    channel: Channel | str,
    recipient: str,
    language: str,
    context: Mapping[str, object],
    idempotency_key: str,
    about: models.Model | None = None,
    office: Office | None = None,
    personal: bool = True,
    payload: dict[str, Any] | None = None,
) -> OutboxMessage:
    """Render template ``template`` in ``language`` with ``context`` and enqueue it."""
    language = language if language in templates.LANGUAGES else Language.ZH_HANS
    row = template_text(template, language)
    return message_enqueue(
        channel=channel,
        recipient=recipient,
        language=language,
        template=template,
        subject=templates.render(row.subject, context),
        body=templates.render(row.body, context),
        idempotency_key=idempotency_key,
        about=about,
        office=office,
        personal=personal,
        payload=payload,
    )


@transaction.atomic
def message_requeue(*, message: OutboxMessage, actor: Any, reason: str) -> OutboxMessage:
    message = transition_perform(
        MESSAGE_WORKFLOW, record=message, name="requeue", actor=actor, reason=reason
    )
    transaction.on_commit(partial(_nudge, message.pk), robust=True)
    return message


@transaction.atomic
def message_cancel(*, message: OutboxMessage, actor: Any, reason: str) -> OutboxMessage:
    return transition_perform(
        MESSAGE_WORKFLOW, record=message, name="cancel", actor=actor, reason=reason
    )


@transaction.atomic
def templates_sync() -> int:
    """Create the missing template rows of every registered spec in every language;
    never touch a row that exists (an administrator may have edited it)."""
    created = 0
    for spec in templates.registered():
        for language in templates.LANGUAGES:
            subject, body = templates.spec_text(spec, language)
            _row, made = MessageTemplate.objects.get_or_create(
                key=spec.key,
                language=language,
                defaults={"channel": spec.channel, "subject": subject, "body": body},
            )
            created += made
    return created


def templates_sync_after_migrate(**kwargs: Any) -> None:
    templates_sync()


@transaction.atomic
def template_update(
    *, row: MessageTemplate, actor: Any, subject: str, body: str
) -> MessageTemplate:
    """An administrator's edit: only the placeholders the spec declares may appear."""
    spec = templates.spec_get(row.key)
    for field, text in (("subject", subject), ("body", body)):
        unknown = templates.placeholders_unknown(text, spec.placeholders)
        if unknown:
            raise ApplicationError(
                _("Unknown placeholders: %(names)s. You may use: %(allowed)s.")
                % {
                    "names": ", ".join(f"{{{name}}}" for name in unknown),
                    "allowed": ", ".join(f"{{{p}}}" for p in spec.placeholders),
                },
                field=field,
            )
    before = {"subject": row.subject, "body": row.body}
    row.subject, row.body, row.edited = subject, body, True
    row.save()
    audit_record(
        actor=actor,
        office=getattr(actor, "office", None),
        action="message_template_update",
        target=row,
        changes={k: [v, getattr(row, k)] for k, v in before.items() if v != getattr(row, k)},
    )
    return row
