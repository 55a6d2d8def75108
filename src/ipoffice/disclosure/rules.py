"""Which decisions must be made public, and within how long: dated rules with their source
(docs/sources.md, docs/disclosure.md).

A decision is due for publication when a rule in force on the day it was taken
(``concluded_on``) names its case type and outcome. The public page lists a decision once
its office has published it (the case's ``publish_decision`` transition stamps
``published_on``); a due decision not yet published is the office's work (the case waits
on Step.PUBLICATION, ``cases/deadlines.py``), not the public's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q

from ipoffice.cases.enums import CaseType, Outcome
from ipoffice.deadlines.rules import Unit
from ipoffice.disclosure.enums import DisclosureInstrument as I


@dataclass(frozen=True)
class DisclosureRule:
    instrument: I
    effective_from: date
    case_type: CaseType
    outcome: Outcome
    within: int
    unit: Unit
    source: str


SC2014 = date(2014, 6, 1)  # nationwide from 1 June 2014 (国发〔2014〕6号)
M2015 = date(2015, 7, 1)
WD = Unit.WORKING_DAYS

DISCLOSURE_RULES: tuple[DisclosureRule, ...] = (
    # General-procedure administrative penalty cases of IPR infringement and counterfeiting:
    # for patents, the passing-off penalty decisions.
    DisclosureRule(
        I.STATE_COUNCIL_2014,
        SC2014,
        CaseType.PASSING_OFF,
        Outcome.PENALTY_IMPOSED,
        20,
        WD,
        "lexology g=5499db13; chinantd.com/news-page.asp?id=1406 (secondary)",
    ),
    # The 2015 Measures: the decision ordering an infringement to stop, and the
    # passing-off penalty decision (the same 20 working days as cases/rules.py).
    DisclosureRule(
        I.MEASURES_2015,
        M2015,
        CaseType.INFRINGEMENT_DISPUTE,
        Outcome.INFRINGEMENT_FOUND,
        20,
        WD,
        "lexology 032cf471; mondaq 483212 (secondary)",
    ),
    DisclosureRule(
        I.MEASURES_2015,
        M2015,
        CaseType.PASSING_OFF,
        Outcome.PENALTY_IMPOSED,
        20,
        WD,
        "lexology 032cf471; mondaq 483212 (secondary)",
    ),
)


def rule_for(*, case_type: str, outcome: str, decided_on: date | None) -> DisclosureRule | None:
    """The rule in force on the day of the decision that requires its publication (the
    latest, where a later instrument repeats an earlier one's duty)."""
    if decided_on is None:
        return None
    found = [
        r
        for r in DISCLOSURE_RULES
        if r.case_type == case_type and r.outcome == outcome and r.effective_from <= decided_on
    ]
    return max(found, key=lambda r: r.effective_from) if found else None


def due_for_publication() -> Q:
    """A Q over cases: decisions that a rule required to be made public."""
    return reduce(
        or_,
        (
            Q(case_type=r.case_type, outcome=r.outcome, concluded_on__gte=r.effective_from)
            for r in DISCLOSURE_RULES
        ),
    )
