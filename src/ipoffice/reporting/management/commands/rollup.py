from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipoffice.reporting import rollup
from ipoffice.reporting.definitions import FORMS


class Command(BaseCommand):
    help = (
        "The statistics roll-up: 'rebuild' recounts it from the records; 'verify' compares "
        "it with a count from the records (national and provincial offices, every year) "
        "and exits with status 1 on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "verify"])
        parser.add_argument("--form", choices=sorted(FORMS), help="one form (default: all)")
        parser.add_argument("--year", type=int, action="append", help="only these years")

    def handle(self, *args: Any, **options: Any) -> None:
        forms = [FORMS[options["form"]]] if options["form"] else list(FORMS.values())
        for form in forms:
            started = time.perf_counter()
            if options["action"] == "rebuild":
                rows = rollup.rebuild(form, years=options["year"])
                self.stdout.write(
                    f"{form.code}: {rows:,} rows in {time.perf_counter() - started:.1f} s"
                )
                continue
            found = rollup.verify(form, years=options["year"])
            for line in found:
                self.stderr.write(line)
            if found:
                raise CommandError(
                    f"{form.code}: {len(found)} figures differ; run 'rollup rebuild'"
                )
            self.stdout.write(f"{form.code}: the roll-up matches the records")
