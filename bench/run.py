"""ipoffice benchmark harness: `make bench` (full scale) or `make bench-small`.

Runs against PostgreSQL with generated data and gunicorn (several workers), measures the six
scenarios of docs/performance.md side by side, and writes bench/results/<date>.json and .md
with the machine they ran on. Benchmarks, not tests: nothing here fails the build.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from ipoffice.cases.columns import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DB_NAME = os.environ.get("BENCH_DB", "ipoffice_bench")
# The generated data lives in the seed; every run measures a fresh copy of it (history
# tables refuse DELETE, so what a run adds is never removed from the copy it was added to).
SEED = f"{DB_NAME}_seed"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
CASES = int(os.environ.get("BENCH_CASES_PER_YEAR", "100000"))
COMPLAINTS = int(os.environ.get("BENCH_COMPLAINTS_PER_YEAR", "400000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "1000000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
PORT = 8765
LAST_YEAR = 2025
ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "IPOFFICE_MODE": "production",
    "IPOFFICE_SECRET_KEY": "bench-only-" + "x" * 40,
    "IPOFFICE_ALLOWED_HOSTS": "127.0.0.1",
    "IPOFFICE_SECURE_COOKIES": "false",
    "IPOFFICE_DATA_DIR": str(ROOT / "var" / "bench"),
    "IPOFFICE_PUBLIC_SUBMIT_RATE": "100000000/hour",
    "IPOFFICE_PUBLIC_LOOKUP_RATE": "100000000/hour",
    "REDIS_URL": "redis://127.0.0.1:6379/3",
}


def run(*args: str, db: str = DB_NAME, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "ipoffice"), *args],
        env={**ENV, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}"},
        check=True,
        text=True,
        capture_output=True,
        **kwargs,
    )  # type: ignore[call-overload]


def psql(sql: str, db: str = DB_NAME) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atc", sql],
        check=True,
        text=True,
        capture_output=True,
    ).stdout.strip()


def pg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*args, "-h", "127.0.0.1", "-U", "postgres"], capture_output=True, text=True, check=False
    )


def prepare() -> dict[str, int]:
    """Fill the seed once (migrated on every run), then measure a fresh copy of it."""
    if SEED not in psql("select datname from pg_database", db="postgres").split():
        if DB_NAME in psql("select datname from pg_database", db="postgres").split():
            # A database filled before the seed existed becomes the seed.
            psql(f'alter database "{DB_NAME}" rename to "{SEED}"', db="postgres")
        else:
            pg("createdb", SEED)
    run("migrate", "-v0", db=SEED)
    have = int(psql("select count(*) from cases_case where description = ''", db=SEED) or 0)
    if have < YEARS * CASES:
        run("demo", db=SEED)
        print(
            f"generating {YEARS} years x {CASES:,} cases, {COMPLAINTS:,} complaints ...", flush=True
        )
        subprocess.run(
            [
                str(BIN / "ipoffice"),
                "generate",
                "--years",
                str(YEARS),
                "--cases-per-year",
                str(CASES),
                "--complaints-per-year",
                str(COMPLAINTS),
                "--last-year",
                str(LAST_YEAR),
            ],
            env={**ENV, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{SEED}"},
            check=True,
        )
        psql("analyze", db=SEED)
    pg("dropdb", "--if-exists", DB_NAME)
    created = pg("createdb", "-T", SEED, DB_NAME)  # a file copy, statistics included
    if created.returncode:
        raise RuntimeError(created.stderr)
    run("collectstatic", "--noinput", "-v0")
    return {
        "cases": int(psql("select count(*) from cases_case")),
        "complaints": int(psql("select count(*) from complaints_complaint")),
    }


def tokens() -> dict[str, str]:
    code = (
        "from rest_framework.authtoken.models import Token\n"
        "from ipoffice.accounts.models import User\n"
        "for name in ['cnipa_analyst', 'js_supervisor', 'nanjing_officer']:\n"
        "    t, _ = Token.objects.get_or_create(user=User.objects.get(username=name))\n"
        "    print(name, t.key)\n"
    )
    lines = [line.split() for line in run("shell", "-c", code).stdout.splitlines()]
    return {parts[0]: parts[1] for parts in lines if len(parts) == 2}


def session_cookie(username: str) -> str:
    """A signed-in browser session (for the HTML pages), in the server's session store."""
    code = (
        "from django.test import Client\n"
        "from ipoffice.accounts.models import User\n"
        "c = Client()\n"
        f"c.force_login(User.objects.get(username='{username}'))\n"
        "print('COOKIE', c.cookies['sessionid'].value)\n"
    )
    for line in run("shell", "-c", code).stdout.splitlines():
        if line.startswith("COOKIE "):
            return line.split()[1]
    raise RuntimeError("no session cookie")


