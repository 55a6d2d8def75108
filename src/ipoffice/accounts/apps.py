from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ipoffice.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from ipoffice.accounts.roles import role_label, roles_sync_after_migrate
        from ipoffice.accounts.selectors import office_label
        from ipoffice.audit.selectors import audit_value_register

        audit_value_register("roles", role_label)  # the audit trail names roles in words
        audit_value_register("office", office_label)  # and offices by their names

        # Roles are data: after every migrate, each role's group holds exactly its permissions.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="ipoffice-roles-sync")
