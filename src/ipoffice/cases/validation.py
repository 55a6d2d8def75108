"""Checking case input, shared by the web form, the API and the legacy import.

Values may arrive as text (import rows) or typed (forms, API); ``clean_case`` returns
either a ``CaseInput`` or a dict of field -> messages naming every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.cases.enums import (
    OUTCOMES,
    CaseSource,
    CaseType,
    DisputeSubtype,
    Industry,
    Outcome,
    PartyKind,
)
from ipoffice.cases.rules import maximum_fine
from ipoffice.common.identifiers import (
    PatentNumber,
    patent_number_normalize,
    resident_id_normalize,
    uscc_normalize,
)

# Column sizes of the case and party tables.
LENGTH_LIMITS = {
    "campaign": 100,
    "title": 200,
    "requester_name": 200,
    "respondent_name": 200,
    "requester_address": 300,
    "respondent_address": 300,
    "requester_contact": 200,
    "respondent_contact": 200,
}
TRUE_WORDS, FALSE_WORDS = {"true", "1", "yes", "y", "是"}, {"false", "0", "no", "n", "否", ""}


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
    campaign: str = ""
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


@cache
def _values(choices: Any) -> frozenset[str]:
    # An enum's ``values`` is rebuilt on every read; an import reads it per row.
    return frozenset(choices.values)


class _Errors(dict[str, list[str]]):
    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def _choice(data: dict[str, Any], name: str, choices: Any, errors: _Errors, required: bool) -> str:
    value = _text(data, name)
    if not value:
        if required:
            errors.add(name, _("This field is required."))
        return ""
    if value not in _values(choices):
        errors.add(
            name,
            _("%(value)s is not one of: %(choices)s")
            % {"value": value, "choices": ", ".join(choices.values)},
        )
        return ""
    return value


def _date(data: dict[str, Any], name: str, errors: _Errors, required: bool = False) -> date | None:
    value = data.get(name)
    if isinstance(value, date):
        return value
    text = _text(data, name)
    if not text:
        if required:
            errors.add(name, _("This field is required."))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(name, _("%(value)s is not a date in the form YYYY-MM-DD") % {"value": text})
        return None


def _bool(data: dict[str, Any], name: str, errors: _Errors) -> bool:
    value = data.get(name)
    if isinstance(value, bool):
        return value
    text = _text(data, name).lower()
    if text in TRUE_WORDS:
        return True
    if text not in FALSE_WORDS:
        errors.add(name, _("%(value)s is not true or false") % {"value": text})
    return False


def _money(data: dict[str, Any], name: str, errors: _Errors) -> Decimal | None:
    value = data.get(name)
    if value is None or _text(data, name) == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        errors.add(name, _("%(value)s is not an amount in RMB") % {"value": value})
        return None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        errors.add(name, _("An amount is zero or more, in yuan and fen."))
        return None
    return amount


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


def _party(data: dict[str, Any], role: str, errors: _Errors, required: bool) -> PartyInput | None:
    name = _text(data, f"{role}_name")
    raw_id = _text(data, f"{role}_id")
    kind = _text(data, f"{role}_kind") or party_kind_guess(raw_id)
    if not name:
        if required or raw_id:
            errors.add(f"{role}_name", _("This field is required."))
        return None
    if kind not in _values(PartyKind):
        errors.add(
            f"{role}_kind",
            _("%(value)s is not one of: %(choices)s")
            % {"value": kind, "choices": ", ".join(PartyKind.values)},
        )
        return None
    try:
        id_number = party_id_clean(kind, raw_id)
    except ValueError as exc:
        errors.add(f"{role}_id", str(exc))
        return None
    return PartyInput(
        name=name,
        kind=kind,
        id_number=id_number,
        address=_text(data, f"{role}_address"),
        contact=_text(data, f"{role}_contact"),
    )


def _patents(data: dict[str, Any], errors: _Errors) -> list[PatentNumber]:
    value = data.get("patent_numbers") or []
    raw = [p.strip() for p in (value.split(";") if isinstance(value, str) else value)]
    found: dict[str, PatentNumber] = {}
    for item in filter(None, raw):
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
    errors = _Errors()
    case_type = _choice(data, "case_type", CaseType, errors, required=True)
    subtype = _choice(data, "dispute_subtype", DisputeSubtype, errors, required=False)
    source = _choice(data, "source", CaseSource, errors, required=True)
    industry = _choice(data, "industry", Industry, errors, required=False)
    outcome = _choice(data, "outcome", Outcome, errors, required=False)
    filed_on = _date(data, "filed_on", errors, required=True)
    accepted_on = _date(data, "accepted_on", errors)
    closed_on = _date(data, "closed_on", errors)
    fine = _money(data, "fine_amount", errors)
    gains = _money(data, "illegal_gains", errors)
    patents = _patents(data, errors)
    e_commerce = _bool(data, "e_commerce", errors)
    foreign_related = _bool(data, "foreign_related", errors)
    disputes = case_type in (CaseType.INFRINGEMENT_DISPUTE, CaseType.OTHER_DISPUTE)
    requester = _party(data, "requester", errors, required=disputes)
    respondent = _party(data, "respondent", errors, required=True)

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
    for name, limit in LENGTH_LIMITS.items():
        if len(_text(data, name)) > limit:
            errors.add(name, _("At most %(n)s characters.") % {"n": limit})
    if errors:
        return dict(errors)
    assert filed_on is not None
    return CaseInput(
        case_type=case_type,
        source=source,
        filed_on=filed_on,
        dispute_subtype=subtype,
        campaign=_text(data, "campaign"),
        industry=industry,
        e_commerce=e_commerce,
        foreign_related=foreign_related,
        title=_text(data, "title"),
        description=_text(data, "description"),
        accepted_on=accepted_on,
        closed_on=closed_on,
        outcome=outcome,
        fine_amount=fine,
        illegal_gains=gains,
        patents=patents,
        requester=requester,
        respondent=respondent,
    )
