"""The Celery application: workers (`celery -A ipoffice.worker worker`) and the scheduler
(`celery -A ipoffice.worker beat`), separate processes that scale on their own
(docs/deployment.md#workers-and-the-scheduler).

The schedule is the periodic jobs the apps registered (common/jobs.py), each sent to a
worker as one ``ipoffice.jobs.run`` task.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import django
from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipoffice.settings")
django.setup()

from ipoffice.common import jobs  # noqa: E402

app = Celery("ipoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["ipoffice.outbox"])


def schedule() -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for job in jobs.registered():
        when: timedelta | crontab
        if job.every is not None:
            when = job.every
        else:
            assert job.at is not None
            when = crontab(hour=job.at.hour, minute=job.at.minute)
        entries[job.name] = {"task": "ipoffice.jobs.run", "schedule": when, "args": (job.name,)}
        if job.every is not None:  # a run nobody picked up before the next is dropped
            entries[job.name]["options"] = {"expires": job.every.total_seconds()}
    return entries


app.conf.beat_schedule = schedule()
