"""Reads for the public page of decisions and the repeat respondents.

The decisions page is public: what it lists was made public by law, so it reads every
office's published decisions (no user to scope by) and shows only the facts the rules
name. The repeat respondents are a staff page, scoped with ``visible_to``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from ipoffice.cases.enums import PUBLISHED_OUTCOMES, CaseStatus, PartyKind, PartyRole
from ipoffice.cases.models import Case, Party
from ipoffice.common.identifiers import mask_name
from ipoffice.common.scoping import subtree_filter
from ipoffice.disclosure.rules import DisclosureRule, due_for_publication, rule_for

PUBLISHED_STATUSES = (CaseStatus.DECISION_PUBLISHED, CaseStatus.CLOSED)


def decisions_published() -> QuerySet[Case]:
    """Decisions due for publication (``rules.DISCLOSURE_RULES``) that their office has
    published, newest first. A closed file stays listed: it was published before closing."""
    respondents = Party.objects.filter(role=PartyRole.RESPONDENT).order_by("id")
    return (
        Case.objects.filter(due_for_publication(), status__in=PUBLISHED_STATUSES)
        .exclude(published_on=None)
        .select_related("office")
        .prefetch_related(Prefetch("parties", respondents, to_attr="respondents"), "patents")
        .order_by("-published_on", "-id")
    )


def decisions_filtered(cases: QuerySet[Case], *, office: str = "", year: int | None = None) -> Any:
    if office:
        cases = cases.filter(subtree_filter("office", office))
    if year:
        cases = cases.filter(concluded_on__year=year)
    return cases


def decision_years() -> list[int]:
    dates = decisions_published().order_by().values_list("concluded_on__year", flat=True)
    return sorted(set(dates), reverse=True)


@dataclass(frozen=True)
class Respondent:
    """What the page shows of a respondent: an organisation's name and credit code; an
    individual's name masked and no ID number (PIPL)."""

    name: str
    credit_code: str
    individual: bool


@dataclass(frozen=True)
class Decision:
    case_number: str
    office: Any
    case_type: str
    respondents: list[Respondent]
    patents: list[str]
    outcome: str
    decided_on: date | None
    published_on: date | None
    fine: Decimal | None
    rule: DisclosureRule | None


def respondent_public(party: Party) -> Respondent:
    if party.kind == PartyKind.ORGANISATION:
        return Respondent(party.name, party.id_number, False)
    return Respondent(mask_name(party.name), "", True)


def decision_public(case: Case) -> Decision:
    """Only the facts the rules name; nothing of the requester, no address or contact."""
    return Decision(
        case_number=case.case_number,
        office=case.office,
        case_type=case.get_case_type_display(),
        respondents=[respondent_public(p) for p in getattr(case, "respondents", [])],
        patents=[p.application_number for p in case.patents.all()],
        outcome=case.get_outcome_display(),
        decided_on=case.concluded_on,
        published_on=case.published_on,
        fine=case.fine_amount,
        rule=rule_for(case_type=case.case_type, outcome=case.outcome, decided_on=case.concluded_on),
    )


@dataclass
class Repeat:
    credit_code: str
    name: str
    cases: int
    offices: int
    found: int  # concluded with an infringement found or a penalty
    records: list[Case] = field(default_factory=list)


def repeat_respondents(*, user: Any, code: str = "") -> list[Repeat]:
    """Organisations (by unified social credit code) that are respondents in two or more
    cases the user may see, most cases first: a provincial office sees a company with
    cases in two of its cities; a city office sees only its own cases, so not the repeat."""
    parties = Party.objects.visible_to(user).filter(
        role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION
    )
    parties = parties.exclude(id_number="")
    if code:
        parties = parties.filter(id_number=code.upper())
    grouped = (
        parties.values("id_number")
        .annotate(
            n_cases=Count("case", distinct=True),
            n_offices=Count("case__office", distinct=True),
            n_found=Count("case", filter=Q(case__outcome__in=PUBLISHED_OUTCOMES), distinct=True),
            last_name=Max("name"),
        )
        .filter(n_cases__gte=2)
        .order_by("-n_cases", "id_number")
    )
    return [
        Repeat(g["id_number"], g["last_name"], g["n_cases"], g["n_offices"], g["n_found"])
        for g in grouped
    ]


def repeat_cases(*, user: Any, repeats: list[Repeat]) -> list[Repeat]:
    """Fill each repeat with the user's visible cases of that respondent."""
    codes = [r.credit_code for r in repeats]
    by_code: dict[str, list[Case]] = {c: [] for c in codes}
    parties = (
        Party.objects.visible_to(user)
        .filter(role=PartyRole.RESPONDENT, kind=PartyKind.ORGANISATION, id_number__in=codes)
        .select_related("case__office")
        .order_by("case__filed_on", "case_id")
    )
    for party in parties:
        found = by_code.setdefault(party.id_number, [])
        if party.case not in found:
            found.append(party.case)
    for repeat in repeats:
        repeat.records = by_code.get(repeat.credit_code, [])
    return repeats
