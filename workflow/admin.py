"""Read-only admin pages: transitions, signatures and publications are written by the services
only (an edit would falsify the record); feedback is handled on the committee's page."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from workflow.models import (
    CampaignReminderSettings,
    Feedback,
    Notification,
    OutboxMessage,
    PublishedVersion,
    Reminder,
    Signature,
    Transition,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "register", "action", "from_state", "to_state", "actor", "ip"]
    list_filter = ["action", "to_state"]
    list_select_related = ["register__unit", "register__post", "actor"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["signed_at", "register", "signer", "version", "revision", "voided_at"]
    list_select_related = ["register__unit", "register__post", "signer"]


@admin.register(PublishedVersion)
class PublishedVersionAdmin(ReadOnlyAdmin):
    list_display = ["published_at", "title", "version", "published_by"]
    list_select_related = ["published_by"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "publication", "is_public", "handled_at"]
    list_select_related = ["publication"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__name", "recipient__username"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """For the administrator to see undeliverable e-mail (attempts, last error)."""

    list_display = ["subject", "to", "created_at", "sent_at", "attempts"]
    list_filter = ["sent_at"]
    search_fields = ["to", "subject"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["day", "kind", "unit", "task", "days_before", "recipients"]
    list_filter = ["kind", "day"]


@admin.register(CampaignReminderSettings)
class CampaignReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["campaign", "reminder_days", "overdue_repeat_days"]
