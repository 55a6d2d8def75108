"""Who may change whom: the one privilege policy for the admin site, the API and the pages.

Every rule raises ``PermissionDeniedError`` with a message for the user; the services call
these checks inside their transactions, and the admin asks ``may_manage`` to decide
whether a user's page opens for editing. The rules (docs/security.md#privilege-policy):

1. Scope: the actor is active, belongs to an office and holds the permission
   (``accounts.add_user`` to create, ``accounts.change_user`` to change); the user's
   office, before and after, lies in the actor's subtree.
2. Not oneself: nobody changes their own roles, office, active flag, staff or superuser
   flag, nor sets their own password by the reset path (they change it with the old one).
3. No one above you: the actor manages only users who can do no more than they can —
   every role of the user is one the actor holds, a staff user needs a staff actor, a
   superuser a superuser.
4. Roles: the roles granted or withdrawn are roles the actor holds.
5. Flags: only a superuser sets ``is_staff`` or ``is_superuser``.
6. Superusers belong to the national office and cannot be moved out of it.

A superuser holds every role for rules 3 and 4 (``has_perm`` is true for them anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from ipoffice.accounts.roles import Role
from ipoffice.common.errors import PermissionDeniedError
from ipoffice.common.scoping import office_within, user_office
from ipoffice.offices.models import NATIONAL_CODE, Office

# Fields of a user that only rule 2 and the flags' rules protect further.
SELF_PROTECTED = ("roles", "office", "is_active", "is_staff", "is_superuser")
FLAGS = ("is_staff", "is_superuser")


def roles_of(user: Any) -> set[str]:
    """The roles a user holds; a superuser holds them all."""
    if getattr(user, "is_superuser", False):
        return set(Role.values)
    return {g.name for g in user.groups.all() if g.name in Role.values}


def require_scope(actor: Any, perm: str, office: Office | None) -> None:
    """Rule 1 for one office."""
    own = user_office(actor)
    if own is None or office is None or not actor.has_perm(perm):
        raise PermissionDeniedError(_("You may not manage people in that office."))
    if not office_within(office, own):
        raise PermissionDeniedError(_("You may not manage people in that office."))


def require_not_above(actor: Any, user: Any) -> None:
    """Rule 3."""
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDeniedError(_("Only a superuser manages a superuser."))
    if user.is_staff and not (actor.is_staff or actor.is_superuser):
        raise PermissionDeniedError(_("Only a user with admin-site access manages such a user."))
    if not roles_of(user) <= roles_of(actor):
        raise PermissionDeniedError(
            _("You may not manage someone who holds a role you do not hold.")
        )


def require_roles_held(actor: Any, roles: Iterable[str]) -> None:
    """Rule 4, for the roles granted or withdrawn."""
    missing = sorted(set(roles) - roles_of(actor))
    if missing:
        raise PermissionDeniedError(
            _("You may grant or withdraw only roles you hold yourself: %(roles)s")
            % {"roles": get_text_list([str(Role(r).label) for r in missing], _("and"))}
        )


def require_superuser_office(office: Office | None, *, superuser: bool) -> None:
    """Rule 6."""
    if superuser and (office is None or office.code != NATIONAL_CODE):
        raise PermissionDeniedError(
            _("A superuser belongs to the national office (%(code)s).") % {"code": NATIONAL_CODE}
        )


def check_create(actor: Any, *, office: Office, roles: Iterable[str]) -> None:
    require_scope(actor, "accounts.add_user", office)
    require_roles_held(actor, roles)


def check_change(actor: Any, user: Any, changes: dict[str, list[Any]]) -> None:
    """``changes`` maps each changed field to [before, after]; roles as lists of names,
    the office as Office rows."""
    if user.pk == actor.pk:
        touched = [f for f in SELF_PROTECTED if f in changes]
        if touched:
            raise PermissionDeniedError(
                _("You may not change your own roles, office or active flag.")
            )
        return
    require_scope(actor, "accounts.change_user", user.office)
    require_not_above(actor, user)
    if "office" in changes:
        require_scope(actor, "accounts.change_user", changes["office"][1])
    if "roles" in changes:
        before, after = (set(r or ()) for r in changes["roles"])
        require_roles_held(actor, before ^ after)
    if any(f in changes for f in FLAGS) and not actor.is_superuser:
        raise PermissionDeniedError(_("Only a superuser grants admin-site or superuser access."))
    superuser = changes.get("is_superuser", [None, user.is_superuser])[1]
    office = changes.get("office", [None, user.office])[1]
    require_superuser_office(office, superuser=bool(superuser))


def check_password_reset(actor: Any, user: Any) -> None:
    """Setting someone else's password is a takeover: rules 1, 2 and 3."""
    if user.pk == actor.pk:
        raise PermissionDeniedError(
            _("Change your own password on the password page, with your current one.")
        )
    require_scope(actor, "accounts.change_user", user.office)
    require_not_above(actor, user)


def check_token_revoke(actor: Any, user: Any) -> None:
    """Anyone revokes their own tokens; otherwise as for a password reset."""
    if user.pk != actor.pk:
        check_password_reset(actor, user)


def may_manage(actor: Any, user: Any) -> bool:
    """Whether ``actor`` may change anything of ``user`` but their own details."""
    try:
        check_password_reset(actor, user)
    except PermissionDeniedError:
        return False
    return True
