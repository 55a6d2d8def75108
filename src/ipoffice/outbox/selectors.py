"""Reading the outbox: what was sent about a record, and the messages an administrator
sees (their office's subtree)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ipoffice.outbox.enums import MessageStatus
from ipoffice.outbox.models import OutboxMessage


def messages_about(record: models.Model) -> models.QuerySet[OutboxMessage]:
    """Every message written about ``record``, oldest first (the caller has already
    checked that the user may see the record)."""
    return OutboxMessage.objects.filter(
        about_type=ContentType.objects.get_for_model(type(record)), about_id=record.pk
    ).order_by("created_at", "id")


def messages_undeliverable(user: Any) -> models.QuerySet[OutboxMessage]:
    return OutboxMessage.objects.visible_to(user).filter(status=MessageStatus.DEAD)
