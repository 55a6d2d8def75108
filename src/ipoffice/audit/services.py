from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ipoffice.audit.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    target: models.Model,
    office: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry; call inside the transaction that makes the change."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        office=office,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        action=action,
        changes=changes or {},
        reason=reason,
    )
