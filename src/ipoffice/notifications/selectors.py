"""Reads: a person's own notices and choices, and who in an office may be told what."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from ipoffice.accounts.selectors import people_with_permission
from ipoffice.notifications.enums import NotificationKind
from ipoffice.notifications.models import Notification, NotificationPreference
from ipoffice.notifications.preferences import Choice, default_for


def notification_list(*, user: Any) -> QuerySet[Notification]:
    """The person's own notices, unread first, newest first."""
    return Notification.objects.visible_to(user).select_related("actor")


def notification_get(*, user: Any, pk: int) -> Notification:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Notification.objects.visible_to(user), pk=pk)


def notifications_unread_count(*, user: Any) -> int:
    """One query, on the (recipient, read_at) index: the header's badge."""
    return Notification.objects.visible_to(user).unread().count()


def notifications_filtered(
    queryset: QuerySet[Notification], *, unread: bool | None = None, kind: str = ""
) -> QuerySet[Notification]:
    if unread:
        queryset = queryset.filter(read_at__isnull=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def preferences_of(user: Any) -> dict[str, Choice]:
    """Every kind with the person's choice: their own row, else the default."""
    own = {
        p.kind: Choice(in_app=p.in_app, email=p.email)
        for p in NotificationPreference.objects.filter(user=user)
    }
    return {kind: own.get(kind, default_for(kind)) for kind in NotificationKind.values}


def users_holding(permission: str, *, office: Any) -> QuerySet[Any]:
    """The active people of ``office`` itself (not of the offices below) who hold
    ``permission`` ("cases.approve_extension"): whom a notice for the office reaches."""
    people = get_user_model().objects.filter(office=office)
    return people_with_permission(people, permission).order_by("pk")
