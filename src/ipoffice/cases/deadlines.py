"""Which time limit a case waits on now, and its last day."""

from __future__ import annotations

from datetime import date

from ipoffice.cases.enums import HANDLING_CASE_STATUSES, PUBLISHED_OUTCOMES, CaseStatus
from ipoffice.cases.models import Case
from ipoffice.cases.rules import CASE_TIME_LIMITS
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.deadlines.rules import Step, TimeLimit, time_limit_for
from ipoffice.deadlines.services import due_date


def _limit(case: Case, step: str) -> TimeLimit | None:
    return time_limit_for(
        CASE_TIME_LIMITS,
        step=step,
        case_type=case.case_type,
        source=case.source,
        filed_on=case.filed_on,
    )


def conclusion_limit(case: Case) -> TimeLimit | None:
    return _limit(case, Step.CONCLUSION)


def mediation_limit(case: Case) -> TimeLimit | None:
    return _limit(case, Step.MEDIATION)


def mediation_due_on(case: Case, calendar: WorkingCalendar) -> date | None:
    """Last day of the mediation in progress (the notice's 2 months, 3 if complex, from
    its start, with the pauses since); None outside mediation or without a row."""
    if case.pk is None or case.status != CaseStatus.MEDIATION or case.paused_since is not None:
        return None
    mediation = case.mediations.order_by("-started_on", "-id").first()
    limit = mediation_limit(case)
    if mediation is None or limit is None:
        return None
    return due_date(
        calendar=calendar,
        limit=limit,
        start=mediation.started_on,
        extended=mediation.complex,
        paused_days=max(0, case.paused_days - mediation.paused_days_before),
    )


def case_due_on(case: Case, calendar: WorkingCalendar) -> date | None:
    """Last day of the step the case waits on: acceptance, conclusion or publication; in
    mediation, the earlier of the mediation's and the conclusion's. None while a pause
    runs (suspension, announcement, an expert's opinion awaited: the clock is stopped)."""
    if case.paused_since is not None and case.status in HANDLING_CASE_STATUSES:
        return None
    due = _step_due_on(case, calendar)
    mediation = mediation_due_on(case, calendar)
    if mediation is not None and (due is None or mediation < due):
        return mediation
    return due


def _step_due_on(case: Case, calendar: WorkingCalendar) -> date | None:
    if case.status == CaseStatus.RECEIVED:
        step, start, extended = Step.ACCEPTANCE, case.filed_on, False
    elif case.status in HANDLING_CASE_STATUSES and case.accepted_on:
        step, start, extended = Step.CONCLUSION, case.accepted_on, case.extension_approved
    elif (
        case.status == CaseStatus.CONCLUDED
        and case.outcome in PUBLISHED_OUTCOMES
        and case.concluded_on
    ):
        step, start, extended = Step.PUBLICATION, case.concluded_on, False
    else:
        return None
    limit = _limit(case, step)
    if limit is None:
        return None
    return _due(case, calendar, limit, start, extended)


def _due(
    case: Case, calendar: WorkingCalendar, limit: TimeLimit, start: date, extended: bool
) -> date:
    """The last day, with the days an approved request granted (``extension_days``) or,
    where none was recorded, the whole extension the limit provides; the time of the
    pauses (``paused_days``) is not counted toward the conclusion."""
    paused = case.paused_days if limit.step == Step.CONCLUSION else 0
    if extended and case.extension_days:
        return due_date(
            calendar=calendar,
            limit=limit,
            start=start,
            paused_days=case.extension_days + paused,
        )
    return due_date(
        calendar=calendar, limit=limit, start=start, extended=extended, paused_days=paused
    )


def extension_days_allowed(case: Case, calendar: WorkingCalendar) -> int:
    """The most calendar days an extension may add to the time limit to conclude."""
    limit = conclusion_limit(case)
    if limit is None or not limit.extension or case.accepted_on is None:
        return 0
    plain = due_date(calendar=calendar, limit=limit, start=case.accepted_on)
    longest = due_date(calendar=calendar, limit=limit, start=case.accepted_on, extended=True)
    return (longest - plain).days


def conclusion_due_on(case: Case, calendar: WorkingCalendar) -> date | None:
    """Last day to conclude (for "closed within the statutory time limit")."""
    limit = conclusion_limit(case)
    if limit is None or case.accepted_on is None:
        return None
    return _due(case, calendar, limit, case.accepted_on, case.extension_approved)


def concluded_in_time(case: Case, calendar: WorkingCalendar) -> bool | None:
    """Whether the conclusion date kept the time limit; None where no limit applies."""
    due = conclusion_due_on(case, calendar)
    if due is None or case.concluded_on is None:
        return None
    return case.concluded_on <= due
