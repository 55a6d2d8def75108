"""When personal data may go: the retention rules, each a query of the records it has
outlived. A rule's code is written in the ledger.

A record's period starts on the latest of: the day it finished (a case closed or not
accepted; a complaint closed or merged), its last history entry (anything recorded after
closing, such as a rating or a review, restarts the count) and, for a complaint that
became a case, the day that case finished. A record is held (never anonymised) while a
record it depends on is open: a complaint while its case is open, a case's parties while
a complaint linked to it is open. The retention is ``IPOFFICE_PERSONAL_DATA_RETENTION_DAYS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.enums import CaseStatus, PartyKind
from ipoffice.cases.models import Case, CaseEvent, Party
from ipoffice.complaints.enums import OPEN_COMPLAINT_STATUSES, ComplaintStatus
from ipoffice.complaints.models import Complaint, ComplaintEvent

FINISHED_CASE_STATUSES = (CaseStatus.CLOSED, CaseStatus.NOT_ACCEPTED)
FINISHED_COMPLAINT_STATUSES = (ComplaintStatus.CLOSED, ComplaintStatus.MERGED)
COMPLAINANT_FIELDS = ("name", "phone", "email", "address")
PARTY_FIELDS = ("name", "id_number", "address", "contact")


@dataclass(frozen=True)
class Rule:
    code: str
    label: Promise
    fields: tuple[str, ...]


COMPLAINANT_RULE = Rule(
    "complainant-retention",
    _("A finished complaint's complainant, after the retention period"),
    COMPLAINANT_FIELDS,
)
PARTY_RULE = Rule(
    "party-retention",
    _("A finished case's individual parties, after the retention period"),
    PARTY_FIELDS,
)


def retention_days() -> int:
    return int(settings.IPOFFICE_PERSONAL_DATA_RETENTION_DAYS)


def cutoff(today: date) -> date:
    """A period that started on or before this day is over."""
    return today - timedelta(days=retention_days())


def _any_filled(fields: tuple[str, ...], prefix: str = "") -> Q:
    found = Q()
    for name in fields:
        found |= ~Q(**{f"{prefix}{name}": ""})
    return found


def _last_entry(model: type[models.Model], field: str) -> Subquery:
    return Subquery(
        model._base_manager.filter(**{field: OuterRef("pk")}).order_by("-on").values("on")[:1]
    )


def complaints_due(today: date) -> models.QuerySet[Complaint]:
    """Finished complaints whose complainant still has contact data and whose period is
    over (their case, if any, finished and over too)."""
    last = cutoff(today)
    return (
        Complaint.objects.filter(
            status__in=FINISHED_COMPLAINT_STATUSES, closed_on__lte=last, complainant__isnull=False
        )
        .filter(_any_filled(COMPLAINANT_FIELDS, "complainant__"))
        .filter(
            Q(case__isnull=True)
            | Q(case__status__in=FINISHED_CASE_STATUSES, case__closed_on__lte=last)
        )
        .annotate(last_on=_last_entry(ComplaintEvent, "complaint"))
        .filter(last_on__lte=last)
        .order_by("pk")
    )


def cases_due(today: date) -> models.QuerySet[Case]:
    """Finished cases with an individual party who still has data, no open complaint
    behind them, and their period over."""
    last = cutoff(today)
    individual = Party.objects.filter(case=OuterRef("pk"), kind=PartyKind.INDIVIDUAL).filter(
        _any_filled(PARTY_FIELDS)
    )
    open_complaint = Complaint.objects.filter(
        case=OuterRef("pk"), status__in=OPEN_COMPLAINT_STATUSES
    )
    return (
        Case.objects.filter(status__in=FINISHED_CASE_STATUSES, closed_on__lte=last)
        .filter(Exists(individual))
        .exclude(Exists(open_complaint))
        .annotate(last_on=_last_entry(CaseEvent, "case"))
        .filter(last_on__lte=last)
        .order_by("pk")
    )
