from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipoffice.common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'ipoffice backup' into a new PostgreSQL database "
        "(created if missing; refused if it has tables) and an empty media directory, "
        "after checking every file against the manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", required=True, help="postgres://... of the new database")
        parser.add_argument(
            "--media", type=Path, help="where the files go (default: this MEDIA_ROOT)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        media = options["media"] or Path(settings.MEDIA_ROOT)
        try:
            manifest = backup_restore(
                folder=options["directory"], database_url=options["database"], media_root=media
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"backup of {manifest['database']} ({manifest['created_at']}) restored; files in "
            f"{media}. Check it: ipoffice history verify; ipoffice rollup verify"
        )
