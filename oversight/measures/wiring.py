"""This area's hooks into the apps below (inbox, navigation, listeners), called from
OversightConfig.ready."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from orgs.choices import Role
from orgs.inbox import register_inbox_provider
from orgs.models import User
from orgs.navigation import SUPERVISION, WORK, NavItem, register_nav_item
from oversight.attachments import ParentKind, register_parent
from oversight.measures.permissions import may_report_progress, may_see_action
from oversight.measures.selectors import inbox_sections
from oversight.measures.services import submit_check
from oversight.models import Action
from workflow.transitions import on_submit_check


def _may_see_evidence(user: User, parent: models.Model) -> bool:
    return isinstance(parent, Action) and may_see_action(user, parent)


def _may_add_evidence(user: User, parent: models.Model) -> bool:
    # The owner proves his own action; the editors may file evidence for any.
    return isinstance(parent, Action) and may_report_progress(user, parent)


def _action_url(parent: models.Model) -> str:
    return reverse("oversight:action_edit", args=[parent.pk])


def connect() -> None:
    on_submit_check(submit_check)
    register_inbox_provider(inbox_sections)
    register_parent(
        "action",
        ParentKind(
            model=Action, can_see=_may_see_evidence, can_edit=_may_add_evidence, url=_action_url
        ),
    )
    register_nav_item(
        NavItem(
            _("检查清单"),
            "oversight:inspection_list",
            "clipboard-check",
            frozenset({Role.COMMITTEE, Role.ADMIN}),
            group=SUPERVISION,
        )
    )
    # Everyone may be given an action; his own list sits with his other work.
    register_nav_item(NavItem(_("我的落实措施"), "oversight:my_actions", "list-task", group=WORK))
