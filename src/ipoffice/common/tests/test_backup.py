"""`ipoffice backup` and `ipoffice restore`: the database and the media files into a fresh
database, after which the history chains and the statistics roll-up check out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from ipoffice.cases.models import Case
from ipoffice.cases.tests.conftest import head, new_case, officer  # noqa: F401
from ipoffice.common.history import history_append

RESTORED = "ipoffice_restore_test"


def ipoffice(*args: str, database: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database, "IPOFFICE_MODE": "development"}
    return subprocess.run(
        [sys.executable, "-m", "ipoffice", *args], env=env, capture_output=True, text=True
    )


def dropdb(name: str) -> None:
    settings = connection.settings_dict
    subprocess.run(
        ["dropdb", "--if-exists", "-h", settings["HOST"] or "127.0.0.1",
         "-p", str(settings["PORT"] or 5432), "-U", settings["USER"] or "postgres", name],
        capture_output=True, check=False,
    )  # fmt: skip


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restores_into_a_fresh_database_that_verifies(new_case, officer, tmp_path):  # noqa: F811
    media = tmp_path / "media"
    (media / "cases" / "1").mkdir(parents=True)
    (media / "cases" / "1" / "evidence.pdf").write_bytes(b"%PDF-1.4 evidence")
    case = new_case()
    history_append(case, actor=officer, action="inspection", reason="site visit")
    settings = connection.settings_dict
    url = f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST'] or '127.0.0.1'}:"
    restored = f"{url}{settings['PORT'] or 5432}/{RESTORED}"
    dropdb(RESTORED)
    try:
        with override_settings(MEDIA_ROOT=media):
            call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
        files = sorted(p.name for p in (tmp_path / "backup").iterdir())
        assert files == ["database.dump", "manifest.json", "media.tar.gz"]
        with pytest.raises(CommandError, match="not empty"):
            call_command("backup", str(tmp_path / "backup"), stdout=StringIO())

        call_command("restore", str(tmp_path / "backup"), "--database", restored,
                     "--media", str(tmp_path / "restored"), stdout=StringIO())  # fmt: skip
        assert (tmp_path / "restored/cases/1/evidence.pdf").read_bytes() == b"%PDF-1.4 evidence"
        history = ipoffice("history", "verify", database=restored)
        assert history.returncode == 0, history.stderr
        assert "cases_caseevent: 2 entries in 1 chains" in history.stdout
        rollup = ipoffice("rollup", "verify", database=restored)
        assert rollup.returncode == 0, rollup.stderr
        number = ipoffice("shell", "-c", "from ipoffice.cases.models import Case; "
                          "print(Case.objects.get().case_number)", database=restored)  # fmt: skip
        assert number.stdout.strip().splitlines()[-1] == Case.objects.get().case_number
        # The copy is append-only too, and restoring twice into it is refused.
        refused = ipoffice("dbshell", "--", "-c", "DELETE FROM cases_caseevent", database=restored)
        assert "Cannot update or delete" in refused.stderr
        with pytest.raises(CommandError, match="already has"):
            call_command("restore", str(tmp_path / "backup"), "--database", restored,
                         "--media", str(tmp_path / "other"), stdout=StringIO())  # fmt: skip
    finally:
        dropdb(RESTORED)


def test_a_damaged_backup_is_not_restored(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"changed")
    (folder / "media.tar.gz").write_bytes(b"")
    files = {"database.dump": {"sha256": "0" * 64, "bytes": 7}}
    (folder / "manifest.json").write_text(json.dumps({"files": files}))
    with pytest.raises(CommandError, match="does not match the manifest"):
        call_command("restore", str(folder), "--database", "postgres://postgres@127.0.0.1/x")
    assert not Path(tmp_path / "x").exists()
