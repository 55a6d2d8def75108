from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipoffice.common import jobs
from ipoffice.outbox.jobs import job_run


class Command(BaseCommand):
    help = (
        "The periodic jobs the scheduler runs: 'list' shows them and their schedule; "
        "'run NAME' runs one now (exit status 1 if it fails)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "run"])
        parser.add_argument("name", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for job in jobs.registered():
                when = f"every {job.every}" if job.every else f"daily at {job.at:%H:%M}"
                self.stdout.write(f"{job.name:28} {when:22} {job.description}")
            return
        if not options["name"]:
            raise CommandError("name the job to run (ipoffice jobs list)")
        try:
            run = job_run(options["name"])
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if not run.succeeded:
            raise CommandError(f"{run.name} failed: {run.summary}")
        self.stdout.write(f"{run.name}: {run.summary}")
