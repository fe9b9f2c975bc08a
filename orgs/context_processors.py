from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from orgs.navigation import ADMIN_ITEM, NAV_ITEMS, NavGroup
from orgs.permissions import roles_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation entries the signed-in user may use, grouped into dropdowns where an item
    names a group (a group the user can use nothing of does not show), and his roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    entries: list[dict[str, Any]] = []
    groups: dict[NavGroup, dict[str, Any]] = {}
    for item in [*NAV_ITEMS, ADMIN_ITEM]:
        if item.roles and not item.roles & roles:
            continue
        link = {"label": item.label, "url": reverse(item.url_name), "icon": item.icon}
        if item.group is None:
            entries.append(link)
            continue
        if item.group not in groups:
            groups[item.group] = {
                "label": item.group.label,
                "icon": item.group.icon,
                "children": [],
            }
            entries.append(groups[item.group])
        groups[item.group]["children"].append(link)
    return {"nav_items": entries, "user_roles": sorted(role.label for role in roles)}
