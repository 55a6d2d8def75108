"""The cases' sections of the home page's work queue (common/workqueue.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from ipoffice.cases.enums import OPEN_CASE_STATUSES, CaseStatus
from ipoffice.cases.models import Case, ExtensionRequest
from ipoffice.cases.selectors import extension_requests_pending
from ipoffice.common import workqueue as q
from ipoffice.common.scoping import user_office
from ipoffice.deadlines.calendar import WorkingCalendar

WAITING = Q(due_on__isnull=False) | Q(status__in=OPEN_CASE_STATUSES)


def case_parties(case: Case) -> str:
    """The parties as one line, requester first ("甲公司 / 乙商行")."""
    return " / ".join(p.name for p in case.parties.all())


def case_heading(case: Case) -> str:
    """What a list says a case is about: its title, else its parties."""
    return case.title or case_parties(case)


def _row(case: Case) -> q.QueueRow:
    return q.QueueRow(
        kind=gettext("Case"),
        label=case.case_number,
        url=reverse("case-detail", args=[case.pk]),
        title=case_heading(case),
        status=case.get_status_display(),
        due_on=case.due_on,
    )


def _cases(user: Any) -> Any:
    return (
        Case.objects.visible_to(user)
        .filter(WAITING)
        .select_related("office")
        .prefetch_related("parties")
        .order_by("due_on", "id")
    )


def _mine(user: Any, today: date) -> Any:
    return _cases(user).filter(handler=user)


def _soon(user: Any, today: date) -> Any:
    soon = WorkingCalendar.from_db().add_working_days(today, q.SOON_WORKING_DAYS)
    return _mine(user, today).filter(due_on__gte=today, due_on__lte=soon)


def _watches_office(user: Any) -> bool:
    """Heads and supervisors watch every case of their area; officers their own."""
    return user.has_perm("cases.assign_case") or user.has_perm("reporting.review_report")


def _overdue(user: Any, today: date) -> Any:
    cases = _cases(user) if _watches_office(user) else _mine(user, today)
    return cases.filter(due_on__lt=today)


def _to_decide(user: Any, today: date) -> Any:
    """Cases of the head's own office under investigation or mediation: the decision is
    theirs (only ``approve_decision`` records it)."""
    return _cases(user).filter(
        office=user_office(user), status__in=(CaseStatus.INVESTIGATION, CaseStatus.MEDIATION)
    )


def _handles(user: Any) -> bool:
    return user.has_perm("cases.handle_case")


def _extension_row(request: ExtensionRequest) -> q.QueueRow:
    case = request.case
    return q.QueueRow(
        kind=gettext("Extension request"),
        label=case.case_number,
        url=reverse("case-detail", args=[case.pk]),
        title=case_heading(case),
        status=gettext("%(days)s days asked by %(person)s")
        % {"days": request.days, "person": request.requested_by.display_name()},
        due_on=case.due_on,
    )


def _extensions(user: Any, today: date) -> Any:
    return extension_requests_pending(user=user).prefetch_related("case__parties")


def queue_register() -> None:
    q.queue_register(q.QueueSection("cases.mine", q.MINE, _handles, _mine, _row))
    q.queue_register(q.QueueSection("cases.due_soon", q.DUE_SOON, _handles, _soon, _row))
    q.queue_register(
        q.QueueSection(
            "cases.overdue",
            q.OVERDUE,
            lambda user: _handles(user) or _watches_office(user),
            _overdue,
            _row,
            more=lambda user: (gettext("All overdue cases"), reverse("case-list") + "?overdue=1"),
        )
    )
    q.queue_register(
        q.QueueSection(
            "cases.decisions",
            q.APPROVAL,
            lambda user: user.has_perm("cases.approve_decision"),
            _to_decide,
            _row,
        )
    )
    q.queue_register(
        q.QueueSection(
            "cases.extension_requests",
            q.APPROVAL,
            lambda user: user.has_perm("cases.approve_extension"),
            _extensions,
            _extension_row,
        )
    )
