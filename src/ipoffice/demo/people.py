"""Demo people: one user per role in offices at each level."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import translation

from ipoffice.accounts.models import User
from ipoffice.accounts.roles import Role
from ipoffice.accounts.services import user_create
from ipoffice.offices.models import Office, OfficeLevel
from ipoffice.offices.services import office_create

DEMO_PASSWORD = "ipoffice-demo"

OFFICE_ROLES = [
    Role.ENFORCEMENT_OFFICER,
    Role.OFFICE_HEAD,
    Role.SUPERVISOR,
    Role.ANALYST,
    Role.ADMINISTRATOR,
]
# (unit code, login prefix, roles)
DEMO_OFFICES = [
    ("100000", "cnipa", OFFICE_ROLES),
    ("320000", "js", OFFICE_ROLES),
    ("440000", "gd", OFFICE_ROLES),
    ("320100", "nanjing", OFFICE_ROLES),
    ("320500", "suzhou", OFFICE_ROLES),
    ("440300", "shenzhen", OFFICE_ROLES),
    ("320000-C1", "js_center", [Role.AGENT]),
    ("320100-C1", "nanjing_center", [Role.AGENT]),
    ("320500-C1", "suzhou_center", [Role.AGENT]),
    ("320500-W1", "suzhou_station", [Role.AGENT]),
    ("440000-C1", "gd_center", [Role.AGENT]),
    ("440300-C1", "shenzhen_center", [Role.AGENT]),
]
# (code, parent code, level, Chinese name, English name)
DEMO_CENTERS = [
    (
        "320000-C1",
        "320000",
        OfficeLevel.ASSISTANCE_CENTER,
        "江苏省知识产权维权援助中心",
        "Jiangsu IP Enforcement Assistance Center",
    ),
    (
        "320100-C1",
        "320100",
        OfficeLevel.ASSISTANCE_CENTER,
        "南京市知识产权维权援助中心",
        "Nanjing IP Enforcement Assistance Center",
    ),
    (
        "320500-C1",
        "320500",
        OfficeLevel.ASSISTANCE_CENTER,
        "苏州市知识产权维权援助中心",
        "Suzhou IP Enforcement Assistance Center",
    ),
    (
        "320500-W1",
        "320500-C1",
        OfficeLevel.WORK_STATION,
        "苏州市昆山维权援助工作站",
        "Suzhou Kunshan service work station",
    ),
    (
        "440000-C1",
        "440000",
        OfficeLevel.ASSISTANCE_CENTER,
        "广东省知识产权维权援助中心",
        "Guangdong IP Enforcement Assistance Center",
    ),
    (
        "440300-C1",
        "440300",
        OfficeLevel.ASSISTANCE_CENTER,
        "深圳市知识产权维权援助中心",
        "Shenzhen IP Enforcement Assistance Center",
    ),
]
ROLE_SUFFIX = {
    Role.ENFORCEMENT_OFFICER: "officer",
    Role.OFFICE_HEAD: "head",
    Role.SUPERVISOR: "supervisor",
    Role.ANALYST: "analyst",
    Role.ADMINISTRATOR: "admin",
    Role.AGENT: "agent",
}


def demo_centers_load() -> None:
    for code, parent, level, name_zh, name_en in DEMO_CENTERS:
        if not Office.objects.filter(code=code).exists():
            office_create(
                actor=None,
                code=code,
                parent=Office.objects.get(code=parent),
                level=level,
                name_zh=name_zh,
                name_en=name_en,
            )


@dataclass(frozen=True)
class DemoLogin:
    username: str
    office: Office
    role: str


def _demo_name(office: Office, role: Role) -> str:
    with translation.override("zh-hans"):
        short = office.name_zh.removesuffix("知识产权局").removesuffix("知识产权维权援助中心")
        return f"{short}{role.label}"


@transaction.atomic
def demo_people_load() -> list[DemoLogin]:
    """Create the demo users that are missing; return every demo login."""
    demo_centers_load()
    logins = []
    offices = {o.code: o for o in Office.objects.filter(code__in=[c for c, *_ in DEMO_OFFICES])}
    for code, prefix, roles in DEMO_OFFICES:
        office = offices[code]
        for role in roles:
            username = f"{prefix}_{ROLE_SUFFIX[role]}"
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
