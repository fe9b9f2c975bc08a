"""Reading notifications: the bell's count and the home page's section of unread ones."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from orgs.inbox import InboxItem, InboxSection
from orgs.models import User

INBOX_ITEMS = 5


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(*, user: User, only_unread: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another's)."""
    rows = Notification.objects.filter(recipient=user)
    if only_unread:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def notifications_inbox(user: User) -> list[InboxSection]:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    latest = list(unread.order_by("-created_at", "-id")[:INBOX_ITEMS])
    count = len(latest) if len(latest) < INBOX_ITEMS else unread.count()
    return [
        InboxSection(
            key="notifications",
            title=_("未读通知"),
            count=count,
            items=[
                InboxItem(
                    title=n.title,
                    url=reverse("notifications:open", args=[n.pk]),
                    detail=timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M"),
                )
                for n in latest
            ],
            more_url=reverse("notifications:list"),
            empty_text=_("没有未读通知"),
        )
    ]
