from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipoffice.common.chain import Break
from ipoffice.common.history import history_tables, history_verify


class Command(BaseCommand):
    help = (
        "'verify' walks the hash chain of every record's history (cases, complaints, "
        "reports, the audit trail), names the first broken link of each broken chain and "
        "exits with status 1 if there is one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        broken = 0
        for model in history_tables():
            for found in history_verify(model):
                if isinstance(found, Break):
                    broken += 1
                    self.stderr.write(str(found))
                    continue
                chains, entries, digest = found
                self.stdout.write(
                    f"{model._meta.db_table}: {entries:,} entries in {chains:,} chains, "
                    f"heads {digest[:16]}"
                )
        if broken:
            raise CommandError(f"{broken} broken history chains")
        self.stdout.write("every history chain is intact")
