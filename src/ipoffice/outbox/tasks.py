"""The Celery tasks: thin wrappers over delivery and the job runner. Tasks are
acknowledged after they ran (settings: CELERY_TASK_ACKS_LATE), and each is safe to run
twice: a delivery claims its message first, a job is idempotent."""

from __future__ import annotations

from ipoffice.common.taskqueue import app
from ipoffice.outbox.delivery import outbox_deliver_due
from ipoffice.outbox.jobs import job_run


@app.task(name="ipoffice.outbox.deliver")
def outbox_deliver(message_id: int) -> str:
    # The nudged message first, then whatever else is due: a backlog drains in batches.
    return str(outbox_deliver_due(first=message_id, budget_seconds=10))


@app.task(name="ipoffice.jobs.run")
def jobs_run(name: str) -> str:
    run = job_run(name)
    return f"{name}: {'ok' if run.succeeded else 'failed'} {run.summary}"
