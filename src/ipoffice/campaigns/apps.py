from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "ipoffice.campaigns"
    label = "campaigns"
    verbose_name = _("Special campaigns")

    def ready(self) -> None:
        from ipoffice.campaigns.statistics import statistics_register

        statistics_register()  # the campaign report form and its section
