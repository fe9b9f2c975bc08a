from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("通知")

    def ready(self) -> None:
        from notifications.selectors import notifications_inbox
        from orgs.inbox import register_inbox_provider

        register_inbox_provider(notifications_inbox)
