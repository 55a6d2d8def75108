from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "ipoffice.reporting"
    label = "reporting"
    verbose_name = _("Statistical reporting")

    def ready(self) -> None:
        from ipoffice.common.statistics import figures_reader_register
        from ipoffice.reporting.figures import compute
        from ipoffice.reporting.rollup import register_counters

        register_counters()  # cases and complaints tell the roll-up of each change
        figures_reader_register(compute)  # the apps below read their forms' figures
        from ipoffice.reporting.queue import queue_register

        queue_register()  # its sections of the home page's work queue
        from ipoffice.common import jobs
        from ipoffice.reporting.rollup import verify_job

        jobs.register(
            jobs.PeriodicJob(
                name="rollup-verify",
                function=verify_job,
                at=time(2, 30),
                description=_("Compare the statistics roll-up with a count of the records"),
            )
        )
