"""`ipoffice createsuperuser` on a terminal, as an operator runs it: a process of its own
on a fresh SQLite database (the test database is not needed, so none is used)."""

from __future__ import annotations


def _until_echo_is_off(terminal: int) -> None:
    """getpass turns echo off and flushes the input in one step; answer after it."""
    import termios
    import time

    for _attempt in range(10_000):
        if not termios.tcgetattr(terminal)[3] & termios.ECHO:
            return
        time.sleep(0.001)  # polling the terminal's state, not waiting out a guess
    raise AssertionError("the password prompt never turned echo off")


def _answer_prompts(command: list[str], answers: list[str], env: dict[str, str]) -> str:
    """Run ``command`` on a terminal (getpass reads the tty) and answer each prompt."""
    import os
    import pty
    import select
    import subprocess

    leader, follower = pty.openpty()
    child = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower,
                             env=env, start_new_session=True)  # fmt: skip
    os.close(follower)
    seen, pending, answered_at = b"", list(answers), 0
    try:
        while True:
            ready, _w, _x = select.select([leader], [], [], 60)
            if not ready:
                raise AssertionError(f"no prompt within a minute: {seen.decode()!r}")
            try:
                chunk = os.read(leader, 1024)
            except OSError:  # the command ended and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            prompt = seen[answered_at:].strip()  # what came since the last answer
            if pending and prompt.endswith((b":", "：".encode())):
                if b"assword" in prompt:
                    _until_echo_is_off(leader)  # getpass flushes what came before
                os.write(leader, pending.pop(0).encode() + b"\n")
                seen += b"\n"
                answered_at = len(seen)
    finally:
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            raise AssertionError(f"the command did not end: {seen.decode()!r}") from None
        finally:
            os.close(leader)
    assert child.returncode == 0, seen.decode(errors="replace")
    return seen.decode(errors="replace")


def test_createsuperuser_asks_for_everything_on_a_terminal(tmp_path):
    """As docs/deployment.md says, on a fresh database: user name, e-mail, office code
    and the password twice."""
    import os
    import sqlite3
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ipoffice.settings",
        "IPOFFICE_MODE": "development",
        "IPOFFICE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    cli = [sys.executable, "-m", "ipoffice"]
    subprocess.run([*cli, "migrate", "--verbosity", "0"], env=env, check=True)
    shown = _answer_prompts(
        [*cli, "createsuperuser"],
        ["root", "root@cnipa.gov.cn", "100000", *["Ein-langes-Passwort-2013"] * 2],
        env,
    )
    assert "Traceback" not in shown
    with sqlite3.connect(tmp_path / "fresh.sqlite3") as db:
        row = db.execute(
            "select is_superuser, office_id from accounts_user where username = 'root'"
        ).fetchone()
    assert row == (1, "100000")
