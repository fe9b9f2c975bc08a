"""This area's hooks into the apps below (inbox, navigation, attachments, statistics, the Celery
task), called from OversightConfig.ready."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import oversight.rectification.tasks  # noqa: F401  (registers the sweep's task with Celery)
from orgs.choices import Role
from orgs.inbox import InboxItem, InboxSection, register_inbox_provider
from orgs.models import User
from orgs.navigation import SUPERVISION, NavItem, register_nav_item
from oversight.attachments import ParentKind, register_parent
from oversight.models import Rectification
from oversight.rectification.permissions import (
    can_edit_evidence,
    can_see_rectification,
    is_committee,
)
from oversight.rectification.selectors import (
    awaiting_closure,
    is_overdue,
    my_open_rectifications,
)
from oversight.rectification.services import detail_url
from oversight.rectification.stats import oversight_stats
from reports.stats_sections import register_stats_section

INBOX_SIZE = 5


def _detail(item: Rectification) -> str:
    if is_overdue(item):
        return _("已逾期 · 期限%(deadline)s · %(unit)s") % {
            "deadline": item.deadline.isoformat(),
            "unit": item.unit.name,
        }
    return _("期限%(deadline)s · %(unit)s") % {
        "deadline": item.deadline.isoformat(),
        "unit": item.unit.name,
    }


def inbox_sections(user: User) -> list[InboxSection]:
    """我的整改事项 (the items the user owns and must still carry out, overdue first), and for
    the committee the items waiting for 销号."""
    sections: list[InboxSection] = []
    mine = my_open_rectifications(user)
    if mine:
        sections.append(
            InboxSection(
                key="my_rectifications",
                title=gettext_lazy("我的整改事项"),
                count=len(mine),
                items=[
                    InboxItem(title=item.title, url=detail_url(item), detail=_detail(item))
                    for item in mine[:INBOX_SIZE]
                ],
                more_url=reverse("oversight:rectification_list") + "?mine=1",
            )
        )
    if is_committee(user):
        waiting = list(awaiting_closure())
        if waiting:
            sections.append(
                InboxSection(
                    key="rectifications_to_close",
                    title=gettext_lazy("待销号整改事项"),
                    count=len(waiting),
                    items=[
                        InboxItem(title=item.title, url=detail_url(item), detail=item.unit.name)
                        for item in waiting[:INBOX_SIZE]
                    ],
                    more_url=reverse("oversight:rectification_list") + "?state=submitted",
                )
            )
    return sections


def _can_see(user: User, parent: object) -> bool:
    return isinstance(parent, Rectification) and can_see_rectification(user, parent)


def _can_edit(user: User, parent: object) -> bool:
    return isinstance(parent, Rectification) and can_edit_evidence(user, parent)


def _url(parent: object) -> str:
    assert isinstance(parent, Rectification)
    return detail_url(parent)


def connect() -> None:
    register_inbox_provider(inbox_sections)
    register_parent(
        "rectification",
        ParentKind(model=Rectification, can_see=_can_see, can_edit=_can_edit, url=_url),
    )
    register_stats_section(oversight_stats)
    register_nav_item(
        NavItem(
            gettext_lazy("监督看板"),
            "oversight:board",
            "kanban",
            frozenset({Role.COMMITTEE, Role.ADMIN}),
            group=SUPERVISION,
        )
    )
    register_nav_item(
        NavItem(
            gettext_lazy("整改台账"),
            "oversight:ledger",
            "journal-check",
            frozenset({Role.STAFF, Role.COMMITTEE, Role.ADMIN}),
            group=SUPERVISION,
        )
    )
