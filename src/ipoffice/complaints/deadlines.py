"""Which complaint time limit applies now, and its last day."""

from __future__ import annotations

from datetime import date

from ipoffice.complaints.enums import ComplaintStatus as S
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.rules import COMPLAINT_TIME_LIMITS
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.deadlines.rules import Step, time_limit_for
from ipoffice.deadlines.services import due_date


def complaint_due_on(complaint: Complaint, calendar: WorkingCalendar) -> date | None:
    """Received: initial review (5 WD). Reviewed: transfer (5 WD from receipt). Transferred:
    the office's receipt (15 WD). Being handled: the result (90 days, 120 when complex).
    Result in, or consultation answered: tell the complainant (5 WD). Reopened by the
    complainant's "not resolved": the transfer step again, from the reopening."""
    status = complaint.status
    extended = False
    start: date | None
    if status == S.RECEIVED:
        step, start = Step.REVIEW, complaint.received_on
    elif status == S.REVIEWED:
        # Reopened ("not resolved"): the center has 5 working days from the reopening.
        step, start = Step.TRANSFER, complaint.reopened_on or complaint.received_on
    elif status == S.TRANSFERRED:
        step, start = Step.RECEIPT, complaint.transferred_on
    elif status in (S.ACCEPTED_BY_OFFICE, S.CONVERTED):
        step, start = Step.RESULT, complaint.transferred_on
        extended = complaint.complex_matter
    elif status in (S.RESULT_RECEIVED, S.ANSWERED):
        step, start = Step.NOTIFY, complaint.result_on
    else:
        return None
    limit = time_limit_for(
        COMPLAINT_TIME_LIMITS,
        step=step,
        case_type=complaint.kind,
        source=complaint.channel,
        filed_on=complaint.received_on,
    )
    if limit is None or start is None:
        return None
    return due_date(calendar=calendar, limit=limit, start=start, extended=extended)
