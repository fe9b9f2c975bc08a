from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("廉能风险防控承诺书")

    def ready(self) -> None:
        from commitments.wiring import connect

        connect()
