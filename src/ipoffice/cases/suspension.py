"""Time not counted toward a case's time limit: suspension (中止, and service by public
announcement) and the consultation for identifying infringement (an expert's or a
technical opinion). Both are workflow records (``SUSPENSION_WORKFLOW``,
``CONSULTATION_WORKFLOW``); every pause that starts or ends recomputes the case's
``paused_days``, ``paused_since`` and ``due_on`` and leaves an entry in its history with
the due date before and after.

The rule (docs/time-limits.md, "Time not counted"): a pause takes the days from its first
day up to the day before it ends (``ended - started`` calendar days: suspended on 10 March
and resumed on 20 March, 10 days); days covered by two pauses at once count once; while a
pause runs the case has no due date (its clock is stopped); when the last one ends the
due date is the limit's last day plus the paused days, moved to the next working day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.deadlines import case_due_on
from ipoffice.cases.enums import (
    HANDLING_CASE_STATUSES,
    ConsultationKind,
    ConsultationStatus,
    SuspensionGround,
    SuspensionStatus,
)
from ipoffice.cases.models import Case, Consultation, Suspension
from ipoffice.cases.services import require_handler
from ipoffice.cases.workflow import CASE_WORKFLOW, HANDLE, acts_for
from ipoffice.common.counting import counted_save
from ipoffice.common.errors import ApplicationError
from ipoffice.common.history import history_append
from ipoffice.common.workflow import Act, Transition, Workflow, transition, transition_perform
from ipoffice.deadlines.calendar import WorkingCalendar

PAUSE_FIELDS = ("paused_days", "paused_since", "suspended_on", "due_on")


def union_days(intervals: Iterable[tuple[date, date]]) -> int:
    """Calendar days covered by ``[start, end)`` intervals, each day once."""
    total, current = 0, None
    for start, end in sorted(intervals):
        if current is not None and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            total += (current[1] - current[0]).days
        current = (start, end)
    if current is not None:
        total += (current[1] - current[0]).days
    return total


def pauses_of(case: Case) -> tuple[list[tuple[date, date]], list[date], date | None]:
    """The case's ended pauses, the starts of those running, and the suspension's start."""
    ended: list[tuple[date, date]] = []
    running: list[date] = []
    suspended = None
    for s in case.suspensions.all():
        if s.status == SuspensionStatus.IN_EFFECT:
            running.append(s.suspended_on)
            suspended = s.suspended_on
        elif s.resumed_on is not None:
            ended.append((s.suspended_on, s.resumed_on))
    for c in case.consultations.all():
        if c.status == ConsultationStatus.REQUESTED:
            running.append(c.requested_on)
        elif c.answered_on is not None:
            ended.append((c.requested_on, c.answered_on))
    return ended, running, suspended


def pause_recompute(
    case: Case, *, actor: Any, on: date, action: str, reason: str = "", **changes: Any
) -> Case:
    """Recompute the locked ``case``'s pauses and due date from its records; one history
    entry of ``action`` with the due date and the days not counted before and after."""
    before = {f: getattr(case, f) for f in PAUSE_FIELDS}
    ended, running, suspended = pauses_of(case)
    case.paused_days = union_days(ended)
    case.paused_since = min(running) if running else None
    case.suspended_on = suspended
    case.due_on = case_due_on(case, WorkingCalendar.from_db())
    counted_save(case, update_fields=[*PAUSE_FIELDS, "updated_at"])
    moved = {
        f: [b, getattr(case, f)]
        for f, b in before.items()
        if f != "suspended_on" and b != getattr(case, f)
    }
    history_append(
        case, actor=actor, action=action, on=on, reason=reason, changes={**changes, **moved}
    )
    return case


def _open_problem(case: Case, on: date) -> None:
    if case.status not in HANDLING_CASE_STATUSES or case.accepted_on is None:
        raise ApplicationError(
            gettext("Only a case being handled can be suspended or sent for an opinion."),
            field="on",
        )
    problem = CASE_WORKFLOW.date_problem(case, on)
    if problem:
        raise ApplicationError(problem, field="on")


def _required(value: str, field: str, message: str) -> str:
    if not value.strip():
        raise ApplicationError(message, field=field)
    return value.strip()


@transaction.atomic
def case_suspend(
    *, actor: Any, case: Case, ground: str, reason: str, on: date | None = None
) -> Suspension:
    """Suspend the handling of ``case`` from ``on``: its clock stops until it resumes."""
    case = CASE_WORKFLOW.lock(case)
    require_handler(actor, case.office, HANDLE)
    on = on or timezone.localdate()
    if ground not in SuspensionGround.values:
        raise ApplicationError(gettext("Choose the ground from the list."), field="ground")
    reason = _required(reason, "reason", gettext("Give the reason for this action."))
    if case.suspended_on is not None:
        raise ApplicationError(gettext("The case is already suspended."), field="ground")
    _open_problem(case, on)
    suspension = Suspension.objects.create(
        case=case, ground=ground, reason=reason, suspended_on=on, suspended_by=actor
    )
    history_append(suspension, actor=actor, action="create", on=on, reason=reason, from_status="")
    pause_recompute(
        case, actor=actor, on=on, action="suspend", reason=reason, ground=[None, ground]
    )
    return suspension


@transaction.atomic
def case_resume(*, actor: Any, case: Case, reason: str, on: date | None = None) -> Suspension:
    """End the suspension in effect; the days it lasted are added to the time limit."""
    found = case.suspensions.filter(status=SuspensionStatus.IN_EFFECT).first()
    if found is None:
        raise ApplicationError(gettext("The case is not suspended."), field="reason")
    return transition_perform(
        SUSPENSION_WORKFLOW, record=found, name="resume", actor=actor, on=on, reason=reason
    )


@transaction.atomic
def consultation_request(
    *,
    actor: Any,
    case: Case,
    kind: str,
    experts: str,
    question: str,
    organisation: str = "",
    on: date | None = None,
) -> Consultation:
    """Ask experts (or an appraisal body) whether there is infringement; until they
    answer, the time is not counted toward the case's limit."""
    case = CASE_WORKFLOW.lock(case)
    require_handler(actor, case.office, HANDLE)
    on = on or timezone.localdate()
    if kind not in ConsultationKind.values:
        raise ApplicationError(gettext("Choose the kind of opinion."), field="kind")
    experts = _required(experts, "experts", gettext("Name the experts or the appraiser."))
    question = _required(question, "question", gettext("State the question to answer."))
    if case.consultations.filter(status=ConsultationStatus.REQUESTED).exists():
        raise ApplicationError(
            gettext("An opinion is already awaited on this case."), field="question"
        )
    _open_problem(case, on)
    consultation = Consultation.objects.create(
        case=case,
        kind=kind,
        experts=experts,
        organisation=organisation.strip(),
        question=question,
        requested_on=on,
        requested_by=actor,
    )
    history_append(consultation, actor=actor, action="create", on=on, from_status="")
    pause_recompute(
        case,
        actor=actor,
        on=on,
        action="consultation_request",
        reason=question,
        kind=[None, kind],
        experts=[None, experts],
    )
    return consultation


