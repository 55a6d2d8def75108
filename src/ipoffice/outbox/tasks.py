"""The Celery tasks: thin wrappers over delivery and the job runner. Tasks are
acknowledged after they ran (settings: CELERY_TASK_ACKS_LATE), and each is safe to run
twice: a delivery claims its message first, a job is idempotent."""

from __future__ import annotations

from celery import shared_task

from ipoffice.outbox.delivery import outbox_deliver_due
from ipoffice.outbox.jobs import job_run


@shared_task(name="ipoffice.outbox.deliver")
def outbox_deliver(message_id: int) -> str:
    return str(outbox_deliver_due(ids=[message_id]))


@shared_task(name="ipoffice.jobs.run")
def jobs_run(name: str) -> str:
    run = job_run(name)
    return f"{name}: {'ok' if run.succeeded else 'failed'} {run.summary}"
