"""Anonymising personal data once it is no longer needed, and exporting one person's data.

Anonymising blanks the fields in place (the complainant row, the individual party rows),
writes a ledger row naming the fields and the rule, and appends an "anonymise" entry to
the record's history. History never holds the values (the import masks or leaves out
individuals' names and ID numbers; no service records contact data), so the hash chains
and the statistics (which count cases and complaints, not people) are untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from ipoffice.cases.enums import PartyKind
from ipoffice.cases.models import Case, Party
from ipoffice.common.history import history_append
from ipoffice.common.identifiers import resident_id_normalize
from ipoffice.complaints.models import Complainant, Complaint
from ipoffice.outbox.enums import MessageStatus
from ipoffice.outbox.selectors import messages_about
from ipoffice.privacy.models import Anonymisation
from ipoffice.privacy.rules import (
    COMPLAINANT_RULE,
    PARTY_RULE,
    Rule,
    cases_due,
    complaints_due,
    retention_days,
)


@dataclass(frozen=True)
class Done:
    record: str
    rule: str
    fields: list[str]


def _since(record: Any) -> date:
    case = getattr(record, "case", None)  # a complaint's case
    dates = [record.closed_on, record.last_on, case.closed_on if case else None]
    return max(d for d in dates if d is not None)


def _ledger(record: models.Model, label: str, rule: Rule, fields: list[str], since: date) -> None:
    Anonymisation.objects.create(
        target_type=ContentType.objects.get_for_model(record),
        target_id=record.pk,
        record=label,
        fields=fields,
        rule=rule.code,
        retention_days=retention_days(),
        since=since,
    )
    history_append(record, actor=None, action="anonymise")


def _blank(rows: Sequence[models.Model], fields: tuple[str, ...], prefix: str) -> list[str]:
    blanked: list[str] = []
    for row in rows:
        filled = [f for f in fields if getattr(row, f)]
        for name in filled:
            setattr(row, name, "")
        if filled:
            row.save(update_fields=filled)
            blanked += [f"{prefix}.{name}" for name in filled]
    return sorted(set(blanked))


@transaction.atomic
def messages_anonymise(*, about: Any) -> list[str]:
    """The messages sent to the person (their address and the text naming them)."""
    sent = messages_about(about).filter(personal=True).exclude(recipient="")
    sent = sent.exclude(status=MessageStatus.PENDING)  # still to go: kept until sent
    if not sent.update(recipient="", body="", subject="", payload=None):
        return []
    return ["message.recipient", "message.body"]


@transaction.atomic
def complaint_anonymise(*, complaint_id: int, today: date) -> Done | None:
    """Anonymise the complainant if the rule still applies (checked under the lock)."""
    complaint = (
        (
            complaints_due(today)
            .select_related("complainant", "case")
            .select_for_update(of=("self",))
        )
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None:
        return None
    fields = _blank([complaint.complainant], COMPLAINANT_RULE.fields, "complainant")
    fields += messages_anonymise(about=complaint)
    _ledger(complaint, complaint.tracking_number, COMPLAINANT_RULE, fields, _since(complaint))
    return Done(complaint.tracking_number, COMPLAINANT_RULE.code, fields)


@transaction.atomic
def case_anonymise(*, case_id: int, today: date) -> Done | None:
    """Anonymise the case's individual parties if the rule still applies."""
    case = cases_due(today).select_for_update(of=("self",)).filter(pk=case_id).first()
    if case is None:
        return None
    parties = list(Party.objects.filter(case=case, kind=PartyKind.INDIVIDUAL))
    fields = _blank(parties, PARTY_RULE.fields, "party")
    _ledger(case, case.case_number, PARTY_RULE, fields, _since(case))
    return Done(case.case_number, PARTY_RULE.code, fields)


def personal_data_anonymise(*, today: date | None = None, dry_run: bool = False) -> list[Done]:
    """Every record whose personal data has outlived the retention period; one
    transaction per record, so a long run holds no lock for long."""
    today = today or timezone.localdate()
    if dry_run:
        return [
            *(Done(c.tracking_number, COMPLAINANT_RULE.code, []) for c in complaints_due(today)),
            *(Done(c.case_number, PARTY_RULE.code, []) for c in cases_due(today)),
        ]
    done = [complaint_anonymise(complaint_id=pk, today=today) for pk in _ids(complaints_due(today))]
    done += [case_anonymise(case_id=pk, today=today) for pk in _ids(cases_due(today))]
    return [d for d in done if d is not None]


def _ids(queryset: models.QuerySet[Any]) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def personal_data_export(*, person: str = "", tracking_number: str = "") -> dict[str, Any]:
    """Everything held about one person: the complaints they filed and the cases they are
    an individual party to, found by name, telephone, e-mail or ID number (exact), or by
    a complaint's tracking number; with the anonymisations already done on those records."""
    person = person.strip()
    if not person and not tracking_number:
        raise ValueError("give a person or a tracking number")
    complainants = Complainant.objects.select_related("complaint", "complaint__center")
    parties = Party.objects.select_related("case", "case__office").filter(kind=PartyKind.INDIVIDUAL)
    if tracking_number:
        complainants = complainants.filter(complaint__tracking_number=tracking_number.strip())
        parties = parties.none()
    else:
        try:
            as_id = resident_id_normalize(person)
        except ValueError:
            as_id = person
        complainants = complainants.filter(
            Q(name=person) | Q(phone=person) | Q(email__iexact=person)
        )
        parties = parties.filter(
            Q(name=person) | Q(id_number=as_id) | Q(contact=person) | Q(contact__iexact=person)
        )
    found_complaints = [
        {
            "tracking_number": c.complaint.tracking_number,
            "received_on": c.complaint.received_on.isoformat(),
            "status": c.complaint.status,
            "center": c.complaint.center.code,
            **{name: getattr(c, name) for name in COMPLAINANT_RULE.fields},
        }
        for c in complainants.order_by("complaint__received_on", "pk")
    ]
    found_parties = [
        {
            "case_number": p.case.case_number,
            "office": p.case.office.code,
            "status": p.case.status,
            "role": p.role,
            **{name: getattr(p, name) for name in PARTY_RULE.fields},
        }
        for p in parties.order_by("case__filed_on", "pk")
    ]
    touched = Q(
        target_type=ContentType.objects.get_for_model(Complaint),
        target_id__in=[c.complaint_id for c in complainants],
    ) | Q(
        target_type=ContentType.objects.get_for_model(Case),
        target_id__in=[p.case_id for p in parties],
    )
    return {
        "complaints": found_complaints,
        "cases": found_parties,
        "anonymisations": [
            {"record": a.record, "fields": a.fields, "rule": a.rule, "at": a.at.isoformat()}
            for a in Anonymisation.objects.filter(touched).order_by("at", "pk")
        ],
    }


def personal_data_anonymise_job() -> str:
    """The daily job (privacy/apps.py)."""
    return f"{len(personal_data_anonymise())} records anonymised"
