"""Who acts for the national office: the one check behind scheme management, opening and
publishing rounds, confirmation and the what-if (the roles give these permissions to
office heads everywhere; only the national office's may use them)."""

from __future__ import annotations

from typing import Any

from ipoffice.common.scoping import user_office
from ipoffice.offices.models import NATIONAL_CODE


def national_holds(user: Any, permission: str) -> bool:
    """Whether ``user`` belongs to the national office and holds ``permission``."""
    office = user_office(user)
    return office is not None and office.code == NATIONAL_CODE and user.has_perm(permission)
