"""The complainant's one-click answer to the satisfaction request, through a signed link."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ipoffice.common.counting import counted_save
from ipoffice.common.errors import ApplicationError
from ipoffice.common.history import history_append
from ipoffice.common.workflow import transition_perform
from ipoffice.complaints.enums import SETTLED_SATISFACTION, ComplaintStatus, Satisfaction
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.notifications import satisfaction_read
from ipoffice.complaints.workflow import COMPLAINT_WORKFLOW

# Who performs the reopening: the complainant, by their answer (no account).
BY_COMPLAINANT = "complainant"


def _not_valid() -> ApplicationError:
    return ApplicationError(
        _("This link is not valid. Open the link exactly as we sent it to you."), field="token"
    )


def _read(token: str) -> dict[str, int]:
    try:
        return satisfaction_read(token)
    except signing.SignatureExpired:
        raise ApplicationError(
            _(
                "This link has expired: answers are taken for %(days)s days. Call 12330 or "
                "follow your complaint on the tracking page."
            )
            % {"days": settings.IPOFFICE_SATISFACTION_LINK_DAYS},
            field="token",
        ) from None
    except signing.BadSignature:
        raise _not_valid() from None


def _answerable(complaint: Complaint | None, found: dict[str, int]) -> Complaint:
    if complaint is None:
        raise _not_valid()
    settled = complaint.satisfaction in SETTLED_SATISFACTION
    if found["r"] != complaint.reopened or settled or complaint.status != ComplaintStatus.CLOSED:
        raise ApplicationError(_("You have already answered. Thank you."), field="done")
    return complaint


def satisfaction_link_complaint(token: str) -> Complaint:
    """The complaint a link asks about, if it may still be answered (signed, not expired,
    this round not yet answered); otherwise ``ApplicationError`` saying why."""
    found = _read(token)
    return _answerable(Complaint.objects.filter(pk=found["c"]).first(), found)


@transaction.atomic
def complaint_satisfaction_answer(*, token: str, answer: str, comment: str = "") -> Complaint:
    """Record the answer once per round; "not resolved" reopens the complaint (transition
    "reopen", the answer as its reason)."""
    if answer not in Satisfaction.values:
        raise ApplicationError(_("Choose one of the answers."), field="answer")
    complaint = COMPLAINT_WORKFLOW.lock(satisfaction_link_complaint(token))
    _answerable(complaint, _read(token))  # again under the lock: a second click is refused
    before = complaint.satisfaction
    complaint.satisfaction, complaint.satisfaction_on = answer, timezone.localdate()
    counted_save(complaint, update_fields=["satisfaction", "satisfaction_on", "updated_at"])
    history_append(
        complaint,
        actor=None,
        action="satisfaction",
        public=True,
        changes={"satisfaction": [before or None, answer]},
        reason=comment.strip()[:500],
    )
    if answer == Satisfaction.NOT_RESOLVED:
        with translation.override(settings.LANGUAGE_CODE):  # the office's working language
            reason = str(Satisfaction.NOT_RESOLVED.label)
        if comment.strip():
            reason = f"{reason}: {comment.strip()[:500]}"
        complaint = transition_perform(
            COMPLAINT_WORKFLOW,
            record=complaint,
            name="reopen",
            actor=None,
            reason=reason,
            caused_by=BY_COMPLAINANT,
            answer=answer,
        )
    return complaint
