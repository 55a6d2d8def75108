from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from ipoffice.common.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump, custom format) and the media files "
        "into a new or empty directory, with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_write(
                folder=options["directory"],
                database=connection.settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for name, file in manifest["files"].items():
            self.stdout.write(f"{name}: {file['bytes']:,} bytes, sha256 {file['sha256']}")
        self.stdout.write(f"backup of {manifest['database']} written to {options['directory']}")
