from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest

from ipoffice.accounts.models import User
from ipoffice.audit.services import audit_record
from ipoffice.common.admin import ScopedAdmin
from ipoffice.common.history import history_changes
from ipoffice.offices.models import Office

# Only a superuser may grant these: they bypass roles, or grant them (roles are groups and
# are granted on the people pages, through accounts.services.user_set_roles and its checks).
SUPERUSER_ONLY = ("is_superuser", "user_permissions", "is_staff", "groups")


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "office", "is_active", "is_staff"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "full_name", "email", "office__code"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("ipoffice", {"fields": ("office", "full_name")}),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        ("ipoffice", {"fields": ("office", "full_name")}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in SUPERUSER_ONLY]})
            for name, opts in fieldsets
        ]

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "office":
            # An administrator places people only in offices of their own subtree.
            kwargs["queryset"] = Office.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self._audit(request, obj, form, change)

    def _audit(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # Never a password (password, password1, password2, usable_password), and not the
        # dates the form merely re-renders (date_joined loses its microseconds).
        fields = [
            f
            for f in form.changed_data
            if "password" not in f and f not in ("date_joined", "last_login")
        ]
        if obj.office is None or not (fields or not change):
            return
        # The form's initial values are the stored ones: the entry keeps before and after.
        before = {f: _stored(form, f) if change else None for f in fields}
        audit_record(
            actor=request.user,
            target=obj,
            office=obj.office,
            action="admin_change" if change else "admin_create",
            changes=history_changes(before, {f: form.cleaned_data.get(f) for f in fields}),
        )


def _stored(form: Any, name: str) -> Any:
    """A field's value before the edit (a foreign key's initial value is its pk)."""
    value, field = form.initial.get(name), form.fields.get(name)
    if isinstance(field, ModelMultipleChoiceField):
        return field.queryset.filter(  # type: ignore[union-attr]
            pk__in=[getattr(v, "pk", v) for v in value or ()]
        )
    if isinstance(field, ModelChoiceField):
        return field.to_python(value)
    return value
