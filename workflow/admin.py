from django.contrib import admin

from workflow.models import CampaignReminderSettings, Notification, OutboxMessage, Reminder


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__name", "recipient__username"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """For the administrator to see undeliverable e-mail (attempts, last error)."""

    list_display = ["subject", "to", "created_at", "sent_at", "attempts"]
    list_filter = ["sent_at"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "unit", "task", "days_before", "recipients"]
    list_filter = ["kind", "day"]
    readonly_fields = [f.name for f in Reminder._meta.fields]


@admin.register(CampaignReminderSettings)
class CampaignReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["campaign", "reminder_days", "overdue_repeat_days"]
