"""Scores and rankings: a scheme applied to the figures of every office of its level.

``score`` reads the figures of the year (and the year before, for growth) for all the
offices at once (values.py), evaluates each indicator (rules.py) and ranks. The same call
scores an adopted scheme for a round, a draft for a what-if, or any scheme over another
year; nothing is written. Publication freezes the result (services.round_publish).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ipoffice.assessment.enums import RuleKind
from ipoffice.assessment.models import Indicator, Scheme
from ipoffice.assessment.rules import Points, Ref, Rule, points_of, rule_parse, rule_refs
from ipoffice.assessment.values import Figures, figures_read
from ipoffice.offices.models import Office


@dataclass(frozen=True)
class Claim:
    """A manual item's points as they stand: awarded by the reviewer, or only claimed."""

    points: Decimal
    reviewed: bool


@dataclass
class Line:
    indicator: Indicator
    result: Points


@dataclass
class OfficeScore:
    office: Office
    total: Decimal
    lines: list[Line]
    figures: Figures
    rank: int = 0
    groups: dict[str, Decimal] = field(default_factory=dict)


def parsed(scheme: Scheme) -> list[tuple[Indicator, Rule]]:
    return [(i, rule_parse(i.kind, i.rule)) for i in scheme.indicators.all()]


def assessed_offices(level: str) -> list[Office]:
    return list(Office.objects.filter(level=level, is_active=True).order_by("code"))


def rank(scores: list[OfficeScore]) -> list[OfficeScore]:
    """Highest total first; equal totals share a rank (1, 2, 2, 4), then by office code."""
    ordered = sorted(scores, key=lambda s: (-s.total, s.office.code))
    for n, item in enumerate(ordered):
        tied = n and item.total == ordered[n - 1].total
        item.rank = ordered[n - 1].rank if tied else n + 1
    return ordered


def score(
    scheme: Scheme,
    *,
    year: int | None = None,
    offices: Collection[Office] | None = None,
    claims: Mapping[tuple[int, str], Claim] | None = None,
) -> list[OfficeScore]:
    """Every office of the scheme's level (or those given) scored by ``scheme`` for
    ``year`` (default the scheme's own), ranked. ``claims``: (office id, indicator code)
    -> the manual item's points."""
    year = year or scheme.year
    chosen = list(offices) if offices is not None else assessed_offices(scheme.level)
    rules = parsed(scheme)
    refs: set[Ref] = set().union(*(rule_refs(r) for _i, r in rules)) if rules else set()
    growth = (
        set().union(*(rule_refs(r) for i, r in rules if i.kind == RuleKind.GROWTH))
        if rules
        else set()
    )
    now = figures_read(chosen, year=year, refs=refs, source=scheme.value_source)
    before = (
        figures_read(chosen, year=year - 1, refs=growth, source=scheme.value_source)
        if growth
        else {}
    )
    claims = claims or {}
    scores = []
    for office in chosen:
        lines = []
        for indicator, rule in rules:
            claim = claims.get((office.pk, indicator.code))
            result = points_of(
                rule,
                now=now[office.pk].values,
                before=before[office.pk].values if before else {},
                weight=indicator.weight,
                cap=indicator.cap,
                manual=claim.points if claim else None,
                pending=claim is not None and not claim.reviewed,
            )
            lines.append(Line(indicator, result))
        total = sum((line.result.points for line in lines), Decimal(0))
        item = OfficeScore(office, total, lines, now[office.pk])
        for line in lines:
            group = line.indicator.group
            item.groups[group] = item.groups.get(group, Decimal(0)) + line.result.points
        scores.append(item)
    return rank(scores)


def line_data(line: Line) -> dict[str, Any]:
    """A line as the published result keeps it (JSON), enough to explain it later."""
    result = line.result
    return {
        "indicator": line.indicator.code,
        "raw": result.raw,
        "points": result.points,
        "capped": result.capped,
        "pending": result.pending,
        "steps": [
            {
                "form": s.ref[0] if s.ref else "",
                "figure": s.ref[1] if s.ref else "",
                "value": s.value,
                "factor": s.factor,
                "points": s.points,
                "previous": s.previous,
                "rate_pct": s.rate_pct,
            }
            for s in result.steps
        ],
    }
