"""The administrators' part of the home page's work queue: undeliverable messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ipoffice.common import workqueue as q
from ipoffice.outbox.models import OutboxMessage
from ipoffice.outbox.selectors import error_shown, messages_undeliverable, recipient_shown


def _row(message: OutboxMessage) -> q.QueueRow:
    return q.QueueRow(
        kind=_("Undeliverable message"),
        label=message.get_channel_display(),
        url=reverse("outboxmessage-list") + "?status=dead",
        title=recipient_shown(message),
        status=message.get_status_display(),
        note=error_shown(message),
    )


def _dead(user: Any, today: date) -> Any:
    return messages_undeliverable(user).order_by("-created_at", "-id")


def queue_register() -> None:
    q.queue_register(
        q.QueueSection(
            "outbox.undeliverable",
            q.APPROVAL,
            lambda user: user.has_perm("outbox.manage_message"),
            _dead,
            _row,
            more=lambda user: (
                _("Outgoing messages"),
                reverse("outboxmessage-list") + "?status=dead",
            ),
        )
    )
