"""This area's hooks into the apps below (inbox, navigation, listeners), called from
OversightConfig.ready."""

from typing import Any

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from audit.visibility import register_hidden_rows
from orgs.choices import Role
from orgs.inbox import register_inbox_provider
from orgs.navigation import SUPERVISION, NavItem, register_nav_item
from oversight.attachments import ParentKind, register_parent
from oversight.models import Warning
from oversight.warnings.leads import lead_create_from_feedback
from oversight.warnings.permissions import (
    audit_rows_hidden_from,
    can_edit_warning_attachments,
    can_see_warning,
)
from oversight.warnings.selectors import inbox_sections, warning_url
from workflow.models import Feedback

_DISPATCH_UID = "oversight.warnings.lead_from_feedback"


def _lead_from_feedback(
    sender: Any, instance: Feedback, created: bool, raw: bool, **kwargs: Any
) -> None:
    """A supervision opinion on a published register becomes a lead, in the transaction that
    stored it. workflow offers no listener for new opinions, hence the model signal; the rule
    itself is the service's."""
    if created and not raw:
        lead_create_from_feedback(feedback=instance)


def _can_see(user: Any, parent: Any) -> bool:
    return can_see_warning(user, parent)


def _can_edit(user: Any, parent: Any) -> bool:
    return can_edit_warning_attachments(user, parent)


def _url(parent: Any) -> str:
    return warning_url(parent)


def connect() -> None:
    post_save.connect(_lead_from_feedback, sender=Feedback, dispatch_uid=_DISPATCH_UID)
    register_hidden_rows(audit_rows_hidden_from)
    register_inbox_provider(inbox_sections)
    register_parent("warning", ParentKind(Warning, _can_see, _can_edit, _url))
    register_nav_item(
        NavItem(
            _("廉情信息"),
            "oversight:lead_list",
            "inbox",
            frozenset({Role.COMMITTEE}),
            group=SUPERVISION,
        )
    )
    register_nav_item(
        NavItem(
            _("廉情预警"),
            "oversight:warning_list",
            "exclamation-triangle",
            frozenset({Role.COMMITTEE, Role.PARTY_GROUP}),
            group=SUPERVISION,
        )
    )
