"""Every rule kind of the schemes, at its edges: points per record, growth with a zero
base, rate bands at their limits, caps and weights, manual items."""

from decimal import Decimal as D

import pytest

from ipoffice.assessment.enums import RuleKind
from ipoffice.assessment.examples import _bands
from ipoffice.assessment.rules import RuleError, points_of, rule_parse

E = "enforcement"
DISPUTES = (E, "disputes_accepted")


def per_record(*terms):
    return rule_parse(
        RuleKind.PER_RECORD,
        {"terms": [{"form": f, "figure": c, "points": p} for (f, c), p in terms]},
    )


def test_points_per_record_add_up_over_terms():
    rule = per_record(((E, "exhibition_accepted"), 0.1), ((E, "e_commerce_accepted"), 0.1))
    result = points_of(rule, now={(E, "exhibition_accepted"): 7, (E, "e_commerce_accepted"): 5},
                       before={})  # fmt: skip
    assert result.points == D("1.20") and not result.capped
    assert [(s.value, s.factor, s.points) for s in result.steps] == [
        (7, D("0.1"), D("0.7")),
        (5, D("0.1"), D("0.5")),
    ]


def test_a_cap_keeps_the_points_and_says_so():
    rule = per_record((DISPUTES, 3))
    result = points_of(rule, now={DISPUTES: 4684}, before={}, cap=D(30))
    assert (result.raw, result.points, result.capped) == (D(14052), D(30), True)
    exactly = points_of(rule, now={DISPUTES: 10}, before={}, cap=D(30))
    assert (exactly.points, exactly.capped) == (D(30), False)


def test_the_weight_multiplies_the_capped_points():
    rule = per_record((DISPUTES, 3))
    assert points_of(rule, now={DISPUTES: 20}, before={}, cap=D(30), weight=D("1.5")).points == 45


def growth(points=1, per_pct=10):
    return rule_parse(RuleKind.GROWTH, {"form": E, "figure": "disputes_accepted",
                                        "points": points, "per_pct": per_pct})  # fmt: skip


@pytest.mark.parametrize(
    ("before", "now", "points"),
    [
        (100, 100, 0),  # no growth
        (100, 109, 0),  # 9 points of growth: not a whole step
        (100, 110, 1),  # exactly one step
        (100, 135, 3),
        (100, 80, 0),  # a fall scores nothing (no deduction)
        (0, 0, 0),  # zero base counts as 1: nothing now is a fall
        (0, 1, 0),  # 1 on a base of 1: no growth
        (0, 3, 20),  # 3 on a base of 1: +200% = 20 steps
    ],
)
def test_growth_steps_with_a_zero_base_counting_as_one(before, now, points):
    assert points_of(growth(), now={DISPUTES: now}, before={DISPUTES: before}).points == points


def test_growth_is_capped_like_any_rule():
    result = points_of(growth(), now={DISPUTES: 3}, before={DISPUTES: 0}, cap=D(5))
    assert (result.raw, result.points, result.capped) == (D(20), D(5), True)


CLOSED, WITHIN = (E, "cases_closed"), (E, "closed_within_time_limit")


def bands():
    return rule_parse(
        RuleKind.RATE_BANDS,
        {"numerator": {"form": E, "figure": "closed_within_time_limit"},
         "denominator": {"form": E, "figure": "cases_closed"}, "bands": _bands(90), "empty": 0},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("within", "closed", "points"),
    [
        (90, 100, 10),  # ≥ 90% → 10, at the edge
        (8999, 10000, 9),  # just under → 9
        (80, 100, 9),
        (20, 100, 3),
        (1001, 10000, 2),  # just above 10% → 2
        (10, 100, 1),  # ≤ 10% → 1, at the edge
        (0, 100, 1),
        (0, 0, 0),  # no cases → 0
    ],
)
def test_rate_bands_at_their_edges(within, closed, points):
    result = points_of(bands(), now={WITHIN: within, CLOSED: closed}, before={})
    assert result.points == points


def test_the_rate_is_shown_in_the_explanation():
    result = points_of(bands(), now={WITHIN: 9, CLOSED: 12}, before={})
    assert result.steps[-1].rate_pct == D(75)


def test_manual_items_score_what_is_given_up_to_their_most():
    rule = rule_parse(RuleKind.MANUAL, {"max": 5})
    assert points_of(rule, now={}, before={}, manual=D(3)).points == 3
    assert points_of(rule, now={}, before={}, manual=D(8)).points == 5
    assert points_of(rule, now={}, before={}).points == 0
    pending = points_of(rule, now={}, before={}, manual=D(2), pending=True)
    assert pending.pending and pending.points == 2


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        (RuleKind.PER_RECORD, {"terms": []}, "at least one figure"),
        (RuleKind.PER_RECORD, {"terms": [{"form": "nope", "figure": "x", "points": 1}]},
         "no report form nope"),
        (RuleKind.PER_RECORD,
         {"terms": [{"form": E, "figure": "cases_acceptd", "points": 1}]}, "no figure"),
        (RuleKind.PER_RECORD,
         {"terms": [{"form": E, "figure": "cases_accepted", "points": "three"}]}, "number"),
        (RuleKind.PER_RECORD,
         {"terms": [{"form": E, "figure": "open_at_start", "points": 1}]}, "cannot be scored"),
        (RuleKind.GROWTH, {"form": E, "figure": "cases_accepted", "points": 1, "per_pct": 0},
         "more than 0"),
        (RuleKind.RATE_BANDS,
         {"numerator": {"form": E, "figure": "cases_closed"},
          "denominator": {"form": E, "figure": "cases_accepted"},
          "bands": [{"at_least": 10, "points": 1}, {"at_least": 90, "points": 10}]},
         "highest rate down"),
        (RuleKind.MANUAL, {"max": 0}, "more than 0"),
        ("bonus", {}, "no rule kind"),
    ],
)  # fmt: skip
def test_a_rule_that_is_none_says_why(kind, params, message):
    with pytest.raises(RuleError) as error:
        rule_parse(kind, params)
    assert message in str(error.value)
