"""The register of outside authorities, per office, kept by its administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from ipoffice.common.admin import ScopedAdmin
from ipoffice.coordination import services
from ipoffice.coordination.models import Authority
from ipoffice.offices.models import Office


@admin.register(Authority)
class AuthorityAdmin(ScopedAdmin):
    # An address typed without a scheme is taken as https:// (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "office", "email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "office":
            kwargs["queryset"] = Office.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Authority, form: Any, change: bool) -> None:
        before = {f: form.initial.get(f) for f in services.AUTHORITY_FIELDS} if change else None
        if before is not None and before.get("office") is not None:
            before["office"] = Office.objects.filter(pk=before["office"]).first()
        services.authority_save(actor=request.user, authority=obj, before=before)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a register keeps its rows; deactivate one instead
