from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ipoffice.common.admin import ScopedAdmin
from ipoffice.common.errors import ApplicationError
from ipoffice.offices import services
from ipoffice.offices.models import Office


@admin.register(Office)
class OfficeAdmin(ScopedAdmin):
    list_display = ["code", "name_zh", "name_en", "level", "parent", "is_active"]
    list_filter = ["level", "is_active", "fast_protection"]
    search_fields = ["code", "name_zh", "name_en"]
    readonly_fields = ["path"]
    raw_id_fields = ["parent"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Code, parent and level place the office in the tree: fixed once created.
        return ["path", "code", "parent", "level"] if obj else ["path"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # offices are deactivated, never deleted: records point at them

    def save_model(self, request: HttpRequest, obj: Office, form: Any, change: bool) -> None:
        if not change and obj.parent is None:
            raise PermissionDenied(_("A new office needs a parent office."))
        try:
            if change:
                fields = {
                    f: form.cleaned_data[f]
                    for f in services.EDITABLE_FIELDS
                    if f in form.changed_data
                }
                services.office_update(actor=request.user, office=obj, **fields)
            elif obj.parent is not None:
                created = services.office_create(
                    actor=request.user,
                    code=obj.code,
                    parent=obj.parent,
                    level=obj.level,
                    name_zh=obj.name_zh,
                    name_en=obj.name_en,
                )
                obj.pk = created.pk
        except ApplicationError as exc:
            raise PermissionDenied(str(exc.message)) from exc