@transaction.atomic
def consultation_answer(
    *, actor: Any, case: Case, answer: str, on: date | None = None
) -> Consultation:
    """Record the opinion awaited on ``case`` and when it was given."""
    found = case.consultations.filter(status=ConsultationStatus.REQUESTED).first()
    if found is None:
        raise ApplicationError(gettext("No opinion is awaited on this case."), field="answer")
    return transition_perform(
        CONSULTATION_WORKFLOW, record=found, name="answer", actor=actor, on=on, answer=answer
    )


# -- the two workflows -------------------------------------------------------------------


def _resumed(act: Act) -> None:
    act.record.resumed_by = act.actor


def _answered(act: Act) -> None:
    answer = (act.params.get("answer") or "").strip()
    if not answer:
        raise ApplicationError(gettext("Give the opinion received."), field="answer")
    act.record.answer = answer


def _case_follows(action: str) -> Any:
    def follow(act: Act) -> None:
        record = act.record
        case = CASE_WORKFLOW.lock(record.case)
        extra = {"answer": [None, record.answer]} if action == "consultation_answer" else {}
        pause_recompute(case, actor=act.actor, on=act.on, action=action, reason=act.reason, **extra)

    return follow


def _lock_suspension(record: Suspension) -> Suspension:
    return (
        Suspension.objects.select_for_update(of=("self",))
        .select_related("case", "case__office")
        .get(pk=record.pk)
    )


def _lock_consultation(record: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("case", "case__office")
        .get(pk=record.pk)
    )


def _may_act(actor: Any, record: Any, t: Transition) -> bool:
    return acts_for(actor, record.case.office_id, t.permission)


def _not_before(field: str) -> Any:
    def problem(record: Any, on: date) -> str | None:
        start = getattr(record, field)
        if on > timezone.localdate():
            return gettext("The date cannot be in the future.")
        if on < start:
            return gettext("The date cannot precede %(date)s.") % {"date": date_format(start)}
        return None

    return problem


SUSPENSION_TRANSITIONS = {
    "resume": transition(
        "resume",
        _("Resume the case"),
        (SuspensionStatus.IN_EFFECT,),
        SuspensionStatus.RESUMED,
        HANDLE,
        reason_required=True,
        stamps=("resumed_on",),
        hooks=(_resumed,),
        after=(_case_follows("resume"),),
        own_service=True,
    )
}

SUSPENSION_WORKFLOW = Workflow(
    name="suspension",
    model=Suspension,
    transitions=SUSPENSION_TRANSITIONS,
    lock=_lock_suspension,
    may_act=_may_act,
    denied=_("You may not do this on a case of that office."),
    not_possible=_("“%(action)s” is not possible on a suspension that is %(status)s."),
    date_problem=_not_before("suspended_on"),
)

CONSULTATION_TRANSITIONS = {
    "answer": transition(
        "answer",
        _("Record the opinion"),
        (ConsultationStatus.REQUESTED,),
        ConsultationStatus.ANSWERED,
        HANDLE,
        stamps=("answered_on",),
        hooks=(_answered,),
        after=(_case_follows("consultation_answer"),),
        own_service=True,
    )
}

CONSULTATION_WORKFLOW = Workflow(
    name="consultation",
    model=Consultation,
    transitions=CONSULTATION_TRANSITIONS,
    lock=_lock_consultation,
    may_act=_may_act,
    denied=_("You may not do this on a case of that office."),
    not_possible=_("“%(action)s” is not possible on a consultation that is %(status)s."),
    tracked=("answer",),
    date_problem=_not_before("requested_on"),
)
