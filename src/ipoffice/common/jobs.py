"""TEMPORARY stand-in for the lead's periodic jobs (HELPERS.md contract); main's
common/jobs.py replaces it at merge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta

from django.utils.functional import Promise

_JOBS: dict[str, PeriodicJob] = {}


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    function: Callable[[], object]
    description: Promise
    every: timedelta | None = None
    at: time | None = None


def register(job: PeriodicJob) -> None:
    _JOBS[job.name] = job


def registered() -> dict[str, PeriodicJob]:
    return dict(_JOBS)
