"""Roles as data: each role is a Django group holding named permissions.

Later apps add their permissions here; ``roles_sync`` runs after every migrate
and makes each group hold exactly the permissions listed.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ENFORCEMENT_OFFICER = "enforcement_officer", _("Enforcement officer")
    OFFICE_HEAD = "office_head", _("Office head")
    SUPERVISOR = "supervisor", _("Supervisor")
    ANALYST = "analyst", _("Analyst (statistics and reports)")
    ADMINISTRATOR = "administrator", _("Administrator")
    AGENT = "assistance_agent", _("Assistance-center agent")


_READ = [
    "offices.view_office",
    "accounts.view_user",
    "cases.view_case",
    "complaints.view_complaint",
    "coordination.view_coordinationrequest",
    "campaigns.view_campaign",
    "training.view_training",
    "assessment.view_result",
]
_CONVERT = ["complaints.convert_complaint"]
_HANDLE_CASES = [
    "cases.add_case",
    "cases.change_case",
    "cases.handle_case",
    "coordination.send_request",
    "coordination.answer_request",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ENFORCEMENT_OFFICER: [*_READ, *_HANDLE_CASES, *_CONVERT],
    Role.OFFICE_HEAD: [
        *_READ,
        *_HANDLE_CASES,
        *_CONVERT,
        "cases.approve_decision",
        "reporting.submit_report",
        "reporting.review_report",
        "cases.approve_extension",
        "cases.assign_case",
        "campaigns.add_campaign",
        "training.add_training",
        "assessment.self_assess",
        "assessment.review_assessment",
        "assessment.confirm_assessment",
        "assessment.publish_round",
        "assessment.manage_scheme",
    ],
    Role.SUPERVISOR: [
        *_READ,
        "audit.view_auditentry",
        "reporting.review_report",
        "assessment.review_assessment",
    ],
    Role.ANALYST: [*_READ, "reporting.submit_report", "assessment.self_assess"],
    Role.ADMINISTRATOR: [
        *_READ,
        "audit.view_auditentry",
        "offices.add_office",
        "offices.change_office",
        "accounts.add_user",
        "accounts.change_user",
        "training.add_training",
        "outbox.view_outboxmessage",
        "outbox.manage_message",
        "outbox.view_messagetemplate",
        "outbox.change_messagetemplate",
        "outbox.view_jobrun",
        # Each office's register of the outside authorities it sends transfers to.
        "coordination.view_authority",
        "coordination.add_authority",
        "coordination.change_authority",
    ],
    Role.AGENT: [
        "offices.view_office",
        "accounts.view_user",
        "complaints.view_complaint",
        "complaints.add_complaint",
        "complaints.change_complaint",
        "complaints.handle_complaint",
        "assessment.view_result",
    ],
}


def role_label(name: str) -> str:
    try:
        return str(Role(name).label)
    except ValueError:
        return name


def roles_sync() -> None:
    from django.contrib.auth.models import Group, Permission

    needed = {name for names in ROLE_PERMISSIONS.values() for name in names}
    existing = {
        f"{perm.content_type.app_label}.{perm.codename}": perm
        for perm in Permission.objects.select_related("content_type")
        if f"{perm.content_type.app_label}.{perm.codename}" in needed
    }
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        # A permission not yet in the table is created by a later app's post_migrate.
        group.permissions.set([existing[name] for name in perm_names if name in existing])


def roles_sync_after_migrate(sender: Any = None, **kwargs: Any) -> None:
    roles_sync()
