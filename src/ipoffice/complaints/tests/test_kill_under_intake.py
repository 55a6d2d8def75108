"""The server killed (SIGKILL, master and workers) under concurrent public submissions:
every acknowledged complaint is stored exactly once, nothing unacknowledged half-written.

gunicorn runs the project in production mode against the test database (committed data:
a transactional test); submitters post to the public API from threads while it is killed
and started again on the same port. Bounded: it stops after a fixed number of
acknowledgements on each side of the kill, or after DEADLINE seconds.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count

from ipoffice.complaints.models import Complaint, ComplaintEvent

SUBMITTERS = 8
BEFORE_KILL = 40  # acknowledgements before the kill
AFTER_RESTART = 40  # and after the restart
DEADLINE = 60.0  # seconds, a bound for a machine under load (about 10 s alone)
PREFIX = "KILLTEST"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


class Server:
    """gunicorn in its own process group, so that one killpg reaches master and workers."""

    def __init__(self, port: int, data_dir: Path) -> None:
        self.port = port
        self.env = {
            **os.environ,
            "IPOFFICE_MODE": "production",
            "IPOFFICE_SECRET_KEY": secrets.token_urlsafe(48),
            "IPOFFICE_ALLOWED_HOSTS": "127.0.0.1",
            "IPOFFICE_DATA_DIR": str(data_dir),
            "IPOFFICE_SECURE_COOKIES": "false",
            "IPOFFICE_PUBLIC_SUBMIT_RATE": "1000000/hour",
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "ipoffice.settings",
        }
        self.env.pop("REDIS_URL", None)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "ipoffice.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout", "1",
             "--log-level", "info"],
            env=self.env,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )  # fmt: skip
        assert self.process.stderr is not None
        # The master logs "Listening at" once the socket is bound: from then on connections
        # wait in its backlog until a worker takes them (no polling, no sleeping).
        for line in self.process.stderr:
            if b"Listening at" in line:
                break
        else:
            raise AssertionError("gunicorn did not start")
        threading.Thread(target=self._drain, args=(self.process,), daemon=True).start()

    @staticmethod
    def _drain(process: subprocess.Popen[bytes]) -> None:
        assert process.stderr is not None
        for _line in process.stderr:
            pass

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@dataclass
class Tally:
    acknowledged: dict[str, str] = field(default_factory=dict)  # subject -> tracking number
    unacknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    enough: threading.Event = field(default_factory=threading.Event)
    target: int = BEFORE_KILL
    stop: threading.Event = field(default_factory=threading.Event)
    up: threading.Event = field(default_factory=threading.Event)  # cleared while it is down
    refused: list[tuple[int, bytes]] = field(default_factory=list)


def _payload(subject: str) -> bytes:
    return json.dumps(
        {
            "kind": "infringement_complaint",
            "subject": subject,
            "description": "新街口某商场销售的台灯与我司外观设计专利相同。",
            "province_code": "320000",
            "city_code": "320100",
            "patent_numbers": ["200330100002.0"],
            "respondent_name": "某灯具商行",
            "name": "王小明",
            "phone": "13912345678",
        }
    ).encode()


def _submitter(port: int, number: int, tally: Tally) -> None:
    sent = 0
    while not tally.stop.is_set():
        sent += 1
        subject = f"{PREFIX}-{number}-{sent}"
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            conn.request(
                "POST",
                "/api/v1/public/complaints/",
                body=_payload(subject),
                headers={"Content-Type": "application/json", "Host": "127.0.0.1"},
            )
            response = conn.getresponse()
            body = response.read()
            conn.close()
        except OSError:  # refused, reset or cut off by the kill: not acknowledged
            with tally.lock:
                tally.unacknowledged.append(subject)
            tally.up.wait(DEADLINE)  # while the server is down, wait for it to be back
            continue
        with tally.lock:
            if response.status == 201:
                tally.acknowledged[subject] = json.loads(body)["tracking_number"]
                if len(tally.acknowledged) >= tally.target:
                    tally.enough.set()
            else:
                tally.unacknowledged.append(subject)
                tally.refused.append((response.status, body[:300]))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(_free_port(), tmp_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kill_minus_nine_loses_and_doubles_no_acknowledged_complaint(
    centers: Any, server: Server
) -> None:
    started = time.monotonic()
    server.start()
    tally = Tally()
    tally.up.set()
    threads = [
        threading.Thread(target=_submitter, args=(server.port, n, tally), daemon=True)
        for n in range(SUBMITTERS)
    ]
    for thread in threads:
        thread.start()
    try:
        assert tally.enough.wait(DEADLINE), f"only {len(tally.acknowledged)} acknowledged"
        tally.up.clear()
        server.kill()  # mid-run: requests are in flight in both workers
        with tally.lock:
            at_kill = len(tally.acknowledged)
            tally.target = at_kill + AFTER_RESTART
            tally.enough.clear()
        server.start()
        tally.up.set()
        left = DEADLINE - (time.monotonic() - started)
        assert tally.enough.wait(max(left, 1)), f"only {len(tally.acknowledged)} acknowledged"
    finally:
        tally.stop.set()
        tally.up.set()
        for thread in threads:
            thread.join(30)
        server.stop()

    assert not tally.refused, tally.refused[:3]
    stored = {
        c.subject: c
        for c in Complaint.objects.filter(subject__startswith=PREFIX).select_related("complainant")
    }
    counts = dict(
        Complaint.objects.filter(subject__startswith=PREFIX)
        .values_list("subject")
        .annotate(n=Count("id"))
    )
    assert all(n == 1 for n in counts.values()), "a submission was stored twice"
    for subject, tracking_number in tally.acknowledged.items():
        assert subject in stored, f"acknowledged {tracking_number} was lost"
        assert stored[subject].tracking_number == tracking_number
    # Whatever was stored is whole: its complainant, its patent and its first history entry.
    events = set(
        ComplaintEvent.objects.filter(
            complaint__subject__startswith=PREFIX, action="submit"
        ).values_list("complaint__subject", flat=True)
    )
    for subject, complaint in stored.items():
        assert complaint.complainant.name == "王小明", subject
        assert complaint.patents.count() == 1, subject
        assert subject in events, subject
    unacknowledged_stored = len(set(tally.unacknowledged) & set(stored))
    print(
        f"\nkill test: {len(tally.acknowledged)} acknowledged ({at_kill} before the kill), "
        f"{len(tally.unacknowledged)} unacknowledged ({unacknowledged_stored} of them stored "
        f"whole), {time.monotonic() - started:.1f} s"
    )
