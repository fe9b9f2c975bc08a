from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "schedule"
    verbose_name = _("工作安排")

    def ready(self) -> None:
        from audit import actions
        from audit.labels import register_action_labels, register_model_alias
        from orgs.navigation import WORK, NavItem, register_nav_item
        from registers.services import on_campaign_created
        from schedule.services import schedule_prefill

        # A new campaign gets document 000's Annex 3 rows from the start, recorded in the audit
        # trail under whoever created the campaign.
        on_campaign_created(
            lambda campaign, actor: schedule_prefill(campaign=campaign, actor=actor)
        )
        # Audit rows written before the schedule had an app of its own name the old models.
        register_model_alias("registers.scheduletask", "schedule.scheduletask")
        register_model_alias(
            "workflow.campaignremindersettings", "schedule.campaignremindersettings"
        )
        register_model_alias("workflow.reminder", "schedule.reminder")
        # How the audit trail names what this app records.
        register_action_labels(
            {
                actions.CAMPAIGN_PREFILL_SCHEDULE: _("按附件3预填工作安排"),
                actions.SCHEDULE_TASK_UPDATE: _("修改工作安排"),
                actions.REMINDER_SETTINGS_UPDATE: _("修改提醒设置"),
                actions.SCHEDULE_TASK_COMPLETE: _("标记工作安排完成"),
                actions.SCHEDULE_TASK_WITHDRAW: _("撤回工作安排完成标记"),
            }
        )
        register_nav_item(
            NavItem(_("工作安排"), "schedule:schedule_current", "calendar-check", group=WORK)
        )
        register_nav_item(
            NavItem(_("工作进度"), "schedule:progress_current", "bar-chart-steps", group=WORK)
        )
