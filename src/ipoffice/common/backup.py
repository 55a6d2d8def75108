"""Backup and restore: the PostgreSQL database (``pg_dump`` custom format), the media files
(a tar of ``MEDIA_ROOT``) and a manifest with their SHA-256 checksums.

A backup directory holds ``database.dump``, ``media.tar.gz`` and ``manifest.json``.
Restoring checks every checksum first, then restores into a database that must be new
(created when missing, refused when it has tables) and unpacks the files into an empty
media directory. The dump carries the history tables' triggers and hash chains as they
are, so ``ipoffice history verify`` and ``ipoffice rollup verify`` can run on the copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from ipoffice.config import ConfigError, parse_database_url

DUMP, MEDIA, MANIFEST = "database.dump", "media.tar.gz", "manifest.json"


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg(database: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL client programs (the password by PGPASSWORD,
    never on the command line)."""
    if not str(database.get("ENGINE", "")).endswith("postgresql"):
        raise BackupError("backup and restore need PostgreSQL (DATABASE_URL=postgres://...)")
    args = ["-h", str(database.get("HOST") or "127.0.0.1"), "-p", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        args += ["-U", str(database["USER"])]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> str:
    # A list of arguments, no shell: names and paths are passed as they are.
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
    return done.stdout


def backup_write(*, folder: Path, database: Mapping[str, Any], media_root: Path) -> dict[str, Any]:
    """Write a backup into ``folder`` (new or empty); returns the manifest."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    args, env = _pg(database)
    _run(["pg_dump", *args, "--format=custom", "--file", str(folder / DUMP), database["NAME"]], env)
    with tarfile.open(folder / MEDIA, "w:gz") as tar:
        if media_root.is_dir():
            tar.add(media_root, arcname="media")
    migrations = MigrationRecorder.Migration.objects.order_by("app", "name")
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "database": database["NAME"],
        "pg_dump": _run(["pg_dump", "--version"], env).strip(),
        "migrations": {m.app: m.name for m in migrations},  # the last applied of each app
        "files": {
            name: {"sha256": _sha256(folder / name), "bytes": (folder / name).stat().st_size}
            for name in (DUMP, MEDIA)
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def backup_check(folder: Path) -> dict[str, Any]:
    """The manifest, once every file matches its checksum."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST}: {exc}") from None
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _sha256(path) != expected["sha256"]:
            raise BackupError(f"{path} is missing or does not match the manifest's checksum")
    return manifest


def _connect(database: Mapping[str, Any], name: str) -> psycopg.Connection[Any]:
    return psycopg.connect(
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        dbname=name,
        autocommit=True,
    )


def _tables(database: Mapping[str, Any]) -> int | None:
    """How many tables the database has; None when it does not exist."""
    with _connect(database, "postgres") as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
    if found is None:
        return None
    with _connect(database, database["NAME"]) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    return int(row[0]) if row else 0


def backup_restore(*, folder: Path, database_url: str, media_root: Path) -> dict[str, Any]:
    """Restore a checked backup into a new database and an empty media directory."""
    manifest = backup_check(folder)
    try:
        database = parse_database_url(database_url)
    except ConfigError as exc:
        raise BackupError(str(exc)) from None
    args, env = _pg(database)
    name = database["NAME"]
    tables = _tables(database)
    if tables:
        raise BackupError(f"database {name} already has {tables} tables; restore into a new one")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty")
    if tables is None:
        _run(["createdb", *args, name], env)
    _run(
        ["pg_restore", *args, "--dbname", name, "--no-owner", "--no-privileges",
         "--exit-on-error", str(folder / DUMP)],
        env,
    )  # fmt: skip
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA, "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("media/")]
        for member in members:
            member.name = member.name.removeprefix("media/")
        tar.extractall(media_root, members=members, filter="data")
    return manifest
