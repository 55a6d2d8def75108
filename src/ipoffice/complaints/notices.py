"""Notices to staff about complaints (``notifications.services.notification_notify``):
called by the complaint services in their transaction, and the daily jobs registered in
``ready()`` — reminders, overdue notices and the escalation of ``escalate-overdue``."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipoffice.common.jobs import PeriodicJob, register
from ipoffice.complaints.models import Complaint
from ipoffice.complaints.selectors import open_q, overdue_complaints
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.notifications.enums import NotificationKind
from ipoffice.notifications.selectors import users_holding
from ipoffice.notifications.services import notification_notify

REMIND_WORKING_DAYS = 3
HANDLE = "complaints.handle_complaint"


def _about(complaint: Complaint) -> dict[str, Any]:
    return {
        "label": complaint.tracking_number,
        "title": complaint.subject,
        "url": reverse("complaint-detail", args=[complaint.pk]),
        "about": complaint,
        "due_on": complaint.due_on,
    }


def complaint_notify_assignment(complaint: Complaint, *, actor: Any, event_pk: int) -> None:
    notification_notify(
        users=[complaint.handler],
        kind=NotificationKind.ASSIGNMENT,
        idempotency_key=f"assignment:complaint:{complaint.pk}:{event_pk}",
        actor=actor,
        **_about(complaint),
    )


def complaint_notify_escalated(complaint: Complaint) -> int:
    """The unit above hears of an overdue complaint escalated to it: its agents, and
    the heads of an office (who assign the cases a complaint may become)."""
    parent = complaint.center.parent
    if parent is None:
        return 0
    people = [
        *users_holding(HANDLE, office=parent),
        *users_holding("cases.assign_case", office=parent),
    ]
    return notification_notify(
        users=people,
        kind=NotificationKind.ESCALATION,
        idempotency_key=f"escalation:complaint:{complaint.pk}:{complaint.due_on}",
        **_about(complaint),
    )


def complaint_notify_reopened(complaint: Complaint) -> int:
    """A complainant answered "not resolved": whoever handles it at the center hears."""
    return notification_notify(
        users=_recipients(complaint),
        kind=NotificationKind.REOPENED,
        idempotency_key=f"reopened:complaint:{complaint.pk}:{complaint.reopened}",
        **_about(complaint),
    )


def _recipients(complaint: Complaint) -> list[Any]:
    """The handler; a complaint nobody handles yet, the agents of its unit."""
    if complaint.handler is not None:
        return [complaint.handler]
    return list(users_holding(HANDLE, office=complaint.center))


def _waiting(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return complaints.select_related("center", "handler__office")


def complaints_remind_due(*, today: date | None = None) -> int:
    """Open complaints whose time limit ends within the next 3 working days, once per
    complaint and due date. Returns how many people were told."""
    today = today or timezone.localdate()
    last = WorkingCalendar.from_db().add_working_days(today, REMIND_WORKING_DAYS)
    found = Complaint.objects.filter(open_q(), due_on__gte=today, due_on__lte=last)
    told = 0
    for complaint in _waiting(found):
        told += notification_notify(
            users=_recipients(complaint),
            kind=NotificationKind.DUE_SOON,
            idempotency_key=f"due:complaint:{complaint.pk}:{complaint.due_on}",
            **_about(complaint),
        )
    return told


def complaints_remind_overdue(*, today: date | None = None) -> int:
    """Open complaints past their due date, once per complaint and due date."""
    today = today or timezone.localdate()
    told = 0
    for complaint in _waiting(overdue_complaints(Complaint.objects.all(), today)):
        told += notification_notify(
            users=_recipients(complaint),
            kind=NotificationKind.OVERDUE,
            idempotency_key=f"overdue:complaint:{complaint.pk}:{complaint.due_on}",
            **_about(complaint),
        )
    return told


def _escalate() -> int:
    from ipoffice.complaints.services import complaints_escalate_overdue

    return complaints_escalate_overdue()


def jobs_register() -> None:
    register(
        PeriodicJob(
            name="complaints-remind-due",
            function=complaints_remind_due,
            at=time(7, 0),
            description=_("Tell handlers of the complaints due in 3 working days."),
        )
    )
    register(
        PeriodicJob(
            name="complaints-remind-overdue",
            function=complaints_remind_overdue,
            at=time(7, 5),
            description=_("Tell handlers of the complaints past their due date."),
        )
    )
    register(
        PeriodicJob(
            name="complaints-escalate-overdue",
            function=_escalate,
            at=time(6, 30),
            description=_(
                "Escalate the open complaints past their due date to the unit above, "
                "and tell its people (the command escalate-overdue)."
            ),
        )
    )
