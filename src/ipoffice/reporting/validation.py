"""Validation of a report's figures: each form's rules (declared with the form), the rules
of every form, and the outlier check against the figure's own history."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ipoffice.common.statistics import BLOCKING, WARNING, Rule
from ipoffice.reporting.definitions import FORMS

Values = dict[str, Any]

# Rules of every form; each form declares its own beside its figures (ReportForm.rules).
GENERAL_RULES: tuple[Rule, ...] = (
    Rule(
        "no_negative_values",
        BLOCKING,
        _("No figure may be negative."),
        lambda v: all(not isinstance(x, int | float) or x >= 0 for x in v.values()),
    ),
)

# Modified z-score above which a figure is an outlier against its own history
# (Iglewicz and Hoaglin): robust to the many zeros of small offices' counts.
OUTLIER_LIMIT = 3.5


def outlier(value: float, history: list[float]) -> bool:
    """Whether ``value`` is far from the median of earlier years, measured in MADs.

    With fewer than three earlier values there is nothing to judge. Where most earlier
    values are equal (MAD 0, common with zeros), the mean absolute deviation stands in,
    and a figure is an outlier only when it also differs by more than 10."""
    if len(history) < 3:
        return False
    median = statistics.median(history)
    mad = statistics.median(abs(x - median) for x in history)
    if mad:
        return 0.6745 * abs(value - median) / mad > OUTLIER_LIMIT
    mean_dev = statistics.fmean(abs(x - median) for x in history)
    if mean_dev:
        return (
            abs(value - median) / (1.2533 * mean_dev) > OUTLIER_LIMIT and abs(value - median) > 10
        )
    return abs(value - median) > 10


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    figure: str = ""


def check(form: str, values: Values, history: dict[str, list[float]]) -> list[Finding]:
    """Every rule of the form, then the outlier check of each figure against its history."""
    rules = (*FORMS[form].rules, *GENERAL_RULES)
    findings = [Finding(r.code, r.severity, str(r.message)) for r in rules if not r.holds(values)]
    for code, past in history.items():
        value = values.get(code)
        if isinstance(value, int | float) and outlier(value, past):
            findings.append(
                Finding(
                    f"outlier:{code}",
                    WARNING,
                    str(
                        _(
                            "%(figure)s is far from earlier years (%(value)s against a median of "
                            "%(median)s); explain it before submitting."
                        )
                        % {"figure": code, "value": value, "median": statistics.median(past)}
                    ),
                    code,
                )
            )
    return findings
