"""The outbox with real workers: RabbitMQ, celery worker and beat processes, a real SMTP
server and an HTTP receiver. Messages written by another process (as the web would)
arrive exactly once through a receiver outage longer than the retry interval and through
a worker killed with SIGKILL mid-delivery; the periodic jobs run under the scheduler and
a failing one reaches the administrators.

PostgreSQL only: the worker processes read the committed rows of the test database.
Bounded: every wait stops at its deadline.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection
from kombu import Connection

from ipoffice.outbox.enums import MessageStatus
from ipoffice.outbox.models import JobRun, OutboxMessage
from ipoffice.outbox.tests.receivers import HttpReceiver, SmtpServer

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BROKER = os.environ.get("IPOFFICE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
DEADLINE = 90.0  # seconds for any one wait, a bound for a loaded 2-core machine
ADMIN = "ops@example.cn"


def _database_url() -> str:
    s = connection.settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


def _wait(condition: Callable[[], bool], what: str, deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.05)  # polling a condition, bounded by the deadline


class Processes:
    """Worker and scheduler processes, each in its own process group."""

    def __init__(self, env: dict[str, str], data: Path) -> None:
        self.env, self.data = env, data
        self.workers: list[subprocess.Popen[bytes]] = []
        self.others: list[subprocess.Popen[bytes]] = []
        self.celery = str(Path(sys.executable).with_name("celery"))

    def _start(self, *args: str, log: str) -> subprocess.Popen[bytes]:
        out = (self.data / log).open("ab")
        return subprocess.Popen(
            [self.celery, "-A", "ipoffice.worker", *args],
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def worker(self) -> subprocess.Popen[bytes]:
        process = self._start(
            "worker", "--concurrency", "2", "--without-gossip", "--without-mingle",
            "--loglevel", "warning", "--hostname", f"w{len(self.workers)}@%h", log="worker.log",
        )  # fmt: skip
        self.workers.append(process)
        return process

    def scheduler(self) -> None:
        self.others.append(
            self._start("beat", "--schedule", str(self.data / "beat"), "--loglevel", "warning",
                        log="beat.log")
        )  # fmt: skip

    def load(self, prefix: str, count: int) -> None:
        subprocess.run(
            [sys.executable, "-m", "ipoffice.outbox.tests.load", prefix, str(count), "4"],
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=DEADLINE,
        )

    @staticmethod
    def kill(process: subprocess.Popen[bytes]) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in [*self.workers, *self.others]:
            if process.poll() is None:
                self.kill(process)


@pytest.fixture
def receivers() -> Iterator[tuple[SmtpServer, HttpReceiver]]:
    smtp, http = SmtpServer(), HttpReceiver()
    smtp.start()
    http.start()
    yield smtp, http
    smtp.stop()
    http.stop()


@pytest.fixture
def processes(tmp_path: Path, receivers: tuple[SmtpServer, HttpReceiver]) -> Iterator[Processes]:
    smtp, http = receivers
    try:  # the project's machines run RabbitMQ; say so at once where it is not running
        with Connection(BROKER, connect_timeout=3) as broker:
            broker.ensure_connection(max_retries=1)
    except Exception as exc:
        pytest.fail(f"RabbitMQ is not answering at {BROKER} ({exc}): `rabbitmq-server -detached`")
    env = {
        **os.environ,
        "IPOFFICE_MODE": "production",
        "IPOFFICE_SECRET_KEY": secrets.token_urlsafe(48),
        "IPOFFICE_ALLOWED_HOSTS": "127.0.0.1",
        "IPOFFICE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "ipoffice.settings",
        "IPOFFICE_BROKER_URL": BROKER,
        # A queue of this test's own: nothing else on the broker reads it.
        "IPOFFICE_TASK_QUEUE": f"ipoffice-test-{secrets.token_hex(4)}",
        "IPOFFICE_SMTP_HOST": "127.0.0.1",
        "IPOFFICE_SMTP_PORT": str(smtp.port),
        "IPOFFICE_SMS_GATEWAY_URL": f"{http.url}/sms",
        "IPOFFICE_OUTBOX_RETRY_SECONDS": "1",
        "IPOFFICE_OUTBOX_RETRY_MAX_SECONDS": "2",
        "IPOFFICE_OUTBOX_MAX_ATTEMPTS": "100",
        "IPOFFICE_OUTBOX_LEASE_SECONDS": "3",
        "IPOFFICE_ADMIN_EMAILS": ADMIN,
        "IPOFFICE_JOB_SCHEDULE": "outbox-sweep=1s,history-verify=2s,rollup-verify=3s,"
        "personal-data-anonymise=3s",
    }
    env.pop("REDIS_URL", None)
    running = Processes(env, tmp_path)
    yield running
    running.stop()
    with Connection(BROKER) as broker:  # the test's queue goes with it
        broker.default_channel.queue_delete(env["IPOFFICE_TASK_QUEUE"])


def _counts(prefix: str) -> dict[str, int]:
    rows = OutboxMessage.objects.filter(idempotency_key__startswith=prefix)
    return {
        "all": rows.count(),
        "delivered": rows.filter(status=MessageStatus.DELIVERED).count(),
        "tried": rows.filter(attempts__gte=2).count(),
    }


def _arrived(receivers: tuple[SmtpServer, HttpReceiver], prefix: str) -> tuple[int, set[str]]:
    """How many attempts the receivers accepted, and the distinct messages among them."""
    items = [
        item
        for inbox in (receivers[0].inbox, receivers[1].inbox)
        for item in inbox.items
        if prefix in item.text
    ]
    return len(items), {item.text for item in items}


def test_every_message_arrives_once_through_an_outage_and_a_killed_worker(
    processes: Processes, receivers: tuple[SmtpServer, HttpReceiver]
) -> None:
    smtp, http = receivers
    processes.worker()
    processes.scheduler()

    # 1. The receivers are down for longer than the retry interval: every message is
    #    tried at least twice, none is lost, none is given up.
    smtp.stop()
    http.stop()
    processes.load("OUTAGE", 120)
    _wait(lambda: _counts("OUTAGE")["tried"] == 120, "two failed attempts of each message")
    assert _counts("OUTAGE")["delivered"] == 0
    smtp.start()
    http.start()
    _wait(lambda: _counts("OUTAGE")["delivered"] == 120, "delivery after the outage")
    accepted, distinct = _arrived(receivers, "OUTAGE")
    assert (accepted, len(distinct)) == (120, 120)  # no attempt reached a receiver twice

    # 2. A worker killed with SIGKILL in the middle of delivering; another takes over.
    first = processes.workers[0]
    processes.load("KILL", 400)
    _wait(lambda: _counts("KILL")["delivered"] >= 20, "some deliveries before the kill")
    processes.kill(first)
    assert _counts("KILL")["delivered"] < 400, "the kill came too late to test anything"
    processes.worker()
    _wait(lambda: _counts("KILL")["delivered"] == 400, "delivery after the kill")
    accepted, distinct = _arrived(receivers, "KILL")
    assert len(distinct) == 400  # every message arrived
    # A message sent in the instant between the receiver's acceptance and the commit is
    # sent again with the same Message-ID / Idempotency-Key: at most one per worker
    # process that was killed, and recognisable as the same message.
    assert accepted - len(distinct) <= 2


def test_the_scheduler_runs_the_jobs_and_a_failure_reaches_the_administrators(
    processes: Processes, receivers: tuple[SmtpServer, HttpReceiver]
) -> None:
    from ipoffice.audit.models import AuditEntry
    from ipoffice.audit.services import audit_record
    from ipoffice.offices.models import Office

    processes.worker()
    processes.scheduler()
    _wait(
        lambda: (
            {"history-verify", "rollup-verify", "personal-data-anonymise"}
            <= set(JobRun.objects.filter(succeeded=True).values_list("name", flat=True))
        ),
        "a successful run of each nightly job",
    )
    # Someone with the table owner's rights edits a history entry behind the system's back.
    office = Office.objects.get(code="320100")
    entry = audit_record(actor=None, target=office, office=office, action="update", reason="x")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {AuditEntry._meta.db_table} DISABLE TRIGGER USER")
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET reason = 'changed' WHERE id = %s",
            [entry.pk],
        )
        cursor.execute(f"ALTER TABLE {AuditEntry._meta.db_table} ENABLE TRIGGER USER")
    _wait(
        lambda: JobRun.objects.filter(name="history-verify", succeeded=False).exists(),
        "the history check to fail",
    )
    _wait(lambda: bool(receivers[0].inbox.to(ADMIN)), "the administrators' alert")
    alert = receivers[0].inbox.to(ADMIN)[0]
    assert "history-verify" in alert.subject
    assert AuditEntry._meta.db_table in alert.text
    assert len(receivers[0].inbox.to(ADMIN)) == 1  # one alert a day, not one a run


def test_without_a_broker_the_embedded_one_delivers(
    processes: Processes, receivers: tuple[SmtpServer, HttpReceiver], tmp_path: Path
) -> None:
    """What `make run` does on a machine with no RabbitMQ: the broker is a folder."""
    processes.env["IPOFFICE_BROKER_URL"] = f"filesystem://{tmp_path / 'broker'}"
    processes.env.pop("IPOFFICE_JOB_SCHEDULE")
    processes.worker()
    processes.load("EMBEDDED", 20)  # nudged through the folder; no sweep runs in time
    _wait(lambda: _counts("EMBEDDED")["delivered"] == 20, "delivery through the folder")
    assert len(_arrived(receivers, "EMBEDDED")[1]) == 20
