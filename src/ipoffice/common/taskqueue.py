"""The Celery application every process shares: web processes publish to it (the
outbox's nudges), workers run its tasks, the scheduler sends the periodic jobs
(``ipoffice/worker.py`` adds the schedule). Its configuration is the ``CELERY_*``
settings, read when first used."""

from __future__ import annotations

from celery import Celery

app = Celery("ipoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
