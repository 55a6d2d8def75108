"""Outbox benchmark (part of `make bench`): throughput of delivery to a local SMTP server
and the latency from commit to delivery, with real RabbitMQ and Celery workers.

1. steady: a writer process commits messages one transaction each (as web requests
   would) while two workers (2 processes each) deliver; latency = the SMTP server's
   acceptance time minus the commit time, p50/p95/max.
2. drain: messages written with no worker running, then the workers started: how fast
   a backlog (e.g. after an outage) is delivered.

Writes bench/results/<date>-outbox.json and .md. Not a test: nothing here fails the build.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from ipoffice.outbox.tests.receivers import SmtpServer  # noqa: E402 (needs src on the path)

BIN = ROOT / ".venv" / "bin"
DB = os.environ.get("BENCH_OUTBOX_DB", "ipoffice_bench_outbox")
STEADY = int(os.environ.get("BENCH_OUTBOX_STEADY", "3000"))
DRAIN = int(os.environ.get("BENCH_OUTBOX_DRAIN", "5000"))
WORKERS, CONCURRENCY = 2, 2


def _env(smtp: SmtpServer) -> dict[str, str]:
    env = {
        **os.environ,
        "IPOFFICE_MODE": "production",
        "IPOFFICE_SECRET_KEY": "bench-only-" + "x" * 40,
        "IPOFFICE_ALLOWED_HOSTS": "127.0.0.1",
        "IPOFFICE_DATA_DIR": str(ROOT / "var" / "bench-outbox"),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "DJANGO_SETTINGS_MODULE": "ipoffice.settings",
        "IPOFFICE_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//",
        "IPOFFICE_TASK_QUEUE": f"ipoffice-bench-{secrets.token_hex(4)}",
        "IPOFFICE_SMTP_HOST": "127.0.0.1",
        "IPOFFICE_SMTP_PORT": str(smtp.port),
        "IPOFFICE_JOB_SCHEDULE": "outbox-sweep=1s",
    }
    env.pop("REDIS_URL", None)
    return env


def _pg(*args: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", *args], check=True)


def _workers(env: dict[str, str], log: Path) -> list[subprocess.Popen[bytes]]:
    out = log.open("ab")
    return [
        subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "ipoffice.worker",
                "worker",
                "--concurrency",
                str(CONCURRENCY),
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "warning",
                "--hostname",
                f"bench{n}@%h",
                *(["--beat", "--schedule", str(log.parent / "beat")] if n == 0 else []),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        for n in range(WORKERS)
    ]


def _load(env: dict[str, str], prefix: str, count: int) -> dict[str, float]:
    done = subprocess.run(
        [str(BIN / "python"), "-m", "ipoffice.outbox.tests.load", prefix, str(count)],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    pairs = (line.split("\t") for line in done.stdout.splitlines() if line)
    return {key: float(at) for key, at in pairs}


def _wait(smtp: SmtpServer, prefix: str, count: int, deadline: float = 900) -> None:
    end = time.monotonic() + deadline
    while sum(prefix in item.text for item in smtp.inbox.items) < count:
        if time.monotonic() > end:
            raise SystemExit(f"{prefix}: not all delivered within {deadline} s")
        time.sleep(0.05)


def _arrivals(smtp: SmtpServer, prefix: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for item in smtp.inbox.items:
        for word in item.text.split():
            if word.startswith(prefix):
                found.setdefault(word, item.at)
    return found


def main() -> None:
    smtp = SmtpServer()
    smtp.start()
    env = _env(smtp)
    logs = Path(env["IPOFFICE_DATA_DIR"])
    logs.mkdir(parents=True, exist_ok=True)
    _pg("-c", f"DROP DATABASE IF EXISTS {DB}")
    _pg("-c", f"CREATE DATABASE {DB}")
    subprocess.run([str(BIN / "ipoffice"), "migrate", "-v0"], env=env, check=True)
    results: dict[str, object] = {"date": date.today().isoformat(), "cores": os.cpu_count(),
                                  "workers": f"{WORKERS} x {CONCURRENCY} processes"}  # fmt: skip

    workers = _workers(env, logs / "worker.log")
    time.sleep(3)  # the workers connect to the broker before the clock starts
    started = time.time()
    commits = _load(env, "STEADY", STEADY)
    written = time.time()
    _wait(smtp, "STEADY", STEADY)
    arrived = _arrivals(smtp, "STEADY")
    latency = sorted((arrived[k] - commits[k]) * 1000 for k in commits)
    steady = results["steady"] = {
        "messages": STEADY,
        "written_per_s": round(STEADY / (written - started)),
        "delivered_per_s": round(STEADY / (max(arrived.values()) - started)),
        "latency_p50_ms": round(statistics.median(latency), 1),
        "latency_p95_ms": round(latency[int(0.95 * len(latency)) - 1], 1),
        "latency_max_ms": round(latency[-1], 1),
        "duplicates": len(smtp.inbox.items) - len(smtp.inbox.keys()),
    }
    for w in workers:
        w.terminate()
        w.wait()

    _load(env, "DRAIN", DRAIN)  # no worker running: a backlog
    smtp.inbox.clear()
    began = time.time()
    workers = _workers(env, logs / "worker.log")
    _wait(smtp, "DRAIN", DRAIN)
    last = max(_arrivals(smtp, "DRAIN").values())
    drain = results["drain"] = {
        "messages": DRAIN,
        "delivered_per_s": round(DRAIN / (last - began)),
        "duplicates": len(smtp.inbox.items) - len(smtp.inbox.keys()),
    }
    for w in workers:
        w.terminate()
        w.wait()
    smtp.stop()
    with __import__("kombu").Connection(env["IPOFFICE_BROKER_URL"]) as broker:
        broker.default_channel.queue_delete(env["IPOFFICE_TASK_QUEUE"])

    folder = ROOT / "bench" / "results"
    out = folder / f"{results['date']}-outbox.json"
    out.write_text(json.dumps(results, indent=2))
    s, d = steady, drain
    md = (
        f"# Outbox benchmark {results['date']}\n\n"
        f"{results['cores']} cores; RabbitMQ, PostgreSQL, a local SMTP server (aiosmtpd) and "
        f"the workers ({results['workers']}) on the same machine.\n\n"
        "| scenario | measured |\n|---|---|\n"
        f"| steady: {s['messages']:,} messages, one commit each | written {s['written_per_s']}/s, "
        f"delivered {s['delivered_per_s']}/s; commit→delivery p50 {s['latency_p50_ms']} ms, "
        f"p95 {s['latency_p95_ms']} ms, max {s['latency_max_ms']} ms; "
        f"{s['duplicates']} repeats |\n"
        f"| drain: a backlog of {d['messages']:,} | {d['delivered_per_s']}/s; "
        f"{d['duplicates']} repeats |\n"
    )
    out.with_suffix(".md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
