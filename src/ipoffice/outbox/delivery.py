"""Delivery: workers claim due messages, send each through its channel's adapter, and
record the outcome with the workflow engine.

A claim is a compare-and-set on the row (pending, due, not leased by a live worker), so
two workers never send the same message at the same time, on SQLite as on PostgreSQL.
The claim commits before anything is sent; the outcome is recorded after. A worker that
dies in between leaves a lease that runs out, and the message is sent again with the same
idempotency key — the one case where a receiver may see an attempt twice, and can tell.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ipoffice.common.errors import ApplicationError
from ipoffice.common.workflow import transition_perform
from ipoffice.outbox.channels import ADAPTERS, DeliveryError
from ipoffice.outbox.enums import MessageStatus
from ipoffice.outbox.models import OutboxMessage
from ipoffice.outbox.workflow import DELIVERY, MESSAGE_WORKFLOW

log = logging.getLogger(__name__)
BATCH = 50


@dataclass
class Tally:
    delivered: int = 0
    retried: int = 0
    dead: int = 0

    def __str__(self) -> str:
        return f"{self.delivered} delivered, {self.retried} to retry, {self.dead} undeliverable"


def _claimable(now: datetime) -> Q:
    return Q(status=MessageStatus.PENDING, next_attempt_at__lte=now) & (
        Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    )


def messages_claim(*, ids: list[int] | None = None, limit: int = BATCH) -> list[OutboxMessage]:
    """Lease due messages to this worker (the given ones, or the oldest due)."""
    now = timezone.now()
    token = uuid.uuid4().hex
    candidates = OutboxMessage.objects.filter(_claimable(now))
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # Workers claiming at once take different rows instead of racing for the same.
            candidates = candidates.select_for_update(skip_locked=True)
        chosen = list(
            candidates.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit]
        )
        if not chosen:
            return []
        lease = now + timedelta(seconds=settings.IPOFFICE_OUTBOX_LEASE_SECONDS)
        OutboxMessage.objects.filter(_claimable(now), pk__in=chosen).update(
            leased_until=lease, claimed_by=token
        )
    return list(OutboxMessage.objects.filter(claimed_by=token, leased_until=lease))


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: the base delay doubled after each failed attempt, capped."""
    base = settings.IPOFFICE_OUTBOX_RETRY_SECONDS
    seconds = min(base * 2 ** max(attempts - 1, 0), settings.IPOFFICE_OUTBOX_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds)


def _record(message: OutboxMessage, name: str, **params: Any) -> None:
    try:
        transition_perform(
            MESSAGE_WORKFLOW,
            record=message,
            name=name,
            actor=None,
            caused_by=DELIVERY,
            claim=message.claimed_by,
            **params,
        )
    except ApplicationError:  # cancelled meanwhile, or no longer this worker's
        log.warning("outbox: message %s changed during its attempt (%s)", message.pk, name)


def _renew(message: OutboxMessage) -> bool:
    """Extend this worker's lease just before sending, or learn that it lost it (a batch
    that outlasted the lease): then another worker has the message, and this one must
    not send it too."""
    lease = timezone.now() + timedelta(seconds=settings.IPOFFICE_OUTBOX_LEASE_SECONDS)
    return bool(
        OutboxMessage.objects.filter(
            pk=message.pk, claimed_by=message.claimed_by, status=MessageStatus.PENDING
        ).update(leased_until=lease)
    )


def message_attempt(message: OutboxMessage, tally: Tally) -> None:
    """Send one claimed message and record what happened."""
    if not _renew(message):
        return
    try:
        ADAPTERS[message.channel](message)
    except DeliveryError as exc:
        attempts = message.attempts + 1
        with transaction.atomic():
            if exc.permanent or attempts >= settings.IPOFFICE_OUTBOX_MAX_ATTEMPTS:
                _record(message, "give_up", error=str(exc))
                tally.dead += 1
                log.error(
                    "outbox: message %s undeliverable after %s attempts", message.pk, attempts
                )
            else:
                next_at = timezone.now() + retry_delay(attempts)
                _record(message, "retry", error=str(exc), next_attempt_at=next_at)
                tally.retried += 1
        return
    with transaction.atomic():
        _record(message, "deliver")
    tally.delivered += 1


def outbox_deliver_due(*, first: int | None = None, budget_seconds: float = 50.0) -> Tally:
    """Deliver message ``first`` (a nudge's), then every due message, until none is left
    or the time budget is spent (the next nudge or sweep goes on)."""
    tally = Tally()
    deadline = timezone.now() + timedelta(seconds=budget_seconds)
    if first is not None:
        for message in messages_claim(ids=[first]):
            message_attempt(message, tally)
    while timezone.now() < deadline:
        batch = messages_claim()
        if not batch:
            break
        for message in batch:
            message_attempt(message, tally)
    return tally


def outbox_sweep() -> str:
    """The periodic job: everything due, whether or not a nudge reached a worker."""
    return str(outbox_deliver_due())
