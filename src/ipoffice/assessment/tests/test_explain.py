"""The points in words, as the scheme and result pages say them, in both languages."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from ipoffice.assessment.enums import RuleKind
from ipoffice.assessment.explain import line_words, rule_words
from ipoffice.assessment.models import Indicator
from ipoffice.assessment.rules import points_of, rule_parse
from ipoffice.assessment.scoring import Line, line_data

E = "enforcement"
X = "\u00d7"  # the multiplication sign of the explanations
INFRINGEMENT = (E, "infringement_disputes_accepted")
BANDS = {
    "numerator": {"form": E, "figure": "closed_within_time_limit"},
    "denominator": {"form": E, "figure": "cases_closed"},
    "bands": [{"at_least": 90, "points": 10}, {"at_least": 60, "points": 5},
              {"above": 0, "points": 1}],
}  # fmt: skip
GROWTH = {"form": E, "figure": "cases_accepted", "points": 1, "per_pct": 10}


def indicator(kind: str, rule: dict, cap: Any = None, weight: Any = 1) -> Indicator:
    return Indicator(code="x", name_zh="x", group_zh="x", kind=kind, rule=rule, cap=cap,
                     weight=D(str(weight)))  # fmt: skip


def explained(item: Indicator, now: dict, before: dict | None = None, **kw: Any) -> str:
    rule = rule_parse(item.kind, item.rule)
    result = points_of(rule, now=now, before=before or {}, weight=item.weight, cap=item.cap, **kw)
    return line_words(item, line_data(Line(item, result)))


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def test_points_per_record_capped():
    terms = {"terms": [{"form": E, "figure": INFRINGEMENT[1], "points": 3}]}
    item = indicator(RuleKind.PER_RECORD, terms, cap=30)
    assert explained(item, {INFRINGEMENT: 4684}) == (
        f"4,684 infringement disputes accepted {X} 3 = 14,052; capped at 30"
    )
    assert rule_words(item) == "3 points per record of “infringement disputes accepted”; at most 30"
    with translation.override("zh-hans"):
        assert (
            explained(item, {INFRINGEMENT: 4684})
            == f"侵权纠纷立案数 4,684 件 {X} 3 = 14,052；封顶 30 分"
        )
        assert rule_words(item) == "“侵权纠纷立案数”每件 3 分；最多 30 分"


def test_growth_in_steps_and_a_zero_base():
    item = indicator(RuleKind.GROWTH, GROWTH)
    ref = (E, "cases_accepted")
    assert explained(item, {ref: 412}, {ref: 350}) == (
        "412 cases accepted this year against 350 the year before: +17.7%, "
        f"1 step of 10 percentage points {X} 1 = 1"
    )
    assert explained(item, {ref: 3}, {ref: 0}) == (
        "3 cases accepted this year against none the year before (counted as 1): +200.0%, "
        f"20 steps of 10 percentage points {X} 1 = 20"
    )
    assert explained(item, {ref: 300}, {ref: 350}).endswith(": -14.3%, no growth → 0")
    assert rule_words(item) == (
        "+1 per 10 percentage points of growth of “cases accepted” on the year before; "
        "a zero base counts as 1"
    )


def test_rate_bands_and_no_cases():
    item = indicator(RuleKind.RATE_BANDS, BANDS)
    top, bottom = (E, "closed_within_time_limit"), (E, "cases_closed")
    assert explained(item, {top: 95, bottom: 100}) == (
        "95 of 100 “cases concluded” concluded within the statutory time limit = 95.0% → 10"
    )
    assert explained(item, {top: 0, bottom: 0}) == "no “cases concluded” → 0"
    assert rule_words(item) == (
        "“concluded within the statutory time limit” as a share of “cases concluded”: "
        "≥ 90% → 10; ≥ 60% → 5; > 0% → 1; none → 0"
    )


def test_manual_items_claimed_awarded_and_weighted():
    item = indicator(RuleKind.MANUAL, {"max": 5, "evidence": True}, weight=2)
    rule = rule_parse(item.kind, item.rule)
    pending = line_data(Line(item, points_of(rule, now={}, before={}, weight=item.weight,
                                             manual=D(4), pending=True)))  # fmt: skip
    assert line_words(item, pending) == f"claimed 4, not yet reviewed; {X} weight 2 = 8"
    claim = SimpleNamespace(claimed=D(4), awarded=D(3), award_reason="one event only")
    assert line_words(item, pending, claim).startswith("claimed 4, awarded 3: one event only")
    assert rule_words(item) == "Scored by the reviewer, up to 5 points, with evidence; weight 2"
