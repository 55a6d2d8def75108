"""The coordination request workflow: sent → acknowledged → answered, or refused, or
withdrawn. ``common.workflow.transition_perform`` with ``REQUEST_WORKFLOW`` is the only
writer of a request's status (``services.request_transition``).

The receiver acts: people of the receiving office (with ``answer_request``) for a
request to an office; the outside authority, through its signed link or webhook
(``AuthorityActor``), for a transfer. The requesting office withdraws."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.common.counting import counted_save, counted_seen
from ipoffice.common.errors import ApplicationError
from ipoffice.common.inputs import too_long_message
from ipoffice.common.scoping import user_office
from ipoffice.common.workflow import Act, Transition, Workflow, transition
from ipoffice.coordination.deadlines import request_due_on
from ipoffice.coordination.enums import OPEN_STATUSES, RequestStatus
from ipoffice.coordination.models import CoordinationRequest

S = RequestStatus
SEND, ANSWER = "coordination.send_request", "coordination.answer_request"
ANSWER_MAX_LENGTH = 5000


@dataclass(frozen=True)
class AuthorityActor:
    """An outside authority acting through a link or webhook signed for one request: no
    account, so no ``pk`` (the history names the person it gives, ``acknowledged_by_name``)."""

    request_id: int
    authority_id: int
    name: str = ""
    pk: None = None

    def has_perm(self, permission: str) -> bool:
        return False


# What an authority may do through its link (for an office, its people do the same).
AUTHORITY_ACTS = frozenset({"acknowledge", "answer", "refuse"})


def _answered(act: Act) -> None:
    request: CoordinationRequest = act.record
    text = str(act.params.get("answer") or "").strip()
    if not text:
        raise ApplicationError(gettext("Write the answer."), field="answer")
    if len(text) > ANSWER_MAX_LENGTH:
        raise ApplicationError(
            too_long_message(ANSWER_MAX_LENGTH),
            field="answer",
        )
    request.answer = text
    request.acknowledged_on = request.acknowledged_on or act.on
    due = request.answer_due_on
    request.answered_in_time = None if due is None else act.on <= due


def _signed_by(act: Act) -> None:
    """Who at the authority acted, as they gave their name on the page."""
    if isinstance(act.actor, AuthorityActor):
        name = act.actor.name.strip()[:200]
        if not name:
            raise ApplicationError(gettext("Give your name."), field="name")
        act.record.acknowledged_by_name = name


def _t(
    name: str, label: Promise, sources: tuple[str, ...], target: str, perm: str, **kw: Any
) -> Transition:
    kw.setdefault("hooks", ())
    if perm == ANSWER:
        kw["hooks"] = (_signed_by, *kw["hooks"])
    return transition(name, label, sources, target, perm, **kw)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t(
            "acknowledge",
            _("Acknowledge"),
            (S.SENT,),
            S.ACKNOWLEDGED,
            ANSWER,
            stamps=("acknowledged_on",),
        ),
        _t(
            "answer",
            _("Answer"),
            OPEN_STATUSES,
            S.ANSWERED,
            ANSWER,
            stamps=("answered_on",),
            hooks=(_answered,),
        ),
        _t(
            "refuse",
            _("Refuse"),
            OPEN_STATUSES,
            S.REFUSED,
            ANSWER,
            reason_required=True,
            stamps=("closed_on",),
        ),
        _t(
            "withdraw",
            _("Withdraw"),
            OPEN_STATUSES,
            S.WITHDRAWN,
            SEND,
            reason_required=True,
            stamps=("closed_on",),
        ),
    )
}

EVENT_LABELS: dict[str, Promise] = {
    "create": _("Request sent"),
    "remind": _("Reminder sent"),
    "message": _("Message sent"),
    **{name: t.label for name, t in TRANSITIONS.items()},
}


def event_label(action: str) -> str:
    label = EVENT_LABELS.get(action)
    return str(label) if label is not None else action


def may_act(actor: Any, request: CoordinationRequest, t: Transition) -> bool:
    if isinstance(actor, AuthorityActor):
        return (
            t.name in AUTHORITY_ACTS
            and request.authority_id is not None
            and actor.authority_id == request.authority_id
            and actor.request_id == request.pk
        )
    own = user_office(actor)
    if own is None or not actor.has_perm(t.permission):
        return False
    if t.permission == SEND:
        return own.pk == request.requesting_office_id
    return request.receiving_office_id is not None and own.pk == request.receiving_office_id


def _lock(request: CoordinationRequest) -> CoordinationRequest:
    locked = (
        CoordinationRequest.objects.select_for_update(of=("self",))
        .select_related("requesting_office", "receiving_office", "authority", "case")
        .get(pk=request.pk)
    )
    return counted_seen(locked)


def _date_problem(request: CoordinationRequest, on: Any) -> str | None:
    if on > timezone.localdate():
        return gettext("The date cannot be in the future.")
    if on < request.sent_on:
        return gettext("The date cannot precede %(date)s.") % {"date": request.sent_on}
    return None


def _next_due(act: Act) -> None:
    act.record.due_on = request_due_on(act.record)


REQUEST_WORKFLOW = Workflow(
    name="coordination_request",
    model=CoordinationRequest,
    transitions=TRANSITIONS,
    lock=_lock,
    may_act=may_act,
    denied=_("You may not do this on that request."),
    not_possible=_("“%(action)s” is not possible on a request that is %(status)s."),
    tracked=("answer", "answered_in_time", "acknowledged_by_name", "due_on"),
    date_problem=_date_problem,
    refresh=_next_due,
    save=counted_save,
)
