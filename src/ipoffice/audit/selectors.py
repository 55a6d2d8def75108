from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipoffice.audit.models import AuditEntry


def audit_for(*, user: Any, target: models.Model) -> Any:
    return (
        AuditEntry.objects.visible_to(user)
        .filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
        .select_related("actor")
    )


# The audit trail's words for what was done and to what; an action not named here is
# shown as recorded.
ACTIONS: dict[str, Any] = {
    "create": _("Created"),
    "update": _("Changed"),
    "set_roles": _("Roles set"),
    "deactivate": _("Account closed"),
    "admin_create": _("Created in the administration"),
    "admin_change": _("Changed in the administration"),
    "password_set": _("Password set"),
    "password_disable": _("Password disabled"),
    "password_change": _("Own password changed"),
    "token_revoke": _("API token revoked"),
    "login_locked_out": _("Login locked out"),
}
SUBJECTS: dict[str, tuple[str, Any]] = {
    "office": ("offices.office", _("Offices")),
    "user": ("accounts.user", _("People")),
}


# How a changed value is named, per change key, registered by the app that owns it
# (accounts: roles by their label); other values are shown as recorded.
_value_labels: dict[str, Callable[[str], str]] = {}


def audit_value_register(key: str, label: Callable[[str], str]) -> None:
    _value_labels[key] = label


def _shown(key: str, value: Any) -> Any:
    label = _value_labels.get(key)
    if label is None:
        return value
    if isinstance(value, list):
        return "、".join(label(str(v)) for v in value) or "—"
    return label(str(value)) if value is not None else None


def audit_list(*, user: Any) -> Any:
    return AuditEntry.objects.visible_to(user).select_related("actor", "office", "target_type")


def audit_filtered(
    qs: Any,
    *,
    action: str = "",
    subject: str = "",
    actor: str = "",
    since: date | None = None,
    until: date | None = None,
) -> Any:
    """``qs`` (already scoped to the reader) narrowed to what the filters ask for."""
    if action:
        qs = qs.filter(action=action)
    if subject:
        app_label, model = SUBJECTS[subject][0].split(".")
        qs = qs.filter(target_type__app_label=app_label, target_type__model=model)
    if actor:
        qs = qs.filter(Q(actor__username__icontains=actor) | Q(actor__full_name__icontains=actor))
    if since:
        qs = qs.filter(on__gte=since)
    if until:
        qs = qs.filter(on__lte=until)
    return qs


def audit_rows(entries: Any) -> list[dict[str, Any]]:
    """One page of entries as the trail shows them: what was changed named in words
    (the fields' own labels), the record by its name."""
    entries = list(entries)
    targets: dict[tuple[int, str], str] = {}
    by_type: dict[Any, set[str]] = {}
    for e in entries:
        by_type.setdefault(e.target_type, set()).add(e.target_id)
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        if model is not None:
            for found in model._base_manager.filter(pk__in=ids):
                targets[(content_type.pk, str(found.pk))] = str(found)
    rows = []
    for e in entries:
        model = e.target_type.model_class()
        rows.append(
            {
                "entry": e,
                "action": ACTIONS.get(e.action, e.action),
                "kind": model._meta.verbose_name if model else "",
                "target": targets.get((e.target_type_id, e.target_id), e.target_id),
                "changes": [
                    (_field_label(model, name), [_shown(name, v) for v in pair])
                    for name, pair in (e.changes or {}).items()
                ],
            }
        )
    return rows


def _field_label(model: Any, name: str) -> Any:
    try:
        return model._meta.get_field(name).verbose_name
    except (FieldDoesNotExist, AttributeError):  # a change that is no field of its own (e.g. roles)
        return {"roles": _("roles")}.get(name, name)
