"""Running periodic jobs (common/jobs.py) with a record of each run, and telling the
administrators when one fails."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ipoffice.common import jobs
from ipoffice.outbox.enums import Channel, Language
from ipoffice.outbox.models import JobRun
from ipoffice.outbox.services import message_enqueue

log = logging.getLogger(__name__)


class JobFailed(Exception):
    """A job ran and found something wrong (a broken history chain, figures that differ)."""


def administrators_alert(*, subject: str, text: str, key: str) -> int:
    """E-mail every address in IPOFFICE_ADMIN_EMAILS (once per key)."""
    sent = 0
    with transaction.atomic():
        for address in settings.IPOFFICE_ADMIN_EMAILS:
            message_enqueue(
                channel=Channel.EMAIL,
                recipient=address,
                subject=subject,
                body=text,
                idempotency_key=f"{key}:{address}"[:200],
                language=Language.ZH_HANS,
                personal=False,
            )
            sent += 1
    return sent


def job_run(name: str) -> JobRun:
    """Run one registered job now and record the run; a failure reaches the administrators."""
    job = jobs.job_get(name)
    run = JobRun(name=name)
    if job.recorded:
        run.save()
    try:
        summary = job.function()
    except Exception as exc:
        # A job's own finding is its text; any other error only by its kind (its text may
        # quote a row's values, e.g. a phone number, and the summary is e-mailed).
        text = str(exc) if isinstance(exc, JobFailed) else type(exc).__name__
        run.succeeded, run.summary = False, text[:4000]
        log.error("periodic job %s failed: %s", name, type(exc).__name__)
        with override(Language.ZH_HANS):
            subject = _("ipoffice: the periodic job “%(job)s” failed") % {"job": name}
        administrators_alert(
            subject=subject,
            text=f"{job.description}\n\n{run.summary}",
            key=f"job-failed:{name}:{timezone.localdate().isoformat()}",
        )
    else:
        run.succeeded, run.summary = True, str(summary if summary is not None else "")[:4000]
    run.finished_at = timezone.now()
    if job.recorded:
        run.save()
    return run