class Client:
    def __init__(self, token: str = "", cookie: str = "") -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.headers = {"Authorization": f"Token {token}"} if token else {}
        if cookie:
            self.headers = {"Cookie": f"sessionid={cookie}", "Accept-Language": "zh-hans"}

    def get(self, path: str) -> tuple[int, bytes]:
        self.conn.request("GET", path, headers=self.headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def post(self, path: str, body: Mapping[str, object]) -> tuple[int, bytes]:
        self.conn.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={**self.headers, "Content-Type": "application/json"},
        )
        response = self.conn.getresponse()
        return response.status, response.read()


def timed(fn, n: int = 40, warmup: int = 3 * WORKERS) -> dict[str, float]:  # type: ignore[no-untyped-def]
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1),
        "n": n,
    }


def ok(status_body: tuple[int, bytes]) -> None:
    status, body = status_body
    if status != 200:
        raise RuntimeError(f"HTTP {status}: {body[:200]!r}")


def national_statistics(token: str) -> dict[str, object]:
    client = Client(token)
    year = LAST_YEAR
    api = timed(
        lambda: ok(client.get(f"/api/v1/statistics/enforcement/?period={year}&office=100000"))
    )
    sql = (
        "select count(*) filter (where accepted_on between '{y}-01-01' and '{y}-12-31'),"
        " count(*) filter (where accepted_on between '{y}-01-01' and '{y}-12-31' and"
        " case_type in ('infringement_dispute','other_dispute')),"
        " count(*) filter (where concluded_on between '{y}-01-01' and '{y}-12-31')"
        " from cases_case"
    )
    import psycopg

    with psycopg.connect(DB_URL) as conn:

        def bare() -> None:
            for y in (year, year - 1):
                conn.execute(sql.format(y=y)).fetchall()

        base = timed(bare)
    return {
        "api": api,
        "bare_sql_group_by": base,
        "ratio_p50": round(api["p50_ms"] / max(base["p50_ms"], 0.01), 1),
    }


def province_statistics(token: str) -> dict[str, object]:
    client = Client(token)
    stats = timed(lambda: ok(client.get(f"/api/v1/statistics/enforcement/?period={LAST_YEAR}")))
    drill = timed(
        lambda: ok(
            client.get(
                f"/api/v1/statistics/enforcement/drilldown/?period={LAST_YEAR}&figure=disputes_accepted"
            )
        )
    )
    return {"statistics": stats, "drilldown": drill}


def case_list(token: str, cookie: str) -> dict[str, object]:
    client, browser = Client(token), Client(cookie=cookie)
    filtered = f"case_type=passing_off&year={LAST_YEAR}&page=3"
    search = "q=%E5%95%86%E6%88%B712345"  # a party name: 商户12345
    return {
        "api_first_page": timed(lambda: ok(client.get("/api/v1/cases/"))),
        "api_filtered_page": timed(lambda: ok(client.get(f"/api/v1/cases/?{filtered}"))),
        "api_search_party": timed(lambda: ok(client.get(f"/api/v1/cases/?{search}"))),
        "html_filtered_page": timed(lambda: ok(browser.get(f"/cases/?{filtered}"))),
        "html_search_party": timed(lambda: ok(browser.get(f"/cases/?{search}"))),
    }


