"""Who handles a complaint: the agent who recorded or first reviewed it, or one chosen."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipoffice.common.counting import counted_save
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.history import history_append
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.notices import complaint_notify_assignment
from ipoffice.complaints.workflow import COMPLAINT_WORKFLOW, HANDLE, can_handle


def may_handle(person: Any, complaint: Complaint) -> bool:
    """A handler is an agent of the complaint's unit or of a unit above it."""
    return person is not None and can_handle(person, complaint, HANDLE)


def handler_name(person: Any) -> str | None:
    return person.display_name() if person is not None else None


@transaction.atomic
def complaint_handler_change(
    *, actor: Any, complaint: Complaint, handler: Any, reason: str
) -> Complaint:
    """Give the complaint to another agent, with the reason, in its history."""
    complaint = COMPLAINT_WORKFLOW.lock(complaint)
    if not can_handle(actor, complaint, HANDLE):
        raise PermissionDeniedError(_("You may not handle this complaint."))
    if not may_handle(handler, complaint):
        raise ApplicationError(
            _("Choose an agent of this unit who handles complaints."), field="handler"
        )
    if not reason.strip():
        raise ApplicationError(_("Give the reason for this action."), field="reason")
    if complaint.handler_id == handler.pk:
        raise ApplicationError(_("This agent already handles the complaint."), field="handler")
    before = handler_name(complaint.handler)
    complaint.handler = handler
    counted_save(complaint, update_fields=["handler", "updated_at"])
    event = history_append(
        complaint,
        actor=actor,
        action="handler_change",
        on=timezone.localdate(),
        changes={"handler": [before, handler_name(handler)]},
        reason=reason.strip(),
    )
    complaint_notify_assignment(complaint, actor=actor, event_pk=event.pk)
    return complaint


def handler_take(complaint: Complaint, actor: Any) -> None:
    """The agent who first acts on a complaint nobody handles yet becomes its handler
    (inside the caller's transaction, after the act)."""
    if complaint.handler_id is None and may_handle(actor, complaint):
        complaint.handler = actor
        counted_save(complaint, update_fields=["handler", "updated_at"])
