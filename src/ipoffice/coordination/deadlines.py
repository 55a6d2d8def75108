"""Which time limit a coordination request waits on, and its due dates
(rules in ``rules.py``; the arithmetic is ``deadlines.services.due_date``)."""

from __future__ import annotations

from datetime import date

from ipoffice.coordination.enums import RequestStatus
from ipoffice.coordination.models import CoordinationRequest
from ipoffice.coordination.rules import COORDINATION_TIME_LIMITS
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.deadlines.rules import Step, TimeLimit, time_limit_for
from ipoffice.deadlines.services import due_date


def request_limit(request: CoordinationRequest, step: str) -> TimeLimit | None:
    return time_limit_for(
        COORDINATION_TIME_LIMITS,
        step=step,
        case_type=request.kind,
        source="",
        filed_on=request.sent_on,
    )


def request_due_dates(
    request: CoordinationRequest, calendar: WorkingCalendar
) -> tuple[date | None, date | None]:
    """The last day to acknowledge and to answer, both counted from the day it was sent."""
    found = []
    for step in (Step.ACKNOWLEDGE, Step.ANSWER):
        limit = request_limit(request, step)
        found.append(
            None
            if limit is None
            else due_date(calendar=calendar, limit=limit, start=request.sent_on)
        )
    return found[0], found[1]


def request_due_on(request: CoordinationRequest) -> date | None:
    """What the receiver owes now: the acknowledgement, then the answer; nothing after."""
    if request.status == RequestStatus.SENT:
        return request.acknowledge_due_on
    if request.status == RequestStatus.ACKNOWLEDGED:
        return request.answer_due_on
    return None


def request_is_overdue(request: CoordinationRequest, today: date) -> bool:
    due = request_due_on(request)
    return due is not None and due < today
