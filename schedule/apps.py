from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = _("工作安排")

    def ready(self) -> None:
        from audit.labels import register_model_alias
        from orgs.navigation import WORK, NavItem, register_nav_item
        from registers.services import on_campaign_created
        from schedule.services import schedule_prefill

        # A new campaign gets document 000's Annex 3 rows from the start.
        on_campaign_created(lambda campaign: schedule_prefill(campaign=campaign))
        # Audit rows written before the schedule had an app of its own name the old models.
        register_model_alias("registers.scheduletask", "schedule.scheduletask")
        register_model_alias(
            "workflow.campaignremindersettings", "schedule.campaignremindersettings"
        )
        register_model_alias("workflow.reminder", "schedule.reminder")
        register_nav_item(
            NavItem(_("工作安排"), "schedule:schedule_current", "calendar-check", group=WORK)
        )
        register_nav_item(
            NavItem(_("工作进度"), "schedule:progress_current", "bar-chart-steps", group=WORK)
        )
