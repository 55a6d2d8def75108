from datetime import time, timedelta

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "ipoffice.outbox"
    label = "outbox"
    verbose_name = _("Outgoing messages and jobs")

    def ready(self) -> None:
        from ipoffice.common import jobs
        from ipoffice.outbox.checks import history_verify_job
        from ipoffice.outbox.delivery import outbox_sweep
        from ipoffice.outbox.services import templates_sync_after_migrate

        jobs.register(
            jobs.PeriodicJob(
                name="outbox-sweep",
                function=outbox_sweep,
                every=timedelta(seconds=10),
                description=_("Deliver due messages the workers were not told about"),
                recorded=False,
            ),
            jobs.PeriodicJob(
                name="history-verify",
                function=history_verify_job,
                at=time(2, 0),
                description=_("Verify the hash chain of every history"),
            ),
        )
        from ipoffice.outbox.queue import queue_register

        queue_register()  # undeliverable messages in the administrators' work queue
        # Templates are data: after every migrate, each registered template has its rows.
        post_migrate.connect(templates_sync_after_migrate, dispatch_uid="ipoffice-templates")
