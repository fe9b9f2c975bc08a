from typing import Any

from django.http import HttpRequest

from notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the bell in the header: one COUNT query on an indexed column."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user=user)}
