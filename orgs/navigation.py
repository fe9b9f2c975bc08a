"""The main navigation: each entry names the roles that can use it, so nobody sees a link that
would only answer 403. An entry with no roles is for every signed-in user."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from orgs.choices import Role


@dataclass(frozen=True)
class NavGroup:
    """A dropdown of the navigation bar: without groups a committee member would face a dozen
    top-level entries."""

    label: str | Promise
    icon: str


LISTS = NavGroup(_("清单"), "list-check")
WORK = NavGroup(_("排查工作"), "calendar-check")
SUPERVISION = NavGroup(_("监督"), "eye")
REPORTS = NavGroup(_("统计报表"), "bar-chart")


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[Role] = frozenset()
    group: NavGroup | None = None


NAV_ITEMS: list[NavItem] = [
    NavItem(_("首页"), "home", "house"),
    NavItem(_("组织机构"), "orgs:tree", "diagram-3"),
]

ADMIN_ITEM = NavItem(_("管理后台"), "admin:index", "gear", frozenset({Role.ADMIN}))


def register_nav_item(item: NavItem) -> None:
    """Apps above orgs add their entries here from their AppConfig.ready()."""
    if item.url_name not in {existing.url_name for existing in NAV_ITEMS}:
        NAV_ITEMS.append(item)
