"""Changes to the office hierarchy."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ipoffice.audit.services import audit_record
from ipoffice.common.errors import ApplicationError, PermissionDeniedError
from ipoffice.common.scoping import office_within, user_office
from ipoffice.offices.models import (
    CHILD_LEVELS,
    CODE_PATTERNS,
    OFFICE_CODE_PATTERN,
    Office,
    OfficeLevel,
)

EDITABLE_FIELDS = ("name_zh", "name_en", "is_active", "fast_protection")


def _require_admin_over(actor: Any, office: Office, perm: str) -> None:
    if actor is None:  # the operator's own set-up commands (demo, reference data)
        return
    own = user_office(actor)
    if own is None or not actor.has_perm(perm) or not office_within(office, own):
        raise PermissionDeniedError(_("You may not manage offices there."))


@transaction.atomic
def office_create(
    *, actor: Any, code: str, parent: Office, level: str, name_zh: str, name_en: str
) -> Office:
    _require_admin_over(actor, parent, "offices.add_office")
    code = code.strip().upper()
    if not re.match(CODE_PATTERNS.get(level, OFFICE_CODE_PATTERN), code):
        raise ApplicationError(
            _("An office code is six digits (GB/T 2260); a center or station adds -C1 or -W1."),
            field="code",
        )
    if level not in CHILD_LEVELS.get(parent.level, ()):
        labels = dict(OfficeLevel.choices)
        raise ApplicationError(
            _("A %(level)s cannot be placed below a %(parent)s.")
            % {"level": labels.get(level, level), "parent": labels[parent.level]},
            field="level",
        )
    if Office.objects.filter(code=code).exists():
        raise ApplicationError(_("Office code %(code)s is taken.") % {"code": code}, field="code")
    if not name_zh.strip() or not name_en.strip():
        field = "name_zh" if not name_zh.strip() else "name_en"
        raise ApplicationError(_("An office needs a name in Chinese and in English."), field=field)
    office = Office(
        code=code, parent=parent, level=level, name_zh=name_zh.strip(), name_en=name_en.strip()
    )
    office.path = office.compute_path()
    office.save()
    audit_record(
        actor=actor,
        target=office,
        office=office,
        action="create",
        changes={
            "code": [None, code],
            "parent": [None, parent.code],
            "name_zh": [None, office.name_zh],
            "name_en": [None, office.name_en],
        },
    )
    return office


@transaction.atomic
def office_update(*, actor: Any, office: Office, reason: str = "", **fields: Any) -> Office:
    office = Office.objects.select_for_update().get(pk=office.pk)
    _require_admin_over(actor, office, "offices.change_office")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if fields.get("fast_protection") and office.level != OfficeLevel.ASSISTANCE_CENTER:
        raise ApplicationError(
            _("Only an assistance center can be a fast IPR protection center."),
            field="fast_protection",
        )
    changes = {}
    for name, value in fields.items():
        before = getattr(office, name)
        if before != value:
            changes[name] = [before, value]
            setattr(office, name, value)
    if changes:
        office.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            target=office,
            office=office,
            action="update",
            changes=changes,
            reason=reason,
        )
    return office
