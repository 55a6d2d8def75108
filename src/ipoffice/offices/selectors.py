"""Reads of the office hierarchy, always scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from ipoffice.common.scoping import get_visible_or_404
from ipoffice.offices.models import Office


def office_list(*, user: Any, search: str = "", level: str = "") -> Any:
    qs = Office.objects.visible_to(user).select_related("parent")
    return offices_filtered(qs, q=search, level=level)


def offices_filtered(qs: Any, *, q: str = "", level: str = "", parent_code: str = "") -> Any:
    """``qs`` (already scoped to the reader) narrowed to a level, a parent, or a search
    by the start of the code or a part of either name."""
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    if q:
        qs = qs.filter(Q(code__startswith=q) | Q(name_zh__icontains=q) | Q(name_en__icontains=q))
    return qs


def office_get(*, user: Any, code: str) -> Office:
    return get_visible_or_404(Office.objects.select_related("parent"), user, code=code)


def office_children(*, user: Any, office: Office) -> Any:
    return (
        Office.objects.visible_to(user)
        .filter(parent=office)
        .annotate(user_count=Count("users", distinct=True))
    )


def office_choices(*, user: Any, levels: Any = None) -> list[tuple[str, str]]:
    """The offices a list's office picker offers: the user's subtree by name, in tree
    order, each indented under its parent; the value is the code the filter takes."""
    offices = Office.objects.visible_to(user).filter(is_active=True).order_by("path")
    if levels is not None:
        offices = offices.filter(level__in=levels)
    found = list(offices)
    top = min((o.depth for o in found), default=0)
    return [(o.code, "\u3000" * (o.depth - top) + o.name) for o in found]
