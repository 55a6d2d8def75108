"""Scores in words: an indicator's rule as the scheme page states it ("3 points per
record of “Disputes accepted”; at most 30") and one office's points on it as its result
page explains them ("4,684 Infringement disputes accepted x 3 = 14,052; capped at 30").

The lines are read in the form the published result keeps (``scoring.line_data``), so a
live score and a frozen one are explained by the same code. Nothing here reads the
database except the report forms' registry (for the figures' labels)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from ipoffice.assessment.enums import RuleKind
from ipoffice.assessment.models import Indicator
from ipoffice.assessment.rules import Growth, Manual, PerRecord, RateBands, RuleError, rule_parse
from ipoffice.common.statistics import registered_forms

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)


def number(value: Any) -> str:
    """A number as the pages write it: thousands separated, no trailing zeros."""
    if value is None or value == "":
        return "—"
    found = Decimal(str(value))
    if found == found.to_integral_value():
        return f"{int(found):,}"
    return f"{found.normalize():,f}"


def plain(value: Any) -> Any:
    """A number for a form field: 2 rather than 2.00."""
    if value is None:
        return None
    found = Decimal(str(value))
    return int(found) if found == found.to_integral_value() else found.normalize()


def percent(value: Any) -> str:
    return f"{Decimal(str(value)):.1f}%"


def figure_label(form: str, code: str) -> str:
    """A figure's label in the reader's language, as it runs inside a sentence."""
    found = registered_forms().get(form)
    try:
        label = str(found.figure(code).label) if found else code
    except KeyError:
        label = code
    if not (get_language() or "").startswith("zh") and label[1:2].islower():
        label = label[:1].lower() + label[1:]  # "Disputes accepted" inside a sentence
    return label


def _rule(indicator: Indicator) -> Any:
    try:
        return rule_parse(indicator.kind, indicator.rule)
    except RuleError:
        return None


def _band_words(band: Any) -> str:
    if band.at_least is not None:
        return _("≥ %(limit)s%% → %(points)s") % {
            "limit": number(band.at_least),
            "points": number(band.points),
        }
    return _("> %(limit)s%% → %(points)s") % {
        "limit": number(band.above),
        "points": number(band.points),
    }


def _limits(indicator: Indicator) -> list[str]:
    words = []
    if indicator.cap is not None:
        words.append(_("at most %(cap)s") % {"cap": number(indicator.cap)})
    if indicator.weight is not None and Decimal(indicator.weight) != ONE:
        words.append(_("weight %(weight)s") % {"weight": number(indicator.weight)})
    return words


def rule_words(indicator: Indicator) -> str:
    """The rule of ``indicator`` in a sentence for the scheme's page."""
    rule = _rule(indicator)
    parts: list[str] = []
    if isinstance(rule, PerRecord):
        parts = [
            _("%(points)s points per record of “%(figure)s”")
            % {"points": number(t.points), "figure": figure_label(*t.ref)}
            for t in rule.terms
        ]
    elif isinstance(rule, Growth):
        parts = [
            _(
                "+%(points)s per %(step)s percentage points of growth of “%(figure)s” on the "
                "year before; a zero base counts as 1"
            )
            % {
                "points": number(rule.points),
                "step": number(rule.step_pct),
                "figure": figure_label(*rule.ref),
            }
        ]
    elif isinstance(rule, RateBands):
        bands = _("; ").join(_band_words(b) for b in rule.bands)
        parts = [
            _("“%(numerator)s” as a share of “%(denominator)s”: %(bands)s; none → %(empty)s")
            % {
                "numerator": figure_label(*rule.numerator),
                "denominator": figure_label(*rule.denominator),
                "bands": bands,
                "empty": number(rule.empty),
            }
        ]
    elif isinstance(rule, Manual):
        parts = [
            (
                _("Scored by the reviewer, up to %(max)s points, with evidence")
                if rule.evidence_required
                else _("Scored by the reviewer, up to %(max)s points")
            )
            % {"max": number(rule.max_points)}
        ]
    else:
        parts = [_("This rule cannot be read.")]
    return _("; ").join(parts + _limits(indicator))


