"""Workflow models, one module per concern: approval, publication, notifications, schedule."""

from workflow.models.approval import Signature, Transition
from workflow.models.notifications import Notification, NotificationKind, OutboxMessage
from workflow.models.publication import Feedback, PublishedVersion
from workflow.models.schedule import CampaignReminderSettings, Reminder, ReminderKind

__all__ = [
    "CampaignReminderSettings",
    "Feedback",
    "Notification",
    "NotificationKind",
    "OutboxMessage",
    "PublishedVersion",
    "Reminder",
    "ReminderKind",
    "Signature",
    "Transition",
]
