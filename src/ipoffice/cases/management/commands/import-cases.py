from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ipoffice.accounts.models import User
from ipoffice.cases.transfer import cases_import, write_rejects
from ipoffice.common.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Import legacy cases from CSV (UTF-8 or GB 18030) or XLSX, with Chinese or English "
        "column names. All-or-nothing unless --skip-invalid; "
        "office_code + case_number identify a case, so importing a file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the good rows; write the bad ones to --rejects",
        )
        parser.add_argument(
            "--rejects",
            type=Path,
            default=None,
            help="where rejected rows go (default: FILE.rejects.csv)",
        )
        parser.add_argument("--user", default="", help="user name recorded as the importer")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"--user {options['user']}: no such user")

        def progress(rows: int) -> None:
            sys.stderr.write(f"\r{rows:,} rows checked")
            sys.stderr.flush()

        try:
            result = cases_import(
                path, skip_invalid=options["skip_invalid"], actor=actor, progress=progress
            )
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from None
        sys.stderr.write("\n")
        for error in result.errors[:1000]:
            line = _("row %(row)s, column %(column)s: %(reason)s")
            column = result.header.name(error.column)
            self.stderr.write(line % {"row": error.row, "column": column, "reason": error.reason})
        if len(result.errors) > 1000:
            more = _("... and %(n)s more problems") % {"n": len(result.errors) - 1000}
            self.stderr.write(more)
        if result.rejected and not options["skip_invalid"]:
            raise CommandError(
                _(
                    "%(n)s rows have problems; nothing was imported "
                    "(use --skip-invalid to import the good rows)"
                )
                % {"n": len(result.rejected)}
            )
        if result.rejected:
            rejects = options["rejects"] or path.with_suffix(path.suffix + ".rejects.csv")
            write_rejects(rejects, result)
            self.stderr.write(
                _("%(n)s rows rejected, written to %(path)s")
                % {"n": len(result.rejected), "path": rejects}
            )
        self.stdout.write(
            _("%(created)s cases imported, %(unchanged)s already present")
            % {"created": result.created, "unchanged": result.unchanged}
        )