def intake(clients: int = 32, per_client: int = 40) -> dict[str, object]:
    body = {
        "kind": "consultation",
        "subject": "bench",
        "description": "benchmark submission",
        "province_code": "320000",
        "city_code": "320100",
        "name": "bench",
        "phone": "13900000000",
    }
    acknowledged: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(path: str, post: bool) -> None:
        client = Client()
        for _ in range(per_client):
            start = time.perf_counter()
            status, data = client.post(path, body) if post else client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                if post and status == 201:
                    acknowledged.append(json.loads(data)["tracking_number"])

    def blast(path: str, post: bool) -> dict[str, float]:
        latencies.clear()
        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            for _ in range(clients):
                pool.submit(worker, path, post)
        seconds = time.perf_counter() - start
        ordered = sorted(latencies)
        return {
            "requests_per_s": round(len(ordered) / seconds, 1),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 1),
        }

    trivial = blast("/healthz", post=False)
    submit = blast("/api/v1/public/complaints/", post=True)
    stored = (
        int(
            psql(
                "select count(*) from complaints_complaint where tracking_number in ("
                + ",".join(f"'{t}'" for t in acknowledged)
                + ")"
            )
        )
        if acknowledged
        else 0
    )
    return {
        "clients": clients,
        "submissions": clients * per_client,
        "acknowledged": len(acknowledged),
        "stored_exactly_once": stored == len(set(acknowledged)) == len(acknowledged),
        "intake": submit,
        "trivial_view": trivial,
        "ratio_rps": round(submit["requests_per_s"] / trivial["requests_per_s"], 2),
    }


def import_bench(rows: int) -> dict[str, object]:
    path = ROOT / "var" / "bench" / "import.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = COLUMNS
    stamp = int(time.time())
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for n in range(rows):
            writer.writerow(
                [
                    f"IMP{stamp}-{n}",
                    "320100",
                    "passing_off",
                    "",
                    "report",
                    "",
                    "",
                    "false",
                    "2024-03-01",
                    "2024-03-04",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    f"商户{n}",
                    "",
                ]
            )
    start = time.perf_counter()
    importer = subprocess.Popen(
        [str(BIN / "ipoffice"), "import-cases", str(path)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # The importer's own peak (not that of every child this harness has run).
    _pid, status, usage = os.wait4(importer.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"import-cases failed with status {status}")
    peak_mb = usage.ru_maxrss / 1024
    psql(
        "drop table if exists bench_copy; create table bench_copy ("
        + ", ".join(f"{c} text" for c in columns)
        + ")"
    )
    start = time.perf_counter()
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            DB_NAME,
            "-c",
            f"\\copy bench_copy from '{path}' csv header",
        ],
        check=True,
        capture_output=True,
    )
    copy_seconds = time.perf_counter() - start
    psql("drop table bench_copy")
    return {
        "rows": rows,
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds),
        "peak_memory_mb": round(peak_mb),
        "copy_seconds": round(copy_seconds, 2),
        "ratio_to_copy": round(seconds / max(copy_seconds, 0.001), 1),
    }


def annual_report() -> dict[str, float]:
    out = {}
    for kind in ("html", "xlsx"):
        start = time.perf_counter()
        run(
            "report",
            "annual",
            "--year",
            str(LAST_YEAR),
            "--format",
            kind,
            "--output",
            str(ROOT / "var" / "bench" / f"annual.{kind}"),
        )
        out[f"{kind}_s"] = round(time.perf_counter() - start, 2)
    return out


def machine() -> dict[str, object]:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_gib": round(mem, 1),
        "postgresql": psql("show server_version"),
        "gunicorn_workers": WORKERS,
    }


SCENARIOS = set(os.environ.get("BENCH_SCENARIOS", "1,2,3,4,5,6").split(","))


