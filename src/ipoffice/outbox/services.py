"""Stand-in (see the package): the outbox's two writers, as the contract names them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.utils import translation

from ipoffice.outbox.enums import Channel
from ipoffice.outbox.models import OutboxMessage
from ipoffice.outbox.templates import spec


@transaction.atomic
def message_enqueue(
    *,
    channel: Channel,
    recipient: str,
    subject: str,
    body: str,
    idempotency_key: str,
    language: str,
    about: models.Model | None = None,
    office: Any = None,
    personal: bool = True,
    payload: dict[str, Any] | None = None,
) -> OutboxMessage:
    found, _created = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "channel": channel,
            "recipient": recipient,
            "subject": subject,
            "body": body,
            "payload": payload,
            "language": language,
            "about_model": about._meta.label_lower if about is not None else "",
            "about_id": about.pk if about is not None else None,
            "office": office,
            "personal": personal,
        },
    )
    return found


def message_send(
    *,
    template: str,
    channel: Channel,
    recipient: str,
    language: str,
    context: Mapping[str, str],
    idempotency_key: str,
    about: models.Model | None = None,
    office: Any = None,
    personal: bool = True,
) -> OutboxMessage:
    found = spec(template)
    with translation.override(language):
        subject, body = str(found.subject).format(**context), str(found.body).format(**context)
    return message_enqueue(
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        idempotency_key=idempotency_key,
        language=language,
        about=about,
        office=office,
        personal=personal,
    )
