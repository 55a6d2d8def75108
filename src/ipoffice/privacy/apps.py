from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "ipoffice.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from ipoffice.common import jobs
        from ipoffice.privacy.services import personal_data_anonymise_job

        jobs.register(
            jobs.PeriodicJob(
                name="personal-data-anonymise",
                function=personal_data_anonymise_job,
                at=time(3, 0),
                description=_("Anonymise the personal data of records past their retention"),
            )
        )
