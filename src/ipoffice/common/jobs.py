"""Periodic jobs: what the scheduler runs, declared by the apps that own the work.

An app registers a ``PeriodicJob`` in its ``AppConfig.ready()``; the scheduler (celery
beat, ``ipoffice/worker.py``) builds its schedule from ``registered()`` and sends each run
to a worker, and ``ipoffice jobs run <name>`` runs one at once. A job takes no arguments,
returns a short summary, and must be idempotent: a run repeated after a crash or a second
scheduler sends nothing twice (its messages carry idempotency keys).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta

from django.utils.functional import Promise


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    function: Callable[[], object]
    description: Promise
    every: timedelta | None = None  # run at this interval, or
    at: time | None = None  # once a day at this local time
    # Each run is kept (outbox.JobRun) for the administrators; off for the frequent sweep.
    recorded: bool = True

    def __post_init__(self) -> None:
        if (self.every is None) == (self.at is None):
            raise ValueError(f"job {self.name}: give exactly one of every= or at=")


_JOBS: dict[str, PeriodicJob] = {}


def register(*jobs: PeriodicJob) -> None:
    for job in jobs:
        if job.name in _JOBS and _JOBS[job.name] != job:
            raise ValueError(f"a periodic job called {job.name} is already registered")
        _JOBS[job.name] = job


def registered() -> tuple[PeriodicJob, ...]:
    return tuple(sorted(_JOBS.values(), key=lambda job: job.name))


def job_get(name: str) -> PeriodicJob:
    try:
        return _JOBS[name]
    except KeyError:
        known = ", ".join(sorted(_JOBS)) or "none"
        raise LookupError(f"no periodic job called {name!r} (known: {known})") from None
