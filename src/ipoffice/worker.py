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
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipoffice.settings")
django.setup()

import ipoffice.outbox.tasks  # noqa: E402, F401  (registers the tasks on the app)
from ipoffice.common import jobs  # noqa: E402 (the registry fills in django.setup())
from ipoffice.common.taskqueue import app  # noqa: E402


def schedule() -> dict[str, dict[str, Any]]:
    """Each registered job at its declared time, or at the one IPOFFICE_JOB_SCHEDULE
    gives it (settings.IPOFFICE_JOB_SCHEDULE: name -> interval or time of day)."""
    entries: dict[str, dict[str, Any]] = {}
    for job in jobs.registered():
        every, at = settings.IPOFFICE_JOB_SCHEDULE.get(job.name, (job.every, job.at))
        when: timedelta | crontab
        if every is not None:
            when = every
        else:
            assert at is not None
            when = crontab(hour=at.hour, minute=at.minute)
        entries[job.name] = {"task": "ipoffice.jobs.run", "schedule": when, "args": (job.name,)}
        if every is not None:  # a run nobody picked up before the next is dropped
            entries[job.name]["options"] = {"expires": every.total_seconds()}
    return entries


app.conf.beat_schedule = schedule()
