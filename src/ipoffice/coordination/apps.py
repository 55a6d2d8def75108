from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "ipoffice.coordination"
    label = "coordination"
    verbose_name = _("Coordination between offices and authorities")

    def ready(self) -> None:
        from ipoffice.common.jobs import PeriodicJob, register
        from ipoffice.coordination.messages import SPECS
        from ipoffice.coordination.services import requests_remind
        from ipoffice.coordination.statistics import statistics_register
        from ipoffice.outbox.templates import register as templates_register

        statistics_register()  # its report forms and sections
        from ipoffice.coordination.queue import queue_register

        queue_register()  # requests received, in the home page's work queue
        templates_register(*SPECS)  # the messages to authorities and receivers
        register(
            PeriodicJob(
                name="coordination-remind",
                function=requests_remind,
                at=time(8, 0),
                description=_("Remind the receivers of overdue coordination requests"),
            )
        )
