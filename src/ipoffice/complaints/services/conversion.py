"""Turning a complaint into an enforcement case of the actor's office."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ipoffice.cases.enums import CaseSource, CaseType
from ipoffice.cases.models import Case
from ipoffice.cases.services import case_create
from ipoffice.cases.validation import clean_case
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import transition_check, transition_perform
from ipoffice.complaints.enums import Channel, ComplaintKind
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.workflow import COMPLAINT_WORKFLOW

# Which case a complaint of each kind becomes, and the case's source.
KIND_TO_CASE: dict[str, tuple[str, str]] = {
    ComplaintKind.INFRINGEMENT_COMPLAINT: (CaseType.INFRINGEMENT_DISPUTE, CaseSource.COMPLAINT),
    ComplaintKind.ASSISTANCE_REQUEST: (CaseType.INFRINGEMENT_DISPUTE, CaseSource.COMPLAINT),
    ComplaintKind.TAKEDOWN_REQUEST: (CaseType.INFRINGEMENT_DISPUTE, CaseSource.E_COMMERCE),
    ComplaintKind.PASSING_OFF_REPORT: (CaseType.PASSING_OFF, CaseSource.REPORT),
}


@transaction.atomic
def complaint_convert_to_case(
    *, actor: Any, complaint: Complaint, overrides: dict[str, Any] | None = None
) -> Case:
    """Open an enforcement case in the actor's office, prefilled from the complaint, and link
    the two both ways. ``overrides`` fills or corrects case fields the complaint lacks."""
    complaint = COMPLAINT_WORKFLOW.lock(complaint)
    convert = COMPLAINT_WORKFLOW.transitions["convert_to_case"]
    transition_check(COMPLAINT_WORKFLOW, actor=actor, record=complaint, t=convert)
    data = {**case_data(complaint), **(overrides or {})}
    case = case_create(actor=actor, office=user_office(actor), data=data)
    transition_perform(
        COMPLAINT_WORKFLOW, record=complaint, name="convert_to_case", actor=actor, case=case
    )
    return case


def conversion_gaps(complaint: Complaint) -> dict[str, list[str]]:
    """The case fields the complaint does not answer well enough (an anonymous report names
    no respondent, say), with what the case input says of each: the agent supplies them."""
    cleaned = clean_case(case_data(complaint))
    return cleaned if isinstance(cleaned, dict) else {}


def case_data(complaint: Complaint) -> dict[str, Any]:
    """The case fields a complaint already answers."""
    case_type, source = KIND_TO_CASE[complaint.kind]
    complainant = getattr(complaint, "complainant", None)
    requester = complainant.name if complainant and case_type != CaseType.PASSING_OFF else ""
    return {
        "case_type": case_type,
        "source": source,
        "filed_on": timezone.localdate(),
        "title": complaint.subject,
        "description": f"{complaint.description}\n\n12330: {complaint.tracking_number}",
        "e_commerce": complaint.channel == Channel.E_COMMERCE or bool(complaint.listing_urls),
        "patent_numbers": [p.application_number for p in complaint.patents.all()],
        "respondent_name": complaint.respondent_name,
        "respondent_id": complaint.respondent_code,
        "requester_name": requester,
    }
