"""The complaint workflow: its transition table and what the engine needs to know of
complaints. ``common.workflow.transition_perform`` with ``COMPLAINT_WORKFLOW`` is the only
code that changes a complaint's status: the generic action, merging, conversion into a
case and following a concluded case are all transitions of this table."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ipoffice.common.counting import counted_save, counted_seen
from ipoffice.common.errors import ApplicationError
from ipoffice.common.history import history_append
from ipoffice.common.scoping import office_within, user_office
from ipoffice.common.workflow import Act, Transition, Workflow, transition
from ipoffice.common.workflow import transition_problem as engine_problem
from ipoffice.complaints.deadlines import complaint_due_on
from ipoffice.complaints.enums import AT_CENTER_COMPLAINT_STATUSES as AT_CENTER
from ipoffice.complaints.enums import Authority, Message
from ipoffice.complaints.enums import ComplaintKind as K
from ipoffice.complaints.enums import ComplaintStatus as S
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.notices import complaint_notify_reopened
from ipoffice.complaints.notifications import channels_for, complaint_tell
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.offices.models import ASSISTANCE_LEVELS, Office

HANDLE, CONVERT = "complaints.handle_complaint", "complaints.convert_complaint"
CASE_KINDS = (K.INFRINGEMENT_COMPLAINT, K.PASSING_OFF_REPORT, K.ASSISTANCE_REQUEST)


def _reply(act: Act) -> None:
    act.record.reply = act.reason


def _told(act: Act) -> None:
    """The "tell the complainant" step is met by sending: the day the result message is
    enqueued (today); a complainant with no channel is told by other means, on the day
    the agent records."""
    sending = bool(channels_for(act.record))
    act.record.notified_on = timezone.localdate() if sending else act.on


def _send_result(act: Act) -> None:
    complaint_tell(act.record, Message.RESULT, extra={"result": act.reason})


def _send_result_and_ask(act: Act) -> None:
    _send_result(act)
    complaint_tell(act.record, Message.SATISFACTION)


def _send_transfer(act: Act) -> None:
    complaint_tell(act.record, Message.TRANSFER)


def _reopen(act: Act) -> None:
    """Back at the center for another look: no longer closed, a new round of messages."""
    complaint = act.record
    act.changes["closed_on"] = [complaint.closed_on, None]
    complaint.closed_on = None
    complaint.reopened += 1


def _reopened(act: Act) -> None:
    complaint_notify_reopened(act.record)


def _answer(act: Act) -> None:
    act.record.reply = act.reason
    act.record.result_on = act.on  # the answer is the result: the complainant is told next


def _result(act: Act) -> None:
    act.record.result = act.reason


def _recipient(act: Act) -> None:
    """Where a transferred complaint goes: an office above the centers, or an authority."""
    complaint = act.record
    office: Office | None = act.params.get("transferred_to")
    authority, name = act.params.get("authority") or "", act.params.get("authority_name") or ""
    if office is None and not authority:
        raise ApplicationError(gettext("Say where the complaint goes."), field="transferred_to")
    if office is not None and authority:
        raise ApplicationError(
            gettext("Choose an office or another authority, not both."), field="authority"
        )
    if authority:
        if authority not in Authority.values:
            raise ApplicationError(gettext("Unknown authority."), field="authority")
        if not name.strip():
            raise ApplicationError(gettext("Name the receiving authority."), field="authority_name")
        complaint.authority, complaint.authority_name = authority, name.strip()
        act.changes["recipient"] = [None, f"{authority}: {name.strip()}"]
        return
    assert office is not None
    if office.level in ASSISTANCE_LEVELS:
        raise ApplicationError(
            gettext("Reassign to another center instead."), field="transferred_to"
        )
    complaint.transferred_to = office
    act.changes["recipient"] = [None, office.code]


def _to_case(act: Act) -> None:
    case = act.params["case"]
    act.record.case, act.record.transferred_to = case, case.office
    act.changes["case"] = [None, case.case_number]


def _into(act: Act) -> None:
    into = act.params["into"]
    act.record.merged_into = into
    act.changes["merged_into"] = [None, into.tracking_number]
    # Those merged into the duplicate now follow the master too, each with its entry.
    for earlier in Complaint.objects.select_for_update().filter(merged_into=act.record):
        counted_seen(earlier)
        earlier.merged_into = into
        counted_save(earlier, update_fields=["merged_into", "updated_at"])
        history_append(earlier, actor=act.actor, action="merge", on=act.on, reason=act.reason,
                       changes={"merged_into": [act.record.tracking_number,
                                                into.tracking_number]})  # fmt: skip


def _case_result(act: Act) -> None:
    case = act.params["case"]
    act.record.result = str(case.get_outcome_display() or case.get_status_display())
    act.changes["case_outcome"] = [None, case.outcome]


def _close_merged(act: Act) -> None:
    """Everyone whose complaint was merged into this one hears the same result."""
    master = act.record
    for merged in Complaint.objects.select_for_update().filter(merged_into=master):
        counted_seen(merged)
        merged.reply, merged.result, merged.closed_on = master.reply, master.result, act.on
        told = complaint_tell(merged, Message.RESULT, extra={"result": master.reply})
        merged.notified_on = timezone.localdate() if told else act.on
        counted_save(
            merged, update_fields=["reply", "result", "closed_on", "notified_on", "updated_at"]
        )
        history_append(
            merged, actor=act.actor, action="notify", on=act.on, reason=master.reply, public=True
        )


def _t(name: str, label: Promise, sources: tuple[str, ...], target: str, **kw: Any) -> Transition:
    permission = kw.pop("permission", HANDLE)
    if target == S.CLOSED:
        kw.setdefault("stamps", ("closed_on",))
        kw["hooks"] = (*kw.get("hooks", ()), _told)  # closing tells the complainant
        kw["after"] = (_close_merged, *kw.get("after", (_send_result,)))
    return transition(name, label, sources, target, permission, **kw)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t(
            "review",
            _("Initial review done"),
            (S.RECEIVED,),
            S.REVIEWED,
            public=True,
            stamps=("reviewed_on",),
        ),
        _t(
            "reject",
            _("Not accepted"),
            AT_CENTER,
            S.CLOSED,
            reason_required=True,
            public=True,
        ),
        _t(
            "answer",
            _("Answer the consultation"),
            AT_CENTER,
            S.ANSWERED,
            reason_required=True,
            public=True,
            kinds=(K.CONSULTATION,),
            hooks=(_answer,),
        ),
        _t(
            "transfer",
            _("Transfer"),
            AT_CENTER,
            S.TRANSFERRED,
            reason_required=True,
            public=True,
            stamps=("transferred_on",),
            hooks=(_recipient,),
            after=(_send_transfer,),
        ),
        _t(
            "record_receipt",
            _("Acceptance receipt received"),
            (S.TRANSFERRED,),
            S.ACCEPTED_BY_OFFICE,
            public=True,
            stamps=("receipt_on",),
        ),
        _t(
            "record_result",
            _("Result received"),
            (S.TRANSFERRED, S.ACCEPTED_BY_OFFICE, S.CONVERTED),
            S.RESULT_RECEIVED,
            reason_required=True,
            stamps=("result_on",),
            hooks=(_result,),
        ),
        _t(
            "notify",
            _("Tell the complainant the result"),
            (S.RESULT_RECEIVED, S.ANSWERED),
            S.CLOSED,
            reason_required=True,
            public=True,
            hooks=(_reply,),
            after=(_send_result_and_ask,),  # the result, then "was it resolved?"
        ),
        _t(
            "convert_to_case",
            _("Open an enforcement case"),
            AT_CENTER,
            S.CONVERTED,
            permission=CONVERT,
            public=True,
            kinds=(*CASE_KINDS, K.TAKEDOWN_REQUEST),
            stamps=("transferred_on",),
            hooks=(_to_case,),
            after=(_send_transfer,),
            own_service=True,
        ),
        _t(
            "merge",
            _("Merged with a complaint on the same matter"),
            AT_CENTER,
            S.MERGED,
            public=True,
            hooks=(_into,),
            own_service=True,
            offered=False,
        ),
        # Follows the case this complaint became (cases.hooks.case_concluded): no request
        # performs it, so it needs no permission of its own.
        _t(
            "case_result",
            _("Result of the enforcement case received"),
            (S.CONVERTED,),
            S.RESULT_RECEIVED,
            permission="",
            stamps=("result_on",),
            hooks=(_case_result,),
            own_service=True,
            offered=False,
        ),
        # The complainant answered "not resolved" to the satisfaction request (a signed
        # link, no login: services.complaint_satisfaction_answer): back to the center,
        # which decides anew (transfer, answer, convert or reject), with 5 working days
        # from today for it. The answer is the reason.
        _t(
            "reopen",
            _("Reopened: the complainant says it is not resolved"),
            (S.CLOSED,),
            S.REVIEWED,
            permission="",
            public=True,
            stamps=("reopened_on",),
            hooks=(_reopen,),
            after=(_reopened,),
            own_service=True,
            offered=False,
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
    # The staff's word too (已办结): the same state has one name on both sides.
    S.CLOSED: pgettext_lazy("complaint status", "Closed"),
}


def can_handle(actor: Any, complaint: Complaint, permission: str) -> bool:
    """Agents act on complaints of their own unit and below; officers of the offices
    above convert them into cases."""
    own = user_office(actor)
    return own is not None and office_within(complaint.center, own) and actor.has_perm(permission)


def _may_act(actor: Any, complaint: Complaint, t: Transition) -> bool:
    return can_handle(actor, complaint, t.permission)


def _lock(complaint: Complaint) -> Complaint:
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("center")
        .get(pk=complaint.pk)
    )
    return counted_seen(locked)


def _date_problem(complaint: Complaint, on: Any) -> str | None:
    if on < complaint.received_on or on > timezone.localdate():
        return gettext("The date must lie between receipt and today.")
    return None


def _next_step(act: Act) -> None:
    """A new step, a new time limit: escalate again if it lapses."""
    complaint = act.record
    complex_matter = act.params.get("complex_matter")
    if complex_matter is not None:
        complaint.complex_matter = complex_matter
    complaint.due_on = complaint_due_on(complaint, WorkingCalendar.from_db())
    if complaint.status in (S.RESULT_RECEIVED, S.ANSWERED):
        complaint.notify_due_on = complaint.due_on  # "told within 5 working days" counts it
    complaint.escalated = False


COMPLAINT_WORKFLOW = Workflow(
    name="complaint",
    model=Complaint,
    transitions=TRANSITIONS,
    lock=_lock,
    may_act=_may_act,
    denied=_("You may not handle this complaint."),
    not_possible=_("“%(action)s” is not possible on a complaint that is %(status)s."),
    kind_field="kind",
    tracked=("complex_matter", "due_on", "notified_on"),
    reason_field="note",
    reason_message=_("Write the note for this step."),
    date_problem=_date_problem,
    refresh=_next_step,
    save=counted_save,
)


def transition_problem(complaint: Any, t: Transition) -> str | None:
    return engine_problem(COMPLAINT_WORKFLOW, complaint, t)
