from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "ipoffice.training"
    label = "training"
    verbose_name = _("Enforcement staff training")

    def ready(self) -> None:
        from ipoffice.training.statistics import statistics_register

        statistics_register()  # the training report form and its section