def _steps(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(data.get("steps") or [])


def _dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else ZERO


def _per_record(data: Mapping[str, Any]) -> str:
    terms = [
        _("%(value)s %(figure)s × %(factor)s = %(points)s")  # noqa: RUF001 (the multiplication sign is meant)
        % {
            "value": number(s["value"]),
            "figure": figure_label(s["form"], s["figure"]),
            "factor": number(s["factor"]),
            "points": number(s["points"]),
        }
        for s in _steps(data)
    ]
    text = _("; ").join(terms)
    if len(terms) > 1:
        text += " " + _("(together %(raw)s)") % {"raw": number(data["raw"])}
    return text


def _growth(rule: Growth, data: Mapping[str, Any]) -> str:
    step = _steps(data)[0]
    now, before = _dec(step["value"]), _dec(step["previous"])
    base = before if before > 0 else ONE
    growth = (now - base) / base * HUNDRED
    factor = _dec(step["factor"])
    steps = (_dec(step["points"]) / factor) if factor else ZERO
    words = {
        "now": number(now),
        "before": number(before),
        "growth": f"{growth:+.1f}%",
        "steps": number(steps),
        "step": number(rule.step_pct),
        "factor": number(factor),
        "points": number(step["points"]),
        "figure": figure_label(step["form"], step["figure"]),
    }
    if before > 0:
        head = _("%(now)s %(figure)s this year against %(before)s the year before") % words
    else:
        head = _("%(now)s %(figure)s this year against none the year before (counted as 1)") % (
            words
        )
    if growth <= 0:
        return head + _(": %(growth)s, no growth → 0") % words
    counted = (
        ngettext(
            "%(steps)s step of %(step)s percentage points",
            "%(steps)s steps of %(step)s percentage points",
            int(steps),
        )
        % words
    )
    return head + _(": %(growth)s, %(counted)s × %(factor)s = %(points)s") % {  # noqa: RUF001 (the multiplication sign is meant)
        **words,
        "counted": counted,
    }


def _bands(rule: RateBands, data: Mapping[str, Any]) -> str:
    steps = _steps(data)
    if len(steps) < 2:
        return _("no “%(denominator)s” → %(points)s") % {
            "denominator": figure_label(*rule.denominator),
            "points": number(data["raw"]),
        }
    top, bottom = steps[0], steps[1]
    return _("%(top)s of %(bottom)s “%(denominator)s” %(numerator)s = %(rate)s → %(points)s") % {
        "top": number(top["value"]),
        "bottom": number(bottom["value"]),
        "numerator": figure_label(top["form"], top["figure"]),
        "denominator": figure_label(bottom["form"], bottom["figure"]),
        "rate": percent(bottom["rate_pct"]),
        "points": number(data["raw"]),
    }


def _manual(data: Mapping[str, Any], claim: Any) -> str:
    """``claim``: the ManualScore if the reader may see it (the office and those above)."""
    if claim is None:
        if data.get("pending"):
            return _("claimed %(points)s, not yet reviewed") % {"points": number(data["raw"])}
        if _dec(data.get("raw")) == ZERO and not _steps(data)[:1]:
            return _("not claimed")
        return _("awarded %(points)s") % {"points": number(data["raw"])}
    words = {"claimed": number(claim.claimed), "awarded": number(claim.awarded)}
    if claim.awarded is None:
        return _("claimed %(claimed)s, not yet reviewed") % words
    if claim.award_reason:
        return _("claimed %(claimed)s, awarded %(awarded)s: %(reason)s") % {
            **words,
            "reason": claim.award_reason,
        }
    return _("claimed %(claimed)s, awarded %(awarded)s") % words


def line_words(indicator: Indicator, data: Mapping[str, Any], claim: Any = None) -> str:
    """How ``indicator`` gave the points of ``data`` (a ``line_data`` dict), in words."""
    rule = _rule(indicator)
    if isinstance(rule, PerRecord):
        text = _per_record(data)
    elif isinstance(rule, Growth):
        text = _growth(rule, data)
    elif isinstance(rule, RateBands):
        text = _bands(rule, data)
    elif indicator.kind == RuleKind.MANUAL:
        text = _manual(data, claim)
    else:
        text = _("This rule cannot be read.")
    if data.get("capped") and indicator.cap is not None:
        text += _("; capped at %(cap)s") % {"cap": number(indicator.cap)}
    if indicator.weight is not None and Decimal(indicator.weight) != ONE:
        text += _("; × weight %(weight)s = %(points)s") % {  # noqa: RUF001 (the multiplication sign is meant)
            "weight": number(indicator.weight),
            "points": number(data["points"]),
        }
    return text
