"""Assessment benchmark (part of `make bench`): scoring every office of every level for one
year, against one national statistics call of the same run; the result page of one office
against the trivial view.

Measures the database `bench/run.py` prepares (the same seed of generated cases and
complaints, copied afresh: nothing is generated twice), in-process:

(a) ``scoring.score`` for the provinces, cities and assistance centers for LAST_YEAR,
    with schemes drafted here from figures of the enforcement, coordination and
    complaints forms (points per record, growth, rate bands, a manual item), against the
    reporting statistics selector for the national office (enforcement, one year) — the
    call behind `/api/v1/statistics/enforcement/?office=100000`. Target ≤ 30x.
(b) the result page `assessment-result` (round, office) p95 through Django's test client,
    against `/healthz` the same way. Until that page exists (branch `pages`), the selector
    ``selectors.result_for`` is measured instead and the results say so. Target ≤ 3x.

Writes bench/results/<date>-assessment.json and .md (a `BENCH_DB` other than
ipoffice_bench adds its name). Not a test: nothing here fails the build.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

import run  # noqa: E402 (bench/run.py: the same database, prepared the same way)

N = int(os.environ.get("BENCH_ASSESSMENT_REPEAT", "10"))
E, C, Q = "enforcement", "coordination", "complaints"


def _t(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)], 1),
        "n": len(ordered),
    }


def timed(fn: Callable[[], object], n: int = N, warmup: int = 2) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return _t(samples)


def _f(form: str, figure: str) -> dict[str, str]:
    return {"form": form, "figure": figure}


def _indicator(code: str, kind: str, rule: dict[str, Any], cap: float | None = None) -> dict:
    return {"code": code, "group_zh": "基准", "group_en": "Bench", "name_zh": code,
            "name_en": code, "kind": kind, "rule": rule, "cap": cap}  # fmt: skip


def _bands() -> list[dict[str, float]]:
    return [{"at_least": 90, "points": 10}, {"at_least": 50, "points": 5},
            {"at_least": 0, "points": 1}]  # fmt: skip


def enforcement_indicators() -> list[Mapping[str, Any]]:
    """Existing figures of the enforcement and coordination forms, one of each rule kind."""
    per = "per_record"
    return [
        _indicator("disputes", per, {"terms": [{**_f(E, "disputes_accepted"), "points": 3}]}, 30),
        _indicator("passing_off", per,
                   {"terms": [{**_f(E, "passing_off_accepted"), "points": 1}]}, 15),
        _indicator("disputes_growth", "growth",
                   {**_f(E, "disputes_accepted"), "points": 1, "per_pct": 10}, 5),
        _indicator("closure_rate", "rate_bands",
                   {"numerator": _f(E, "closed_within_time_limit"),
                    "denominator": _f(E, "cases_closed"), "bands": _bands()}),
        _indicator("cross_region", per,
                   {"terms": [{**_f(C, "cross_region_cases"), "points": 0.2}]}, 3),
        _indicator("media", "manual", {"max": 5, "evidence": True}),
    ]  # fmt: skip


def center_indicators() -> list[Mapping[str, Any]]:
    return [
        _indicator("received", "per_record",
                   {"terms": [{**_f(Q, "complaints_received"), "points": 0.05}]}, 20),
        _indicator("received_growth", "growth",
                   {**_f(Q, "complaints_received"), "points": 1, "per_pct": 10}, 5),
        _indicator("reviewed_on_time", "rate_bands",
                   {"numerator": _f(Q, "reviewed_on_time"), "denominator": _f(Q, "reviewed"),
                    "bands": _bands()}),
        _indicator("publicity", "manual", {"max": 5, "evidence": True}),
    ]  # fmt: skip


def measure() -> dict[str, object]:
    os.environ.update({**run.ENV, "DJANGO_SETTINGS_MODULE": "ipoffice.settings"})
    import django

    django.setup()
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from ipoffice.accounts.models import User
    from ipoffice.assessment import selectors
    from ipoffice.assessment.models import Scheme
    from ipoffice.assessment.scoring import score
    from ipoffice.assessment.services import round_open, scheme_adopt, scheme_create
    from ipoffice.cases.statistics import ENFORCEMENT
    from ipoffice.common.periods import period_parse
    from ipoffice.offices.models import Office
    from ipoffice.reporting.selectors import statistics as statistics_selector

    year = run.LAST_YEAR
    head = User.objects.get(username="cnipa_head")
    analyst = User.objects.get(username="js_analyst")
    schemes: dict[str, Scheme] = {}
    for level, indicators in (
        ("provincial", enforcement_indicators()),
        ("municipal", enforcement_indicators()),
        ("assistance_center", center_indicators()),
    ):
        schemes[level] = scheme_create(
            actor=head, year=year, level=level, name_zh=f"基准 {level}", source="bench",
            indicators=indicators, value_source="records" if level != "provincial" else "reports",
        )  # fmt: skip
    offices = {
        level: Office.objects.filter(level=level, is_active=True).count() for level in schemes
    }

    national = Office.objects.get(code="100000")
    period = period_parse(str(year))
    national_call = timed(lambda: statistics_selector(ENFORCEMENT, national, period))

    def scorer(scheme: Scheme) -> Callable[[], object]:
        return lambda: score(scheme, year=year)

    per_level = {level: timed(scorer(scheme)) for level, scheme in schemes.items()}
    every_level = timed(lambda: [score(s, year=year) for s in schemes.values()])

    # (b) one office's result: a round of the provinces, open, scored live.
    scheme_adopt(actor=head, scheme=schemes["provincial"])
    round_ = round_open(actor=head, year=year, level="provincial")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(analyst)
    trivial = timed(lambda: _ok(client.get("/healthz")), n=40, warmup=5)
    try:
        url = reverse("assessment-result", args=(round_.pk, "320000"))
    except NoReverseMatch:
        url = ""
    if url:
        measured = "page"
        result = timed(lambda: _ok(client.get(url)), n=40, warmup=5)
    else:
        measured = "selector result_for (the page does not exist yet)"
        found = selectors.assessment_get(analyst, round_, "320000")
        result = timed(lambda: selectors.result_for(analyst, found), n=40, warmup=5)
    published = _published_result(head, round_, analyst, client, url)
    return {
        "year": year,
        "offices": offices,
        "a_scoring": {
            "national_statistics_selector": national_call,
            "per_level": per_level,
            "every_level": every_level,
            "ratio_p50": round(every_level["p50_ms"] / max(national_call["p50_ms"], 0.01), 1),
            "target_ratio": 30,
        },
        "b_result_page": {
            "measured": measured,
            "url": url,
            "result": result,
            "trivial_view": trivial,
            "ratio_p95": round(result["p95_ms"] / max(trivial["p95_ms"], 0.01), 1),
            "published": published,
            "published_ratio_p95": round(published["p95_ms"] / max(trivial["p95_ms"], 0.01), 1),
            "target_ratio": 3,
        },
    }


def _published_result(head: Any, round_: Any, analyst: Any, client: Any, url: str) -> dict:
    """The same office's result once the round is published (read from the frozen rows):
    every assessment taken through the workflow by the demo's assessors first."""
    from ipoffice.assessment import selectors
    from ipoffice.assessment.services import (
        assessment_transition,
        manual_award,
        manual_claim,
        round_publish,
    )
    from ipoffice.demo.assessment import _assessors
    from ipoffice.offices.models import NATIONAL_CODE

    selves, reviewers = _assessors(head)
    for assessment in round_.assessments.select_related("office"):
        person = selves[assessment.office_id]
        manual_claim(actor=person, assessment=assessment, indicator="media", points=0)
        assessment = assessment_transition(actor=person, assessment=assessment, name="submit")
        reviewer = reviewers[NATIONAL_CODE]
        manual_award(actor=reviewer, assessment=assessment, indicator="media", points=0)
        assessment = assessment_transition(actor=reviewer, assessment=assessment, name="review")
        assessment_transition(actor=head, assessment=assessment, name="confirm")
    round_publish(actor=head, round_=round_)
    if url:
        return timed(lambda: _ok(client.get(url)), n=40, warmup=5)
    found = selectors.assessment_get(analyst, round_, "320000")
    return timed(lambda: selectors.result_for(analyst, found), n=40, warmup=5)


