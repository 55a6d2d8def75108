"""The rule kinds of assessment schemes, as data: parsed from an indicator's parameters,
checked against the registered report forms, and evaluated into points with the
explanation a reader can follow ("4,684 infringement disputes x 3 = 14,052; capped at
30"). Nothing here reads the database: values come in, points go out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from ipoffice.assessment.enums import RuleKind
from ipoffice.common.statistics import registered_forms

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
Ref = tuple[str, str]  # (report form code, figure code)


class RuleError(ValueError):
    """An indicator's parameters do not make a rule; the message is for the user."""


@dataclass(frozen=True)
class Term:
    """Points for each record one figure counts."""

    ref: Ref
    points: Decimal


@dataclass(frozen=True)
class PerRecord:
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Growth:
    """``points`` for each ``step_pct`` percentage points of growth on the year before;
    a zero base counts as 1 (the published schemes' rule), a fall scores nothing."""

    ref: Ref
    points: Decimal
    step_pct: Decimal


@dataclass(frozen=True)
class Band:
    points: Decimal
    at_least: Decimal | None = None  # the band holds a rate >= this percentage...
    above: Decimal | None = None  # ...or > this one

    def holds(self, rate: Decimal) -> bool:
        if self.at_least is not None:
            return rate >= self.at_least
        assert self.above is not None
        return rate > self.above


@dataclass(frozen=True)
class RateBands:
    """The rate numerator / denominator in percent scores the first band it reaches;
    ``empty`` when the denominator is 0 (no cases, no rate)."""

    numerator: Ref
    denominator: Ref
    bands: tuple[Band, ...]
    empty: Decimal = ZERO


@dataclass(frozen=True)
class Manual:
    """Scored by the office and its reviewer, up to ``max_points``, with evidence."""

    max_points: Decimal
    evidence_required: bool = True


Rule = PerRecord | Growth | RateBands | Manual


