from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ipoffice.common.admin import ScopedAdmin
from ipoffice.complaints.models import Complaint, Platform


@admin.register(Complaint)
class ComplaintAdmin(ScopedAdmin):
    """Read-only here: complaints change through their workflow (pages and API)."""

    list_display = ["tracking_number", "kind", "channel", "center", "status", "received_on"]
    list_filter = ["kind", "channel", "status"]
    search_fields = ["tracking_number", "subject"]
    # The verification code's hash is a secret: a copied hash could be attacked offline.
    exclude = ["code_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin[Platform]):
    """Platforms are shared by every office; tokens are made with `ipoffice platform-token`."""

    list_display = ["name", "is_active", "created_at"]
    readonly_fields = ["token_hash"]