def _ok(response: Any) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")


def summary(r: dict[str, Any]) -> str:
    a, b, d = r["a_scoring"], r["b_result_page"], r["data"]
    levels = ", ".join(
        f"{level} ({r['offices'][level]}) p50 {v['p50_ms']:,.0f} ms"
        for level, v in a["per_level"].items()
    )
    return (
        f"# Assessment benchmark {r['date']}\n\n"
        f"Data: {d['cases']:,} cases, {d['complaints']:,} complaints "
        f"({r['scale']['years']} years x {r['scale']['cases_per_year']:,} cases); "
        f"year scored {r['year']}; {r['machine']['cpus']} cores, PostgreSQL "
        f"{r['machine']['postgresql']}; in-process.\n\n"
        "| scenario | measured | target |\n|---|---|---|\n"
        f"| (a) scoring every office at every level, one year | all three levels p50 "
        f"{a['every_level']['p50_ms']:,.0f} ms ({levels}); national statistics selector p50 "
        f"{a['national_statistics_selector']['p50_ms']:,.1f} ms (ratio {a['ratio_p50']}) "
        "| ≤ 30x |\n"
        f"| (b) one office's result, p95 ({b['measured']}) | {b['result']['p95_ms']:,.1f} ms; "
        f"trivial view {b['trivial_view']['p95_ms']:,.1f} ms (ratio {b['ratio_p95']}); "
        f"once published {b['published']['p95_ms']:,.1f} ms (ratio {b['published_ratio_p95']}) "
        "| ≤ 3x |\n"
    )


def main() -> None:
    data = run.prepare()
    results: dict[str, Any] = {
        "date": date.today().isoformat(),
        "machine": run.machine(),
        "data": data,
        "scale": {
            "years": run.YEARS,
            "cases_per_year": run.CASES,
            "complaints_per_year": run.COMPLAINTS,
        },
        **measure(),
    }
    stem = f"{results['date']}-assessment"
    if run.DB_NAME != "ipoffice_bench":
        stem += f"-{run.DB_NAME}"
    out = ROOT / "bench" / "results" / f"{stem}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    out.with_suffix(".md").write_text(summary(results))
    print(summary(results))
    print(f"written to {out} and {out.with_suffix('.md').name}", file=sys.stderr)


if __name__ == "__main__":
    main()
