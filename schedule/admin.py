from django.contrib import admin

from orgs.admin import ReadOnlyAdmin
from registers.admin import CampaignAdmin
from registers.models import Campaign
from schedule.models import CampaignReminderSettings, Reminder, ScheduleTask


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
