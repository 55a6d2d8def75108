from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "ipoffice.reporting"
    label = "reporting"
    verbose_name = _("Statistical reporting")

    def ready(self) -> None:
        from ipoffice.reporting.rollup import register_counters

        register_counters()  # cases and complaints tell the roll-up of each change
