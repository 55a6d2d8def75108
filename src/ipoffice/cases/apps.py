from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ipoffice.cases"
    label = "cases"
    verbose_name = _("Enforcement cases")

    def ready(self) -> None:
        from ipoffice.cases.statistics import statistics_register

        statistics_register()  # the enforcement report form and section
        from ipoffice.cases.queue import queue_register

        queue_register()  # its sections of the home page's work queue
        from ipoffice.cases.notices import jobs_register

        jobs_register()  # the daily reminders to handlers
        from ipoffice.cases.ebusiness import TEMPLATES
        from ipoffice.outbox.templates import register

        register(*TEMPLATES)  # the takedown notice to platforms (e-mail and webhook)
