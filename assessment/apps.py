from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("廉政考核")

    def ready(self) -> None:
        from assessment.wiring import connect

        connect()
