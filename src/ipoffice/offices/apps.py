from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "ipoffice.offices"
    label = "offices"
    verbose_name = _("Offices")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from ipoffice.offices import directory
        from ipoffice.offices.models import Office

        post_save.connect(directory.forget, sender=Office, dispatch_uid="office-directory")
