from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("审核流程")

    def ready(self) -> None:
        from orgs.inbox import register_inbox_provider
        from orgs.navigation import NavItem, register_nav_item
        from workflow.notification_inbox import notifications_inbox

        register_nav_item(
            NavItem(_("工作安排"), "notifications:schedule_current", "calendar-check")
        )
        register_nav_item(
            NavItem(_("工作进度"), "notifications:progress_current", "bar-chart-steps")
        )
        register_inbox_provider(notifications_inbox)
