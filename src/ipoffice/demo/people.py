"""Demo people: one user per role in offices at each level."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import translation

from ipoffice.accounts.models import User
from ipoffice.accounts.roles import Role
from ipoffice.accounts.services import user_create
from ipoffice.offices.models import Office

DEMO_PASSWORD = "ipoffice-demo"

# (office code, login prefix)
DEMO_OFFICES = [
    ("100000", "cnipa"),
    ("320000", "js"),
    ("440000", "gd"),
    ("320100", "nanjing"),
    ("320500", "suzhou"),
    ("440300", "shenzhen"),
]
ROLE_SUFFIX = {
    Role.ENFORCEMENT_OFFICER: "officer",
    Role.OFFICE_HEAD: "head",
    Role.SUPERVISOR: "supervisor",
    Role.ANALYST: "analyst",
    Role.ADMINISTRATOR: "admin",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    office: Office
    role: str


def _demo_name(office: Office, role: Role) -> str:
    with translation.override("zh-hans"):
        return f"{office.name_zh.removesuffix('知识产权局')}{role.label}"


@transaction.atomic
def demo_people_load() -> list[DemoLogin]:
    """Create the demo users that are missing; return every demo login."""
    logins = []
    offices = {o.code: o for o in Office.objects.filter(code__in=[c for c, _ in DEMO_OFFICES])}
    for code, prefix in DEMO_OFFICES:
        office = offices[code]
        for role, suffix in ROLE_SUFFIX.items():
            username = f"{prefix}_{suffix}"
            if not User.objects.filter(username=username).exists():
                user = user_create(
                    actor=None,
                    username=username,
                    office=office,
                    roles=[role],
                    password=None,
                    full_name=_demo_name(office, role),
                )
                if role == Role.ADMINISTRATOR:
                    User.objects.filter(pk=user.pk).update(is_staff=True)
            logins.append(DemoLogin(username=username, office=office, role=role))
    # One hash for every demo account: hashing is slow on purpose, and this is demo data.
    User.objects.filter(username__in=[d.username for d in logins]).exclude(
        password__startswith="pbkdf2"
    ).update(password=make_password(DEMO_PASSWORD))
    return logins
