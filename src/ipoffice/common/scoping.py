"""Office scoping: the one mechanism that decides which records a user may see.

A user sees the records of their own office and of every office below it. Each
scoped model's default manager is built from ``ScopedQuerySet`` and names the path
to its office in ``office_field``; every list, detail, API endpoint, export and
statistic starts from ``Model.objects.visible_to(user)``. Tests assert that every
API viewset and admin page goes through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from ipoffice.offices.models import Office

M = TypeVar("M", bound=models.Model)


def user_office(user: Any) -> Office | None:
    """The office whose subtree ``user`` may see, or None (sees nothing)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "office", None)


class ScopedQuerySet(models.QuerySet[M]):
    # Lookup path from the model to its Office foreign key ("" when the model is Office).
    office_field: ClassVar[str] = "office"

    def in_subtree(self, office: Office) -> Self:
        # The office table is small (hundreds of rows): the join costs little, and the
        # path prefix is indexed (varchar_pattern_ops on PostgreSQL).
        prefix = f"{self.office_field}__path" if self.office_field else "path"
        return self.filter(**{f"{prefix}__startswith": office.path})

    def visible_to(self, user: Any) -> Self:
        office = user_office(user)
        if office is None:
            return self.none()
        return self.in_subtree(office)


def get_visible_or_404(queryset: ScopedQuerySet[M], user: Any, **lookup: Any) -> M:
    """Fetch one record the user may see; anything outside their subtree is simply not found."""
    found = queryset.visible_to(user).filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def subtree_filter(field: str, code: str) -> Any:
    """A Q matching records whose office (at lookup path ``field``) is the office with
    ``code`` or below it: the code must be a whole segment of the office path."""
    from django.db.models import Q

    return Q(**{f"{field}__path__startswith": f"{code}/"}) | Q(
        **{f"{field}__path__contains": f"/{code}/"}
    )


def office_within(office: Office, ancestor: Office) -> bool:
    return office.path.startswith(ancestor.path)
