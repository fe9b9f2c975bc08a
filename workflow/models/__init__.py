"""Workflow models, one module per concern (approval here; notifications and schedule beside)."""

from workflow.models.approval import Signature, Transition
from workflow.models.notifications import Notification, NotificationKind, OutboxMessage
from workflow.models.schedule import (
    CampaignReminderSettings,
    Reminder,
    ReminderKind,
)

__all__ = [
    "CampaignReminderSettings",
    "Notification",
    "NotificationKind",
    "OutboxMessage",
    "Reminder",
    "ReminderKind",
    "Signature",
    "Transition",
]
