"""Changes to people and their roles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from ipoffice.accounts import policy
from ipoffice.accounts.models import ApiToken, SavedFilter, User, token_hash, token_new_key
from ipoffice.accounts.roles import Role
from ipoffice.audit.services import audit_record
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.history import history_changes
from ipoffice.offices.models import Office

# The fields user_update writes (besides "roles"); the admin's change form offers these.
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "office",
    "is_active",
    "is_staff",
    "is_superuser",
    "must_change_password",
)
# How many API tokens one user holds at once; issuing another revokes the oldest.
TOKENS_PER_USER = 5


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
    must_change_password: bool = False,
) -> User:
    """Create a user in ``office``. ``actor=None`` is for set-up commands run by the operator;
    ``password=None`` creates an account that cannot log in until a password is set."""
    groups = _role_groups(roles)
    if actor is not None:
        policy.check_create(actor, office=office, roles=roles)
    username = username.strip()
    if not username:
        raise ApplicationError(_("A user needs a user name."), field="username")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(
            _("The user name %(name)s is taken.") % {"name": username}, field="username"
        )
    user = User(
        username=username,
        office=office,
        full_name=full_name,
        email=email,
        must_change_password=must_change_password,
    )
    _password_apply(user, password)
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


def _password_apply(user: User, password: str | None) -> None:
    if password is None:
        user.set_unusable_password()
        return
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password") from None
    user.set_password(password)


def _locked(user: User) -> User:
    return User.objects.select_for_update(of=("self",)).select_related("office").get(pk=user.pk)


def _roles(user: User) -> list[str]:
    return sorted(g.name for g in user.groups.all() if g.name in Role.values)


@transaction.atomic
def user_update(*, actor: Any, user: User, values: dict[str, Any], reason: str = "") -> User:
    """Change any of ``USER_FIELDS`` and the roles (``values["roles"]``, a list of names);
    the privilege policy decides, and one audit entry keeps each change before and after."""
    unknown = set(values) - {*USER_FIELDS, "roles"}
    if unknown:
        raise ApplicationError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    user = _locked(user)
    before: dict[str, Any] = {f: getattr(user, f) for f in values if f != "roles"}
    if "roles" in values:
        before["roles"] = _roles(user)
        values = {**values, "roles": sorted(values["roles"])}
    changes = history_changes(before, values)
    if not changes:
        return user
    # The policy compares rows and role names, not their strings.
    policy.check_change(actor, user, {f: [before[f], values[f]] for f in changes})
    for name in changes:
        if name != "roles":
            setattr(user, name, values[name])
    user.save()
    if "roles" in changes:
        user.groups.set(_role_groups(values["roles"]))
    audit_record(
        actor=actor,
        target=user,
        office=user.office,
        action="set_roles" if set(changes) == {"roles"} else "update",
        changes=changes,
        reason=reason,
    )
    return user


def user_set_roles(*, actor: Any, user: User, roles: list[str], reason: str = "") -> User:
    return user_update(actor=actor, user=user, values={"roles": roles}, reason=reason)


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, reason: str) -> User:
    if not reason.strip():
        raise ApplicationError(_("Say why the account is closed."), field="reason")
    return user_update(actor=actor, user=user, values={"is_active": False}, reason=reason)


@transaction.atomic
def user_password_set(
    *, actor: Any, user: User, password: str | None, must_change: bool = True
) -> User:
    """Someone else sets (or, with ``None``, disables) a user's password: an audited act of
    its own, which ends the user's API tokens and any login lockout of that name."""
    user = _locked(user)
    policy.check_password_reset(actor, user)
    _password_apply(user, password)
    user.must_change_password = must_change and password is not None
    user.save(update_fields=["password", "must_change_password"])
    revoked = _tokens_revoke_all(user)
    _lockout_clear(user)
    audit_record(
        actor=actor,
        target=user,
        office=user.office,
        action="password_set" if password is not None else "password_disable",
        # Never the password: only that it changed, and what else the act did.
        changes={"must_change_password": [None, user.must_change_password]}
        | ({"api_tokens": [revoked, 0]} if revoked else {}),
    )
    return user


@transaction.atomic
def user_password_change(*, user: User, old_password: str, new_password: str) -> User:
    """A user changes their own password, knowing the current one."""
    user = _locked(user)
    if not user.check_password(old_password):
        raise ApplicationError(_("Your current password is not correct."), field="old_password")
    if old_password == new_password:
        raise ApplicationError(_("Choose a password you have not used."), field="new_password")
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="new_password") from None
    user.set_password(new_password)
    was_required = user.must_change_password
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    revoked = _tokens_revoke_all(user)
    if user.office is not None:
        audit_record(
            actor=user,
            target=user,
            office=user.office,
            action="password_change",
            changes={"must_change_password": [was_required, False]}
            | ({"api_tokens": [revoked, 0]} if revoked else {}),
        )
    return user


def _lockout_clear(user: User) -> None:
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.reset_attempts(username=user.username)


@transaction.atomic
def token_issue(*, user: User) -> str:
    """A new API token for ``user`` (who has just given their password); the key is
    returned here and never again. Beyond ``TOKENS_PER_USER`` the oldest are revoked."""
    key = token_new_key()
    ApiToken.objects.create(user=user, key_hash=token_hash(key))
    keep = ApiToken.objects.filter(user=user).order_by("-created", "-id")[:TOKENS_PER_USER]
    ApiToken.objects.filter(user=user).exclude(
        pk__in=list(keep.values_list("pk", flat=True))
    ).delete()
    return key


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> None:
    policy.check_token_revoke(actor, token.user)
    token.delete()
    if token.user.office is not None:
        audit_record(
            actor=actor,
            target=token.user,
            office=token.user.office,
            action="token_revoke",
            changes={"api_tokens": [1, 0]},
        )


def _tokens_revoke_all(user: User) -> int:
    count, _by_model = ApiToken.objects.filter(user=user).delete()
    return count


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
