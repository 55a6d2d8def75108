from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ipoffice.audit.models import AuditEntry
from ipoffice.common.admin import ScopedAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedAdmin):
    list_display = ["at", "actor", "office", "target_type", "target_id", "action", "reason"]
    list_filter = ["action", "target_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
