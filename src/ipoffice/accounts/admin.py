"""The people pages of the admin site: every save goes through accounts.services and the
privilege policy (accounts/policy.py), as in the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ForeignKey
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ipoffice.accounts import policy, services
from ipoffice.accounts.models import ApiToken, User
from ipoffice.accounts.roles import Role
from ipoffice.common.admin import ScopedAdmin
from ipoffice.common.errors import ApplicationError
from ipoffice.offices.models import Office

# Only a superuser sees and sets these (policy rules 4 and 5); per-user permissions are
# never used (roles are groups), so no one sets them here.
SUPERUSER_ONLY = ("is_superuser", "is_staff", "groups")
# What one may not change on one's own account (policy rule 2).
NOT_ON_ONESELF = ("office", "is_active", *SUPERUSER_ONLY)


class AdminPasswordForm(AdminPasswordChangeForm):
    must_change_password = forms.BooleanField(
        label=_("must change password at next login"), required=False, initial=True
    )


def _values(form: Any) -> dict[str, Any]:
    """The changed fields of the admin form, as user_update takes them."""
    values = {f: form.cleaned_data[f] for f in form.changed_data if f in services.USER_FIELDS}
    if "groups" in form.changed_data:
        values["roles"] = [g.name for g in form.cleaned_data["groups"] if g.name in Role.values]
    return values


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "office", "is_active", "is_staff"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "full_name", "email", "office__code"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        ("ipoffice", {"fields": ("office", "full_name", "must_change_password")}),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        ("ipoffice", {"fields": ("office", "full_name", "must_change_password")}),
    )
    change_password_form = AdminPasswordForm

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in SUPERUSER_ONLY]})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += NOT_ON_ONESELF
        return readonly

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        # Someone the policy does not let you manage opens read-only (one's own page opens
        # with office, active flag and roles read-only).
        return obj is None or obj.pk == request.user.pk or policy.may_manage(request.user, obj)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "office":
            # An administrator places people only in offices of their own subtree.
            kwargs["queryset"] = Office.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:  # fmt: skip
        base = super().get_form(request, obj, change=change, **kwargs)
        actor = request.user

        class PolicyForm(base):  # type: ignore[valid-type,misc]
            """Asks the policy in clean(), so a refusal shows on the form."""

            def clean(self) -> Any:
                cleaned = super().clean()
                try:
                    if obj is None:
                        if cleaned.get("office") is not None:
                            policy.check_create(actor, office=cleaned["office"], roles=[])
                    else:
                        values = _values(self)
                        roles = policy.roles_of(obj)
                        changes = {
                            f: [roles if f == "roles" else getattr(obj, f), v]
                            for f, v in values.items()
                        }
                        if changes:
                            policy.check_change(actor, User.objects.get(pk=obj.pk), changes)
                except ApplicationError as exc:
                    raise ValidationError(str(exc.message)) from None
                return cleaned

        return PolicyForm

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            services.user_update(actor=request.user, user=obj, values=_values(form))
            return
        data = form.cleaned_data
        usable = data.get("set_usable_password", True)
        created = services.user_create(
            actor=request.user,
            username=data["username"],
            office=data["office"],
            roles=[],
            password=data.get("password1") if usable else None,
            full_name=data.get("full_name", ""),
            email=data.get("email", ""),
            must_change_password=bool(data.get("must_change_password")),
        )
        obj.pk = created.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The roles were written by the service (with the policy and the audit entry).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Setting someone's password: the policy decides, the service audits (never the
        password) and ends the user's API tokens. Replaces Django's unaudited view."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        try:
            policy.check_password_reset(request.user, user)
        except ApplicationError as exc:
            raise PermissionDenied(str(exc.message)) from None
        form = AdminPasswordForm(user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            usable = form.cleaned_data.get("set_usable_password", True)
            if usable or "unset-password" in request.POST:
                services.user_password_set(
                    actor=request.user,
                    user=user,
                    password=form.cleaned_data["password1"] if usable else None,
                    must_change=form.cleaned_data["must_change_password"],
                )
                messages.success(request, gettext("The password was set."))
                return HttpResponseRedirect(
                    reverse(f"{self.admin_site.name}:accounts_user_change", args=(user.pk,))
                )
            messages.error(request, gettext("Conflicting form data submitted. Please try again."))
        context = {
            "title": gettext("Set password: %s") % escape(user.get_username()),
            # Django's own view passes this (non-model) form the same way.
            "adminForm": helpers.AdminForm(
                form,  # type: ignore[arg-type]
                [(None, {"fields": list(form.base_fields)})],
                {},
            ),
            "form_url": form_url,
            "form": form,
            "is_popup": IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET,
            "is_popup_var": IS_POPUP_VAR,
            "add": True,
            "change": False,
            "has_delete_permission": False,
            "has_change_permission": True,
            "has_absolute_url": False,
            "opts": self.opts,
            "original": user,
            "save_as": False,
            "show_save": True,
            **self.admin_site.each_context(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/auth/user/change_password.html", context)


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAdmin):
    """Tokens of the people in one's subtree: when issued and last used, never a key (only
    its hash is stored). Deleting one revokes it, as the policy allows."""

    list_display = ["user", "created", "last_used"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ("user", "created", "last_used")
    readonly_fields = ("user", "created", "last_used")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are issued at /api/v1/auth/token/, to their owner

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return request.user.has_perm("accounts.change_user")
        return policy.may_manage(request.user, obj.user) or obj.user_id == request.user.pk

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("accounts.change_user")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.change_user")

    def delete_model(self, request: HttpRequest, obj: ApiToken) -> None:
        services.token_revoke(actor=request.user, token=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset.select_related("user"):
            services.token_revoke(actor=request.user, token=token)
