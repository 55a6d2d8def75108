"""The complaints' sections of the home page's work queue (common/workqueue.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from ipoffice.common import workqueue as q
from ipoffice.complaints.enums import ComplaintStatus
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.selectors import open_q, overdue_q
from ipoffice.deadlines.calendar import WorkingCalendar

HANDLE = "complaints.handle_complaint"


def _row(complaint: Complaint) -> q.QueueRow:
    return q.QueueRow(
        kind=gettext("Complaint"),
        label=complaint.tracking_number,
        url=reverse("complaint-detail", args=[complaint.pk]),
        title=complaint.subject,
        status=complaint.get_status_display(),
        due_on=complaint.due_on,
    )


def _open(user: Any) -> Any:
    return (
        Complaint.objects.visible_to(user)
        .filter(open_q())
        .select_related("center")
        .order_by("due_on", "id")
    )


def _mine(user: Any, today: date) -> Any:
    return _open(user).filter(handler=user)


def _soon(user: Any, today: date) -> Any:
    soon = WorkingCalendar.from_db().add_working_days(today, q.SOON_WORKING_DAYS)
    return _mine(user, today).filter(due_on__gte=today, due_on__lte=soon)


def _overdue(user: Any, today: date) -> Any:
    """An agent watches every overdue complaint of their unit, handled by them or not."""
    return _open(user).filter(overdue_q(today))


def _new(user: Any, today: date) -> Any:
    return _open(user).filter(status=ComplaintStatus.RECEIVED, handler__isnull=True)


def _reopened(user: Any, today: date) -> Any:
    """Reopened by the complainant's "not resolved", back at the center: its handler's, or
    every agent's of the unit while nobody handles it."""
    return (
        _open(user)
        .filter(status=ComplaintStatus.REVIEWED, reopened__gt=0)
        .filter(Q(handler=user) | Q(handler__isnull=True))
    )


def _reopened_row(complaint: Complaint) -> q.QueueRow:
    note = gettext("The complainant says it is not resolved.")
    return replace(_row(complaint), note=note)


def _handles(user: Any) -> bool:
    return user.has_perm(HANDLE)


def queue_register() -> None:
    q.queue_register(
        q.QueueSection("complaints.reopened", q.RETURNED, _handles, _reopened, _reopened_row)
    )
    q.queue_register(q.QueueSection("complaints.mine", q.MINE, _handles, _mine, _row))
    q.queue_register(q.QueueSection("complaints.due_soon", q.DUE_SOON, _handles, _soon, _row))
    q.queue_register(
        q.QueueSection(
            "complaints.overdue",
            q.OVERDUE,
            _handles,
            _overdue,
            _row,
            more=lambda user: (
                gettext("All overdue complaints"),
                reverse("complaint-list") + "?overdue=1",
            ),
        )
    )
    q.queue_register(
        q.QueueSection(
            "complaints.new",
            q.NEW,
            _handles,
            _new,
            _row,
            more=lambda user: (
                gettext("All new complaints"),
                reverse("complaint-list") + "?status=" + ComplaintStatus.RECEIVED,
            ),
        )
    )
