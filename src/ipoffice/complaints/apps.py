from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "ipoffice.complaints"
    label = "complaints"
    verbose_name = _("12330 complaints")

    def ready(self) -> None:
        from ipoffice.cases.hooks import case_concluded
        from ipoffice.complaints.services import complaints_follow_case
        from ipoffice.complaints.statistics import statistics_register

        case_concluded.register(complaints_follow_case)
        statistics_register()  # the complaints report form and section
        from ipoffice.complaints.queue import queue_register

        queue_register()  # its sections of the home page's work queue
        from ipoffice.complaints.notifications import SPECS
        from ipoffice.outbox.templates import register

        register(*SPECS)  # the messages to complainants, both channels, both languages
        from ipoffice.complaints.notices import jobs_register

        jobs_register()  # reminders, overdue notices and the escalation, daily
