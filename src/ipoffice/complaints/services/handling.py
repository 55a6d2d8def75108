"""Handling a complaint: the workflow's actions, reassignment, rating and escalation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.cases.enums import CaseStatus
from ipoffice.common.counting import counted_save, counted_seen
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.history import history_append
from ipoffice.common.workflow import transition_perform
from ipoffice.complaints.enums import AT_CENTER_COMPLAINT_STATUSES, ComplaintStatus
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.notices import complaint_notify_escalated
from ipoffice.complaints.selectors import overdue_complaints
from ipoffice.complaints.services.handler import handler_take, may_handle
from ipoffice.complaints.workflow import COMPLAINT_WORKFLOW, can_handle
from ipoffice.offices.models import ASSISTANCE_LEVELS, Office

_locked = COMPLAINT_WORKFLOW.lock


@transaction.atomic
def complaint_transition(
    *,
    actor: Any,
    complaint: Complaint,
    name: str,
    note: str = "",
    on: date | None = None,
    transferred_to: Office | None = None,
    authority: str = "",
    authority_name: str = "",
    complex_matter: bool | None = None,
) -> Complaint:
    """One of the actions an agent takes (complaints/workflow.py); merging and conversion
    have their own services."""
    if (t := COMPLAINT_WORKFLOW.transitions.get(name)) is not None and t.own_service:
        raise ApplicationError(
            _("There is no action called %(name)s.") % {"name": name}, field="transition"
        )
    complaint = transition_perform(
        COMPLAINT_WORKFLOW,
        record=complaint,
        name=name,
        actor=actor,
        on=on,
        reason=note,
        transferred_to=transferred_to,
        authority=authority,
        authority_name=authority_name,
        complex_matter=complex_matter,
    )
    handler_take(complaint, actor)  # the accepting agent, when nobody handles it yet
    return complaint


@transaction.atomic
def complaint_reassign(
    *, actor: Any, complaint: Complaint, center: Office, reason: str
) -> Complaint:
    complaint = _locked(complaint)
    if not can_handle(actor, complaint, "complaints.handle_complaint"):
        raise PermissionDeniedError(_("You may not handle this complaint."))
    if complaint.status not in AT_CENTER_COMPLAINT_STATUSES:
        raise ApplicationError(
            _("Only a complaint not yet passed on can be reassigned."), field="center"
        )
    if center.level not in ASSISTANCE_LEVELS or not center.is_active:
        raise ApplicationError(_("Choose an assistance center or work station."), field="center")
    if not reason.strip():
        raise ApplicationError(_("Give the reason for this action."), field="reason")
    before = complaint.center.code
    complaint.center = center
    if complaint.handler is not None and not may_handle(complaint.handler, complaint):
        complaint.handler = None  # the new unit chooses its own handler
    counted_save(complaint, update_fields=["center", "handler", "updated_at"])
    history_append(
        complaint,
        actor=actor,
        action="reassign",
        changes={"center": [before, center.code]},
        reason=reason,
    )
    return complaint


@transaction.atomic
def complaint_rate(*, complaint: Complaint, rating: int) -> Complaint:
    """The complainant's satisfaction with a closed complaint (1 to 5), once."""
    complaint = _locked(complaint)
    if complaint.is_open or (
        complaint.status == ComplaintStatus.MERGED and not complaint.closed_on
    ):
        raise ApplicationError(_("You can rate the handling once it is closed."), field="rating")
    if complaint.rating is not None:
        raise ApplicationError(_("You have already rated it."), field="rating")
    if rating not in range(1, 6):
        raise ApplicationError(_("Rate from 1 to 5."), field="rating")
    complaint.rating = rating
    counted_save(complaint, update_fields=["rating", "updated_at"])
    history_append(complaint, actor=None, action="rate", changes={"rating": [None, rating]})
    return complaint


@transaction.atomic
def complaints_escalate_overdue(*, today: date | None = None) -> int:
    """Flag every open complaint past its due date for the unit above, and tell the
    people there; return how many were escalated. Run daily as the job
    ``complaints-escalate-overdue`` and by the command ``escalate-overdue``; a complaint
    is escalated once (``escalated``), so a second run does nothing."""
    today = today or timezone.localdate()
    late = overdue_complaints(
        Complaint.objects.select_for_update(of=("self",)).select_related("center__parent"),
        today,
    ).filter(escalated=False)
    count = 0
    for complaint in late:
        counted_seen(complaint)
        parent = complaint.center.parent
        complaint.escalated = True
        counted_save(complaint, update_fields=["escalated", "updated_at"])
        history_append(
            complaint,
            actor=None,
            action="escalate",
            on=today,
            changes={
                "escalated_to": [None, parent.code if parent else None],
                "due_on": [complaint.due_on, complaint.due_on],
            },
        )
        complaint_notify_escalated(complaint)
        count += 1
    return count


def complaints_follow_case(case: Any, *, actor: Any, on: date) -> None:
    """Receiver of ``cases.hooks.case_concluded``: the complaints behind the case receive
    its result, and their time limit to tell the complainant starts."""
    if not case.outcome and case.status != CaseStatus.NOT_ACCEPTED:
        return
    for complaint in Complaint.objects.filter(case=case, status=ComplaintStatus.CONVERTED):
        transition_perform(
            COMPLAINT_WORKFLOW,
            record=complaint,
            name="case_result",
            actor=actor,
            on=on,
            case=case,
            caused_by=case,
        )
