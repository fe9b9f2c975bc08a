from django.contrib import admin

from orgs.admin import ReadOnlyAdmin
from registers.admin import CampaignAdmin
from registers.models import Campaign
from schedule.models import CampaignReminderSettings, Reminder, ScheduleTask, TaskCompletion


class ScheduleTaskInline(admin.TabularInline):
    model = ScheduleTask
    extra = 0


class CampaignWithScheduleAdmin(CampaignAdmin):
    """The campaign's admin page with its Annex 3 rows (registers knows nothing of schedules)."""

    inlines = [*CampaignAdmin.inlines, ScheduleTaskInline]


admin.site.unregister(Campaign)
admin.site.register(Campaign, CampaignWithScheduleAdmin)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["day", "kind", "unit", "task", "days_before", "recipients"]
    list_filter = ["kind", "day"]


@admin.register(CampaignReminderSettings)
class CampaignReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["campaign", "reminder_days", "overdue_repeat_days"]


@admin.register(TaskCompletion)
class TaskCompletionAdmin(ReadOnlyAdmin):
    """Marks are made and withdrawn on the progress page, audited; here they are only read."""

    list_display = ["task", "unit", "completed_by", "completed_at", "withdrawn_at"]
    list_filter = ["task__campaign"]
    list_select_related = ["task", "unit", "completed_by"]
