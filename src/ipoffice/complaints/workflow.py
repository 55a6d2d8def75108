"""The complaint workflow as an explicit table; ``services.complaint_transition`` is the
only code that changes a complaint's status."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ipoffice.complaints.enums import AT_CENTER_COMPLAINT_STATUSES as AT_CENTER
from ipoffice.complaints.enums import ComplaintKind as K
from ipoffice.complaints.enums import ComplaintStatus as S

HANDLE, CONVERT = "complaints.handle_complaint", "complaints.convert_complaint"


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: tuple[str, ...]
    target: str
    permission: str = HANDLE
    note_required: bool = False
    public: bool = False  # the complainant sees this step on the tracking page
    kinds: tuple[str, ...] | None = None  # None: every kind


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("review", _("Initial review done"), (S.RECEIVED,), S.REVIEWED, public=True),
        Transition(
            "reject", _("Not accepted"), AT_CENTER, S.CLOSED, note_required=True, public=True
        ),
        Transition(
            "answer",
            _("Answer the consultation"),
            AT_CENTER,
            S.ANSWERED,
            note_required=True,
            public=True,
            kinds=(K.CONSULTATION,),
        ),
        Transition(
            "transfer",
            _("Transfer"),
            AT_CENTER,
            S.TRANSFERRED,
            note_required=True,
            public=True,
        ),
        Transition(
            "record_receipt",
            _("Acceptance receipt received"),
            (S.TRANSFERRED,),
            S.ACCEPTED_BY_OFFICE,
            public=True,
        ),
        Transition(
            "record_result",
            _("Result received"),
            (S.TRANSFERRED, S.ACCEPTED_BY_OFFICE, S.CONVERTED),
            S.RESULT_RECEIVED,
            note_required=True,
        ),
        Transition(
            "notify",
            _("Tell the complainant the result"),
            (S.RESULT_RECEIVED, S.ANSWERED),
            S.CLOSED,
            note_required=True,
            public=True,
        ),
        Transition(
            "convert_to_case",
            _("Open an enforcement case"),
            AT_CENTER,
            S.CONVERTED,
            CONVERT,
            public=True,
            kinds=(
                K.INFRINGEMENT_COMPLAINT,
                K.PASSING_OFF_REPORT,
                K.ASSISTANCE_REQUEST,
                K.TAKEDOWN_REQUEST,
            ),
        ),
    )
}

# What the public sees of each status: fewer, plainer words.
PUBLIC_STATUS: dict[str, Promise] = {
    S.RECEIVED: _("Received"),
    S.REVIEWED: _("Under review"),
    S.TRANSFERRED: _("Passed to the competent authority"),
    S.ACCEPTED_BY_OFFICE: _("Being handled by the competent authority"),
    S.CONVERTED: _("Being handled as an enforcement case"),
    S.RESULT_RECEIVED: _("Result being prepared for you"),
    S.ANSWERED: _("Answered"),
    S.CLOSED: _("Closed"),
}


def transition_problem(complaint: object, transition: Transition) -> str | None:
    from django.utils.translation import gettext

    status = getattr(complaint, "status", "")
    kind = getattr(complaint, "kind", "")
    if status not in transition.sources or (transition.kinds and kind not in transition.kinds):
        return gettext("“%(action)s” is not possible on a complaint that is %(status)s.") % {
            "action": transition.label,
            "status": S(status).label,
        }
    return None
