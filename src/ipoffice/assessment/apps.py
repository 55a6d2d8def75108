from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "ipoffice.assessment"
    label = "assessment"
    verbose_name = _("Performance assessment")

    def ready(self) -> None:
        from ipoffice.assessment.statistics import statistics_register

        statistics_register()  # the annual report's assessment section
