from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ipoffice.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from ipoffice.notifications.messages import SPECS
        from ipoffice.outbox.templates import register

        register(*SPECS)  # the e-mails' default text, in both languages
