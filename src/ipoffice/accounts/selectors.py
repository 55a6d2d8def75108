"""Reads of people, scoped to the asking user's office subtree."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _

from ipoffice.accounts.models import User
from ipoffice.accounts.roles import Role, role_label
from ipoffice.common.scoping import get_visible_or_404

ACTION_WORDS = {"view": "View", "add": "Add", "change": "Change", "delete": "Delete"}


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


def user_capabilities(user: Any) -> list[str]:
    """What the user may do, as translated sentences, from the permissions they hold."""
    action_text = {
        "view": _("View %(things)s"),
        "add": _("Add %(things)s"),
        "change": _("Change %(things)s"),
        "delete": _("Delete %(things)s"),
    }
    lines = []
    for name in sorted(user.get_all_permissions()):
        app_label, codename = name.split(".", 1)
        model = next(
            (
                m
                for m in apps.get_app_config(app_label).get_models()
                if codename.endswith(f"_{m._meta.model_name}")
            ),
            None,
        )
        custom = dict(model._meta.permissions) if model else {}
        if codename in custom:
            lines.append(str(custom[codename]))
            continue
        action = codename.split("_", 1)[0]
        if model is not None and action in action_text:
            lines.append(action_text[action] % {"things": model._meta.verbose_name_plural})
    return lines


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
