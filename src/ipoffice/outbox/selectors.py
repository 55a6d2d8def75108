"""Reading the outbox: what was sent about a record, and the messages an administrator
sees (their office's subtree)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ipoffice.common import jobs
from ipoffice.common.identifiers import mask_contact
from ipoffice.outbox.channels import error_text
from ipoffice.outbox.enums import MessageStatus
from ipoffice.outbox.models import JobRun, OutboxMessage


def messages_about(record: models.Model) -> models.QuerySet[OutboxMessage]:
    """Every message written about ``record``, oldest first (the caller has already
    checked that the user may see the record)."""
    return OutboxMessage.objects.filter(
        about_type=ContentType.objects.get_for_model(type(record)), about_id=record.pk
    ).order_by("created_at", "id")


def messages_undeliverable(user: Any) -> models.QuerySet[OutboxMessage]:
    return OutboxMessage.objects.visible_to(user).filter(status=MessageStatus.DEAD)


def messages_list(user: Any) -> models.QuerySet[OutboxMessage]:
    return OutboxMessage.objects.visible_to(user).select_related("office")


def recipient_shown(message: OutboxMessage) -> str:
    """A person's phone or e-mail masked (the administrator needs to know it was sent,
    not to whom); an office's or an authority's address in full."""
    return mask_contact(message.recipient) if message.personal else message.recipient


def job_runs_last() -> list[tuple[Any, JobRun | None]]:
    """Each recorded periodic job with its latest run (none yet: None)."""
    latest: dict[str, JobRun] = {}
    for run in JobRun.objects.order_by("name", "-started_at", "-id"):
        latest.setdefault(run.name, run)
    return [(job, latest.get(job.name)) for job in jobs.registered() if job.recorded]


def error_shown(message: OutboxMessage) -> str:
    return error_text(message.last_error) if message.last_error else ""
