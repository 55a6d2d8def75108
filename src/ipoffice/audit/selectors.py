from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ipoffice.audit.models import AuditEntry


def audit_for(*, user: Any, target: models.Model) -> Any:
    return (
        AuditEntry.objects.visible_to(user)
        .filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
        .select_related("actor")
    )
