from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipoffice.offices.models import NATIONAL_CODE, Office
from ipoffice.reporting.annual import build
from ipoffice.reporting.render import to_html, to_markdown, to_pdf, to_xlsx


class Command(BaseCommand):
    help = "Write the annual report (enforcement and complaint sections) from live figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--office", default=NATIONAL_CODE)
        parser.add_argument("--format", choices=["html", "pdf", "xlsx", "md"], default="md")
        parser.add_argument("--language", choices=["zh-hans", "en"], default="zh-hans")
        parser.add_argument("--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        office = Office.objects.filter(code=options["office"]).first()
        if office is None:
            raise CommandError(f"--office {options['office']}: no such office")
        if not 1985 <= options["year"] <= 2100:
            raise CommandError(f"--year {options['year']}: give a year such as 2013")
        report = build(office, options["year"], options["language"])
        kind = options["format"]
        renderers: dict[str, Callable[[Any], str | bytes]] = {
            "html": to_html,
            "md": to_markdown,
            "pdf": to_pdf,
            "xlsx": to_xlsx,
        }
        content = renderers[kind](report)
        if options["output"]:
            mode = "wb" if isinstance(content, bytes) else "w"
            with options["output"].open(mode) as handle:
                handle.write(content)
            self.stderr.write(f"wrote {options['output']}")
        elif isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            self.stdout.write(content)
