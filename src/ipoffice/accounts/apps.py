from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ipoffice.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from ipoffice.accounts.roles import roles_sync_after_migrate

        # Roles are data: after every migrate, each role's group holds exactly its permissions.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="ipoffice-roles-sync")
