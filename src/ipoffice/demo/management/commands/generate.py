from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ipoffice.demo.generate import generate


class Command(BaseCommand):
    help = "Write seeded synthetic cases and complaints for benchmarks (COPY on PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--cases-per-year", type=int, default=100_000)
        parser.add_argument("--complaints-per-year", type=int, default=400_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--last-year", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.monotonic()
        totals = generate(
            years=options["years"],
            cases_per_year=options["cases_per_year"],
            complaints_per_year=options["complaints_per_year"],
            seed=options["seed"],
            last_year=options["last_year"],
            progress=lambda line: self.stderr.write(f"  {line}"),
        )
        seconds = time.monotonic() - start
        self.stdout.write(
            f"{totals['cases']:,} cases and {totals['complaints']:,} complaints in {seconds:.1f} s"
        )
