from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from orgs.navigation import ADMIN_ITEM, NAV_ITEMS
from orgs.permissions import roles_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation entries the signed-in user may use, and his roles for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    items = [
        {"label": item.label, "url": reverse(item.url_name), "icon": item.icon}
        for item in [*NAV_ITEMS, ADMIN_ITEM]
        if not item.roles or item.roles & roles
    ]
    return {"nav_items": items, "user_roles": sorted(role.label for role in roles)}
