"""Reads of people, scoped to the asking user's office subtree."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ipoffice.accounts.models import User
from ipoffice.accounts.roles import Role, role_label
from ipoffice.common.scoping import get_visible_or_404


def user_list(*, user: Any, search: str = "", office_code: str = "") -> Any:
    qs = User.objects.visible_to(user).select_related("office").prefetch_related("groups")
    return users_filtered(qs, q=search, office=office_code)


def users_filtered(qs: Any, *, q: str = "", office: str = "") -> Any:
    """``qs`` (already scoped to the reader) narrowed to the people of one office (not
    those below it), or to a part of the user name, name or e-mail."""
    if office:
        qs = qs.filter(office__code=office)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q))
    return qs


def user_get(*, user: Any, username: str) -> User:
    return get_visible_or_404(User.objects.select_related("office"), user, username=username)


def user_roles(user: Any) -> list[str]:
    """Translated names of the roles a user holds."""
    return [role_label(group.name) for group in user.groups.all() if group.name in Role.values]


def people_with_permission(qs: Any, permission: str) -> Any:
    """The active people of ``qs`` who hold ``permission`` (through a role, their own
    grant, or as superuser), e.g. who may be chosen as a case's handler."""
    app_label, codename = permission.split(".", 1)
    through_group = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    )
    own = Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    held = qs.filter(through_group | own | Q(is_superuser=True), is_active=True)
    return qs.filter(pk__in=held.values("pk"))


def saved_filters(*, user: Any, list_name: str) -> Any:
    """The user's own saved filters of one list (nobody sees another's)."""
    from ipoffice.accounts.models import SavedFilter

    if not getattr(user, "is_authenticated", False):
        return SavedFilter.objects.none()
    return SavedFilter.objects.filter(user=user, list_name=list_name)


def saved_filters_all(*, user: Any) -> Any:
    from ipoffice.accounts.models import SavedFilter

    return SavedFilter.objects.filter(user=user)


def office_label(code: str) -> str:
    """An office named as its people know it (the audit trail stores its code)."""
    from ipoffice.offices.directory import offices_by_code

    office = offices_by_code().get(code)  # the per-process copy: no query per entry
    return str(office.name) if office is not None else code
