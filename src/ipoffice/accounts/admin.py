from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from ipoffice.accounts.models import User
from ipoffice.common.admin import ScopedAdmin


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "office", "is_active", "is_staff"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "full_name", "email", "office__code"]
    raw_id_fields = ["office"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("ipoffice", {"fields": ("office", "full_name")}),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        ("ipoffice", {"fields": ("office", "full_name")}),
    )
