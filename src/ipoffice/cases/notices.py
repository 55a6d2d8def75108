"""Notices to staff about cases (``notifications.services.notification_notify``): called
by the case services in their transaction, and the daily reminder jobs registered in
``ready()``. Each notice's idempotency key names the record and the fact, so that a job
run twice in a day, or a retried run, tells nobody twice."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipoffice.cases.models import Case, ExtensionRequest
from ipoffice.cases.queue import case_heading
from ipoffice.cases.selectors import overdue_cases
from ipoffice.common.jobs import PeriodicJob, register
from ipoffice.deadlines.calendar import WorkingCalendar
from ipoffice.notifications.enums import NotificationKind
from ipoffice.notifications.selectors import users_holding
from ipoffice.notifications.services import notification_notify

# How far ahead the reminder comes: "a deadline in 3 working days" (issue 14).
REMIND_WORKING_DAYS = 3


def _about(case: Case) -> dict[str, Any]:
    return {
        "label": case.case_number,
        "title": case_heading(case),
        "url": reverse("case-detail", args=[case.pk]),
        "about": case,
    }


def case_notify_assignment(case: Case, *, actor: Any, event_pk: int) -> None:
    """The new handler hears that the case is theirs (not when they took it themselves)."""
    notification_notify(
        users=[case.handler],
        kind=NotificationKind.ASSIGNMENT,
        idempotency_key=f"assignment:case:{case.pk}:{event_pk}",
        actor=actor,
        due_on=case.due_on,
        **_about(case),
    )


def extension_notify_waiting(request: ExtensionRequest, *, actor: Any) -> None:
    """The heads of the case's office who may approve hear of the request."""
    case = request.case
    notification_notify(
        users=users_holding("cases.approve_extension", office=case.office),
        kind=NotificationKind.APPROVAL,
        idempotency_key=f"approval:extension:{request.pk}",
        actor=actor,
        due_on=case.due_on,
        **_about(case),
    )


def _recipients(case: Case) -> list[Any]:
    """The handler; a case nobody handles yet, the people who assign its office's cases."""
    if case.handler is not None:
        return [case.handler]
    return list(users_holding("cases.assign_case", office=case.office))


def _waiting(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("office", "handler__office").prefetch_related("parties")


def cases_remind_due(*, today: date | None = None) -> int:
    """Cases whose time limit ends within the next 3 working days (normally on the 3rd:
    the job runs every day; the nearer ones are those a missed run would skip), once per
    case and due date. Returns how many people were told."""
    today = today or timezone.localdate()
    last = WorkingCalendar.from_db().add_working_days(today, REMIND_WORKING_DAYS)
    told = 0
    for case in _waiting(Case.objects.filter(due_on__gte=today, due_on__lte=last)):
        told += notification_notify(
            users=_recipients(case),
            kind=NotificationKind.DUE_SOON,
            idempotency_key=f"due:case:{case.pk}:{case.due_on}",
            due_on=case.due_on,
            **_about(case),
        )
    return told


def cases_remind_overdue(*, today: date | None = None) -> int:
    """Cases past their due date (the case list's rule), once per case and due date."""
    today = today or timezone.localdate()
    told = 0
    for case in _waiting(overdue_cases(Case.objects.all(), today)):
        told += notification_notify(
            users=_recipients(case),
            kind=NotificationKind.OVERDUE,
            idempotency_key=f"overdue:case:{case.pk}:{case.due_on}",
            due_on=case.due_on,
            **_about(case),
        )
    return told


def jobs_register() -> None:
    register(
        PeriodicJob(
            name="cases-remind-due",
            function=cases_remind_due,
            at=time(7, 0),
            description=_("Tell handlers of the cases due in 3 working days."),
        )
    )
    register(
        PeriodicJob(
            name="cases-remind-overdue",
            function=cases_remind_overdue,
            at=time(7, 5),
            description=_("Tell handlers of the cases past their due date."),
        )
    )
