from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipoffice.privacy.services import personal_data_anonymise, personal_data_export


class Command(BaseCommand):
    help = (
        "Personal data (PIPL). 'anonymise' blanks the contact data of complainants and "
        "individual parties whose record finished longer ago than the retention period "
        "(IPOFFICE_PERSONAL_DATA_RETENTION_DAYS), with a ledger row and a history entry "
        "for each record; run it daily. 'export' writes everything held about one person "
        "as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["anonymise", "export"])
        parser.add_argument("--dry-run", action="store_true", help="anonymise: only list")
        parser.add_argument("--today", type=date.fromisoformat, help="anonymise: as of this day")
        parser.add_argument("--person", default="", help="export: name, telephone, e-mail or ID")
        parser.add_argument("--tracking-number", default="", help="export: one complaint's")
        parser.add_argument("--output", type=Path, help="export: file (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anonymise":
            done = personal_data_anonymise(today=options["today"], dry_run=options["dry_run"])
            for item in done:
                self.stdout.write(f"{item.record}: {item.rule} {', '.join(item.fields)}")
            verb = "due" if options["dry_run"] else "anonymised"
            self.stdout.write(f"{len(done)} records {verb}")
            return
        try:
            found = personal_data_export(
                person=options["person"], tracking_number=options["tracking_number"]
            )
        except ValueError as exc:
            raise CommandError(f"{exc} (--person or --tracking-number)") from None
        text = json.dumps(found, ensure_ascii=False, indent=2)
        if options["output"]:
            options["output"].write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
