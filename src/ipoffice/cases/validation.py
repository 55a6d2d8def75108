"""Checking case input, shared by the web form, the API and the legacy import.

Values may arrive as text (import rows) or typed (forms, API). Each field is checked as
``inputs.CASE_INPUT`` declares it (its kind, required-ness and the model's limits); the
rules across fields follow here. ``clean_case`` returns either a ``CaseInput`` or a dict
of field -> messages naming every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.cases.enums import (
    OUTCOMES,
    CaseType,
    Outcome,
    PartyKind,
)
from ipoffice.cases.inputs import CASE_INPUT
from ipoffice.cases.rules import maximum_fine
from ipoffice.common.identifiers import (
    PatentNumber,
    patent_number_normalize,
    resident_id_normalize,
    uscc_normalize,
)
from ipoffice.common.inputs import required_message


@dataclass
class PartyInput:
    name: str
    kind: str = PartyKind.ORGANISATION
    id_number: str = ""
    address: str = ""
    contact: str = ""


@dataclass
class CaseInput:
    case_type: str
    source: str
    filed_on: date
    dispute_subtype: str = ""
    campaign: str = ""  # its name, as typed
    campaign_id: int | None = None  # the campaign record it names (the import finds it)
    industry: str = ""
    e_commerce: bool = False
    foreign_related: bool = False
    title: str = ""
    description: str = ""
    accepted_on: date | None = None
    closed_on: date | None = None
    outcome: str = ""
    fine_amount: Decimal | None = None
    illegal_gains: Decimal | None = None
    patents: list[PatentNumber] = field(default_factory=list)
    requester: PartyInput | None = None
    respondent: PartyInput | None = None


@cache
def outcomes_for(case_type: str) -> frozenset[str]:
    """Every outcome some transition may record for this case type."""
    return frozenset(o for by_type in OUTCOMES.values() for o in by_type.get(case_type, ()))


class _Errors(dict[str, list[str]]):
    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)


def party_id_clean(kind: str, raw: str) -> str:
    if not raw:
        return ""
    if kind == PartyKind.INDIVIDUAL:
        return resident_id_normalize(raw)
    return uscc_normalize(raw)


def party_kind_guess(raw_id: str) -> str:
    """Import files carry no party kind: a valid resident ID means a person."""
    try:
        resident_id_normalize(raw_id)
    except ValueError:
        return PartyKind.ORGANISATION
    return PartyKind.INDIVIDUAL


def _party(values: dict[str, Any], role: str, errors: _Errors, required: bool) -> PartyInput | None:
    name, raw_id = values[f"{role}_name"], values[f"{role}_id"]
    if not name:
        if (required or raw_id) and f"{role}_name" not in errors:
            errors.add(f"{role}_name", required_message())
        return None
    kind = values[f"{role}_kind"] or party_kind_guess(raw_id)
    try:
        id_number = party_id_clean(kind, raw_id)
    except ValueError as exc:
        errors.add(f"{role}_id", str(exc))
        return None
    return PartyInput(
        name=name,
        kind=kind,
        id_number=id_number,
        address=values[f"{role}_address"],
        contact=values[f"{role}_contact"],
    )


def _patents(items: list[str], errors: _Errors) -> list[PatentNumber]:
    found: dict[str, PatentNumber] = {}
    for item in items:
        try:
            number = patent_number_normalize(item)
        except ValueError as exc:
            errors.add("patent_numbers", str(exc))
            continue
        found.setdefault(number.canonical, number)
    return list(found.values())


def fine_problems(
    *, outcome: str, fine: Decimal | None, gains: Decimal | None, day: date
) -> list[str]:
    """What is wrong with a fine (only penalties carry one, within the legal maximum)."""
    if fine is None:
        return []
    if outcome != Outcome.PENALTY_IMPOSED:
        return [_("Only a penalty decision imposes a fine.")]
    if fine < 0 or (gains is not None and gains < 0):
        return [_("An amount is zero or more, in yuan and fen.")]
    cap = maximum_fine(day=day, illegal_gains=gains)
    if fine > cap:
        return [_("The fine exceeds the legal maximum of RMB %(cap)s.") % {"cap": f"{cap:,.2f}"}]
    return []


def clean_case(
    data: dict[str, Any], *, today: date | None = None
) -> CaseInput | dict[str, list[str]]:
    today = today or timezone.localdate()
    values, field_errors = CASE_INPUT.check(data)
    errors = _Errors(field_errors)
    case_type, subtype, outcome = values["case_type"], values["dispute_subtype"], values["outcome"]
    filed_on, accepted_on, closed_on = (
        values["filed_on"],
        values["accepted_on"],
        values["closed_on"],
    )
    fine, gains = values["fine_amount"], values["illegal_gains"]
    patents = _patents(values["patent_numbers"], errors)
    disputes = case_type in (CaseType.INFRINGEMENT_DISPUTE, CaseType.OTHER_DISPUTE)
    requester = _party(values, "requester", errors, required=disputes)
    respondent = _party(values, "respondent", errors, required=True)

    if case_type == CaseType.OTHER_DISPUTE and not subtype and "dispute_subtype" not in errors:
        errors.add("dispute_subtype", _("An other patent dispute needs its subtype."))
    if case_type and case_type != CaseType.OTHER_DISPUTE and subtype:
        errors.add("dispute_subtype", _("Only other patent disputes have a subtype."))
    if disputes and not patents and "patent_numbers" not in errors:
        errors.add("patent_numbers", _("A dispute concerns at least one patent."))
    for name, day in (
        ("filed_on", filed_on),
        ("accepted_on", accepted_on),
        ("closed_on", closed_on),
    ):
        if day and day > today:
            errors.add(name, _("%(date)s is in the future") % {"date": day})
    if filed_on and accepted_on and accepted_on < filed_on:
        errors.add(
            "accepted_on", _("Accepted before it was filed (%(date)s).") % {"date": filed_on}
        )
    if closed_on and accepted_on and closed_on < accepted_on:
        errors.add(
            "closed_on", _("Closed before it was accepted (%(date)s).") % {"date": accepted_on}
        )
    if closed_on and not outcome and "outcome" not in errors:
        errors.add("outcome", _("A closed case needs its outcome."))
    if outcome and case_type and outcome not in outcomes_for(case_type):
        errors.add(
            "outcome",
            _("%(outcome)s is not an outcome of a %(type)s case.")
            % {"outcome": outcome, "type": CaseType(case_type).label},
        )
    for message in fine_problems(outcome=outcome, fine=fine, gains=gains, day=closed_on or today):
        errors.add("fine_amount", message)
    if errors:
        return dict(errors)
    assert filed_on is not None
    return CaseInput(
        case_type=case_type,
        source=values["source"],
        filed_on=filed_on,
        dispute_subtype=subtype,
        campaign=values["campaign"],
        industry=values["industry"],
        e_commerce=values["e_commerce"],
        foreign_related=values["foreign_related"],
        title=values["title"],
        description=values["description"],
        accepted_on=accepted_on,
        closed_on=closed_on,
        outcome=outcome,
        fine_amount=fine,
        illegal_gains=gains,
        patents=patents,
        requester=requester,
        respondent=respondent,
    )
