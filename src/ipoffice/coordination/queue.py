"""The coordination sections of the home page's work queue (common/workqueue.py): the
requests the user's own office has received and not yet answered (new, and overdue)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from ipoffice.common import workqueue as q
from ipoffice.coordination.models import CoordinationRequest
from ipoffice.coordination.selectors import incoming_waiting, overdue_requests


def _answers(user: Any) -> bool:
    return bool(user.has_perm("coordination.answer_request"))


def _row(request: CoordinationRequest) -> q.QueueRow:
    return q.QueueRow(
        kind=str(request.get_kind_display()),
        # The other office's case stays out of the receiver's sight: its number too.
        label=request.subject,
        url=reverse("coordination-request-detail", args=[request.pk]),
        title=request.requesting_office.name,
        status=str(request.get_status_display()),
        due_on=request.due_on,
    )


def _waiting(user: Any, today: date) -> Any:
    return incoming_waiting(user=user).order_by("due_on", "id")


def _overdue(user: Any, today: date) -> Any:
    return overdue_requests(_waiting(user, today), today)


def _more(user: Any) -> tuple[str, str]:
    return gettext("All requests received"), reverse(
        "coordination-request-list"
    ) + "?direction=incoming"


def queue_register() -> None:
    """Called once from ``CoordinationConfig.ready()``."""
    q.queue_register(
        q.QueueSection("coordination.incoming", q.NEW, _answers, _waiting, _row, more=_more)
    )
    q.queue_register(
        q.QueueSection("coordination.overdue", q.OVERDUE, _answers, _overdue, _row, more=_more)
    )
