"""Changes to people and their roles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from ipoffice.accounts.models import SavedFilter, User
from ipoffice.accounts.roles import Role
from ipoffice.audit.services import audit_record
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.scoping import office_within, user_office
from ipoffice.offices.models import Office


def _require(actor: Any, perm: str, office: Office) -> None:
    own = user_office(actor)
    if own is None or not actor.has_perm(perm) or not office_within(office, own):
        raise PermissionDeniedError(_("You may not manage people in that office."))


def _require_over_user(actor: Any, perm: str, user: User) -> None:
    if user.office is None:  # only an operator's set-up command manages office-less accounts
        raise PermissionDeniedError(_("You may not manage people in that office."))
    _require(actor, perm, user.office)


def _role_groups(roles: list[str]) -> list[Group]:
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ApplicationError(
            _("Unknown role: %(role)s") % {"role": ", ".join(unknown)}, field="roles"
        )
    return [Group.objects.get_or_create(name=r)[0] for r in roles]


@transaction.atomic
def user_create(
    *,
    actor: Any | None,
    username: str,
    office: Office,
    roles: list[str],
    password: str | None,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create a user in ``office``. ``actor=None`` is for set-up commands run by the operator;
    ``password=None`` creates an account that cannot log in until a password is set."""
    if actor is not None:
        _require(actor, "accounts.add_user", office)
    username = username.strip()
    if not username:
        raise ApplicationError(_("A user needs a user name."), field="username")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(
            _("The user name %(name)s is taken.") % {"name": username}, field="username"
        )
    groups = _role_groups(roles)
    user = User(username=username, office=office, full_name=full_name, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages), field="password") from None
        user.set_password(password)
    user.save()
    user.groups.set(groups)
    audit_record(
        actor=actor,
        target=user,
        office=office,
        action="create",
        changes={
            "username": [None, username],
            "office": [None, office.code],
            "roles": [[], sorted(roles)],
        },
    )
    return user


@transaction.atomic
def user_set_roles(*, actor: Any, user: User, roles: list[str], reason: str = "") -> User:
    user = User.objects.select_for_update(of=("self",)).select_related("office").get(pk=user.pk)
    _require_over_user(actor, "accounts.change_user", user)
    if user.pk == actor.pk:
        raise PermissionDeniedError(_("You may not change your own roles."))
    before = sorted(g.name for g in user.groups.all())
    user.groups.set(_role_groups(roles))
    if before != sorted(roles):
        audit_record(
            actor=actor,
            target=user,
            office=user.office,
            action="set_roles",
            changes={"roles": [before, sorted(roles)]},
            reason=reason,
        )
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, reason: str) -> User:
    user = User.objects.select_for_update(of=("self",)).select_related("office").get(pk=user.pk)
    _require_over_user(actor, "accounts.change_user", user)
    if not reason.strip():
        raise ApplicationError(_("Say why the account is closed."), field="reason")
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            target=user,
            office=user.office,
            action="deactivate",
            changes={"is_active": [True, False]},
            reason=reason,
        )
    return user


# Page numbers and the export format are not filters.
_NOT_SAVED = ("page", "as", "csrfmiddlewaretoken")


@transaction.atomic
def saved_filter_save(*, actor: Any, list_name: str, name: str, query: str) -> SavedFilter:
    """Keep a list's filters (its query string) under a name; the same name replaces."""
    if list_name not in SavedFilter.ListName.values:
        raise ApplicationError(_("Unknown list."), field="list_name")
    name = name.strip()
    limit = SavedFilter._meta.get_field("name").max_length or 60
    if not name or len(name) > limit:
        raise ApplicationError(
            _("Give the filter a name of at most %(n)s characters.") % {"n": limit}, field="name"
        )
    params = QueryDict(query.lstrip("?"), mutable=True)
    for key in _NOT_SAVED:
        params.pop(key, None)
    kept = params.urlencode()
    if len(kept) > (SavedFilter._meta.get_field("query").max_length or 1000):
        raise ApplicationError(_("These filters are too long to keep."), field="query")
    saved, _created = SavedFilter.objects.update_or_create(
        user=actor, list_name=list_name, name=name, defaults={"query": kept}
    )
    return saved


@transaction.atomic
def saved_filter_delete(*, actor: Any, saved: SavedFilter) -> None:
    if saved.user_id != actor.pk:
        raise PermissionDeniedError(_("This is not your filter."))
    saved.delete()