def main() -> None:
    data = prepare()
    found = tokens()
    cookie = session_cookie("cnipa_analyst")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "ipoffice.wsgi",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                Client().get("/healthz")
                break
            except OSError:
                time.sleep(0.2)
        results: dict[str, object] = {
            "date": date.today().isoformat(),
            "machine": machine(),
            "data": data,
            "scale": {"years": YEARS, "cases_per_year": CASES, "complaints_per_year": COMPLAINTS},
        }
        steps: dict[str, Callable[[], object]] = {
            "1_national_statistics": lambda: national_statistics(found["cnipa_analyst"]),
            "2_province_statistics": lambda: province_statistics(found["js_supervisor"]),
            "3_case_list": lambda: case_list(found["cnipa_analyst"], cookie),
            "4_public_intake": intake,
            "6_annual_report": annual_report,
        }
        for name, step in steps.items():
            if name[0] in SCENARIOS:
                print(f"{name} ...", flush=True)
                results[name] = step()
    finally:
        server.terminate()
        server.wait()
    if "5" in SCENARIOS:
        print("5_import_cases ...", flush=True)
        results["5_import_cases"] = import_bench(IMPORT_ROWS)
    # A partial run (BENCH_SCENARIOS) is for working on one scenario: kept out of results/.
    complete = set("123456") <= SCENARIOS
    folder = ROOT / "bench" / "results" if complete else ROOT / "var" / "bench"
    stem = f"{results['date']}{'' if DB_NAME == 'ipoffice_bench' else '-' + DB_NAME}"
    out = folder / f"{stem}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    out.with_suffix(".md").write_text(summary(results))
    print(summary(results))
    print(f"written to {out} and {out.with_suffix('.md').name}", file=sys.stderr)


def _p(item: object, key: str = "p95_ms") -> str:
    return f"{item[key]:,.0f} ms" if isinstance(item, dict) and key in item else "-"


def summary(r: dict[str, Any]) -> str:
    """The figures beside their targets, with the machine, as a Markdown table."""
    m, d = r["machine"], r["data"]
    lines = [
        f"# Benchmark {r['date']}",
        "",
        f"Machine: {m['cpus']} cores, {m['memory_gib']} GiB, {m['platform']}, "
        f"Python {m['python']}, PostgreSQL {m['postgresql']}, "
        f"{m['gunicorn_workers']} gunicorn workers. "
        f"Data: {d['cases']:,} cases, {d['complaints']:,} complaints.",
        "",
        "| # | scenario | measured | target |",
        "|---|---|---|---|",
    ]
    get = r.get
    if s1 := get("1_national_statistics"):
        lines.append(
            f"| 1 | national statistics, one year | p50 {_p(s1['api'], 'p50_ms')}, "
            f"p95 {_p(s1['api'])}; bare SQL p50 {_p(s1['bare_sql_group_by'], 'p50_ms')} "
            f"(ratio {s1['ratio_p50']}) | p95 ≤ 50 ms |"
        )
    if s2 := get("2_province_statistics"):
        lines.append(
            f"| 2 | province statistics / drill-down | p95 {_p(s2['statistics'])} / "
            f"{_p(s2['drilldown'])} | p95 ≤ 80 ms |"
        )
    if s3 := get("3_case_list"):
        parts = ", ".join(f"{k} {_p(v)}" for k, v in s3.items())
        lines.append(f"| 3 | case list p95 | {parts} | p95 ≤ 50 ms |")
    if s4 := get("4_public_intake"):
        lines.append(
            f"| 4 | public intake, {s4['clients']} clients | "
            f"{s4['intake']['requests_per_s']}/s, p95 {_p(s4['intake'])}; trivial view "
            f"{s4['trivial_view']['requests_per_s']}/s (ratio {s4['ratio_rps']}); "
            f"{s4['acknowledged']} acknowledged, stored exactly once: "
            f"{s4['stored_exactly_once']} | ≥ 300/s, p95 ≤ 150 ms |"
        )
    if s5 := get("5_import_cases"):
        lines.append(
            f"| 5 | import-cases, {s5['rows']:,} rows | {s5['rows_per_s']:,} rows/s, "
            f"peak {s5['peak_memory_mb']} MB; COPY {s5['copy_seconds']} s "
            f"(ratio {s5['ratio_to_copy']}) | ≥ 20,000 rows/s, < 300 MB |"
        )
    if s6 := get("6_annual_report"):
        lines.append(
            f"| 6 | national annual report | HTML {s6['html_s']} s, XLSX {s6['xlsx_s']} s | ≤ 5 s |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
