"""Reads of coordination requests, always through ``visible_to``: the requesting office's
subtree and the receiving office's subtree see a request, nobody else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from ipoffice.common.scoping import get_visible_or_404, subtree_filter, user_office
from ipoffice.coordination.enums import OPEN_STATUSES, Direction
from ipoffice.coordination.models import (
    Authority,
    CoordinationEvent,
    CoordinationRequest,
)


def request_list(*, user: Any) -> QuerySet[CoordinationRequest]:
    return CoordinationRequest.objects.visible_to(user).select_related(
        "requesting_office", "receiving_office", "authority", "case"
    )


@dataclass(frozen=True)
class RequestFilters:
    direction: str = ""
    kind: str = ""
    status: str = ""
    overdue: bool = False
    office: str = ""
    case: int | None = None
    q: str = ""


def sender_side(user: Any, request: CoordinationRequest) -> bool:
    """Whether ``user`` sits on the requesting side and so sees the case the request is
    about; the receiving side sees the request, not the other office's case (its number
    included)."""
    office = user_office(user)
    return office is not None and request.requesting_office.path.startswith(office.path)


def actor_shown(user: Any, actor: Any) -> str:
    """Who acted, as the reader may see it: a person of the reader's subtree by name, a
    person of the other office by their office only ("" for the system or an authority)."""
    if actor is None:
        return ""
    office = user_office(user)
    if office is not None and actor.office.path.startswith(office.path):
        return str(actor.display_name())
    return str(actor.office.name)


def overdue_requests(queryset: Any, today: date) -> Any:
    return queryset.filter(status__in=OPEN_STATUSES, due_on__lt=today)


def requests_filtered(queryset: Any, filters: RequestFilters, *, user: Any, today: date) -> Any:
    office = user_office(user)
    if office is not None and filters.direction == Direction.INCOMING:
        queryset = queryset.received_by(office)
    elif office is not None and filters.direction == Direction.OUTGOING:
        queryset = queryset.sent_by(office)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.overdue:
        queryset = overdue_requests(queryset, today)
    if filters.office:
        queryset = queryset.filter(
            subtree_filter("requesting_office", filters.office)
            | subtree_filter("receiving_office", filters.office)
        )
    if filters.case is not None:
        queryset = queryset.filter(case_id=filters.case)
    if filters.q:
        # A case number finds only the caller's own side's cases.
        own_case = Q(case__case_number__icontains=filters.q)
        if office is not None:
            own_case &= Q(requesting_office__path__startswith=office.path)
        queryset = queryset.filter(
            Q(subject__icontains=filters.q) | (own_case if office else Q(pk=None))
        )
    return queryset


def request_get(*, user: Any, pk: int) -> CoordinationRequest:
    return get_visible_or_404(
        CoordinationRequest.objects.select_related(
            "requesting_office", "receiving_office", "authority", "case", "complaint"
        ),
        user,
        pk=pk,
    )


def request_history(*, user: Any, request: CoordinationRequest) -> QuerySet[CoordinationEvent]:
    """A request's history, for whoever may see the request."""
    visible = request_get(user=user, pk=request.pk)
    return CoordinationEvent.objects.filter(request=visible).select_related("actor__office")


def case_requests(*, user: Any, case: Any) -> QuerySet[CoordinationRequest]:
    """The requests about a case that the user sees (the case page)."""
    return request_list(user=user).filter(case=case)


def incoming_waiting(*, user: Any) -> QuerySet[CoordinationRequest]:
    """Requests the user's own office has received and not yet answered."""
    office = user_office(user)
    if office is None:
        return CoordinationRequest.objects.none()
    return request_list(user=user).filter(receiving_office=office, status__in=OPEN_STATUSES)


def authority_list(*, user: Any) -> QuerySet[Authority]:
    return Authority.objects.visible_to(user).select_related("office")