def _number(value: Any, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if value is None or isinstance(value, bool) or not number.is_finite():
        raise RuleError(_("%(what)s must be a number.") % {"what": what})
    return number


def _ref(value: Any) -> Ref:
    if not isinstance(value, Mapping):
        raise RuleError(_("A figure is named by its report form and its code."))
    form_code, code = str(value.get("form", "")), str(value.get("figure", ""))
    form = registered_forms().get(form_code)
    if form is None:
        raise RuleError(_("There is no report form %(form)s.") % {"form": form_code})
    try:
        figure = form.figure(code)
    except KeyError:
        raise RuleError(
            _("The form %(form)s has no figure %(figure)s.") % {"form": form_code, "figure": code}
        ) from None
    if figure.inflow is not None or figure not in form.figures:
        # A stock (cases open at a date) is no count of a year's records; an extra
        # figure is not filed in the reports the scores must match.
        raise RuleError(_("%(figure)s cannot be scored: it is not a figure of the year's report.")
                        % {"figure": code})  # fmt: skip
    return (form_code, code)


def _band(value: Any) -> Band:
    if not isinstance(value, Mapping) or ("at_least" in value) == ("above" in value):
        raise RuleError(_("Each band gives its points and either “at least” or “above”."))
    points = _number(value.get("points"), _("A band's points"))
    if "at_least" in value:
        return Band(points, at_least=_number(value["at_least"], _("A band's lower limit")))
    return Band(points, above=_number(value["above"], _("A band's lower limit")))


def rule_parse(kind: str, params: Mapping[str, Any]) -> Rule:
    """The rule an indicator's kind and parameters describe, or RuleError saying why not."""
    if kind == RuleKind.PER_RECORD:
        terms = params.get("terms") or []
        if not terms:
            raise RuleError(_("Name at least one figure and its points per record."))
        return PerRecord(
            tuple(Term(_ref(t), _number(t.get("points"), _("Points per record"))) for t in terms)
        )
    if kind == RuleKind.GROWTH:
        step = _number(params.get("per_pct"), _("The percentage points per step"))
        if step <= 0:
            raise RuleError(_("The percentage points per step must be more than 0."))
        return Growth(_ref(params), _number(params.get("points"), _("Points per step")), step)
    if kind == RuleKind.RATE_BANDS:
        bands = tuple(_band(b) for b in params.get("bands") or [])
        if not bands:
            raise RuleError(_("Give at least one band."))
        limits = [b.at_least if b.at_least is not None else b.above or ZERO for b in bands]
        if limits != sorted(limits, reverse=True):
            raise RuleError(_("List the bands from the highest rate down."))
        return RateBands(
            _ref(params.get("numerator")),
            _ref(params.get("denominator")),
            bands,
            _number(params.get("empty", 0), _("The points with no cases")),
        )
    if kind == RuleKind.MANUAL:
        most = _number(params.get("max"), _("The most points"))
        if most <= 0:
            raise RuleError(_("The most points must be more than 0."))
        return Manual(most, bool(params.get("evidence", True)))
    raise RuleError(_("There is no rule kind %(kind)s.") % {"kind": kind})


def rule_refs(rule: Rule) -> set[Ref]:
    """The figures a rule reads."""
    if isinstance(rule, PerRecord):
        return {t.ref for t in rule.terms}
    if isinstance(rule, Growth):
        return {rule.ref}
    if isinstance(rule, RateBands):
        return {rule.numerator, rule.denominator}
    return set()


@dataclass(frozen=True)
class Step:
    """One step of an explanation: a figure's value and what it gave."""

    ref: Ref | None  # the figure, for its label and its records (drill-down)
    value: Decimal
    factor: Decimal | None = None  # points per record, or per step of growth
    points: Decimal = ZERO
    previous: Decimal | None = None  # the year before (growth)
    rate_pct: Decimal | None = None  # (rate bands)


@dataclass
class Points:
    """What one indicator gave one office."""

    raw: Decimal
    points: Decimal  # after the cap and the weight
    capped: bool = False
    steps: list[Step] = field(default_factory=list)
    pending: bool = False  # a manual item not yet reviewed: the points claimed


def _figure(values: Mapping[Ref, Any], ref: Ref) -> Decimal:
    return Decimal(str(values.get(ref) or 0))


def _growth_steps(rule: Growth, now: Decimal, before: Decimal) -> Decimal:
    base = before if before > 0 else ONE
    growth = (now - base) / base * HUNDRED
    if growth <= 0:
        return ZERO
    return (growth / rule.step_pct).to_integral_value(rounding=ROUND_FLOOR)


def _raw(
    rule: Rule,
    now: Mapping[Ref, Any],
    before: Mapping[Ref, Any],
    manual: Decimal | None,
) -> tuple[Decimal, list[Step]]:
    if isinstance(rule, PerRecord):
        steps = [
            Step(t.ref, _figure(now, t.ref), t.points, _figure(now, t.ref) * t.points)
            for t in rule.terms
        ]
        return sum((s.points for s in steps), ZERO), steps
    if isinstance(rule, Growth):
        value, previous = _figure(now, rule.ref), _figure(before, rule.ref)
        points = _growth_steps(rule, value, previous) * rule.points
        return points, [Step(rule.ref, value, rule.points, points, previous=previous)]
    if isinstance(rule, RateBands):
        top, bottom = _figure(now, rule.numerator), _figure(now, rule.denominator)
        if bottom <= 0:
            return rule.empty, [Step(rule.denominator, bottom, points=rule.empty)]
        rate = top / bottom * HUNDRED
        points = next((b.points for b in rule.bands if b.holds(rate)), ZERO)
        return points, [
            Step(rule.numerator, top),
            Step(rule.denominator, bottom, points=points, rate_pct=rate),
        ]
    score = min(manual or ZERO, rule.max_points)
    return score, [Step(None, manual or ZERO, points=score)]


def points_of(
    rule: Rule,
    *,
    now: Mapping[Ref, Any],
    before: Mapping[Ref, Any],
    weight: Decimal = ONE,
    cap: Decimal | None = None,
    manual: Decimal | None = None,
    pending: bool = False,
) -> Points:
    """The points one office gets on one indicator: the rule's, capped, times the weight."""
    raw, steps = _raw(rule, now, before, manual)
    capped = cap is not None and raw > cap
    kept = min(raw, cap) if cap is not None else raw
    return Points(raw, (kept * weight).quantize(Decimal("0.01")), capped, steps, pending)
