from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("回头看")

    def ready(self) -> None:
        from reviews.wiring import connect

        connect()
