from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from ipoffice.audit.models import AuditEntry
from ipoffice.common.history import history_value


def audit_record(
    *,
    actor: Any,
    target: models.Model,
    office: Any,
    action: str,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    on: date | None = None,
) -> AuditEntry:
    """Append one entry; call inside the transaction that makes the change. Values are
    kept as ``common.history`` keeps them (rows by their string, sets sorted)."""
    entry = AuditEntry(
        on=on or timezone.localdate(),
        actor=actor if getattr(actor, "pk", None) else None,
        office=office,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        action=action,
        changes={k: [history_value(v) for v in pair] for k, pair in (changes or {}).items()},
        reason=reason,
    )
    entry.seal()
    entry.save(force_insert=True)
    return entry
