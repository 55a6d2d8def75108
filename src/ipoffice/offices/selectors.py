"""Reads of the office hierarchy, always scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from ipoffice.common.scoping import get_visible_or_404
from ipoffice.offices.models import Office


def office_list(*, user: Any, search: str = "", level: str = "") -> Any:
    qs = Office.objects.visible_to(user).select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if search:
        qs = qs.filter(
            Q(code__startswith=search) | Q(name_zh__icontains=search) | Q(name_en__icontains=search)
        )
    return qs


def office_get(*, user: Any, code: str) -> Office:
    return get_visible_or_404(Office.objects.select_related("parent"), user, code=code)


def office_children(*, user: Any, office: Office) -> Any:
    return (
        Office.objects.visible_to(user)
        .filter(parent=office)
        .annotate(user_count=Count("users", distinct=True))
    )
