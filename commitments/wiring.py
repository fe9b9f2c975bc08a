"""This app's hooks into the apps below (audit labels, the publication hook, inbox, navigation,
the daily sweep), called from its AppConfig.ready."""

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import actions
from audit.labels import register_action_labels, register_data_labels
from commitments.reminders import signing_chases
from commitments.selectors import to_sign
from commitments.services import register_published
from orgs.choices import Role
from orgs.inbox import InboxItem, InboxSection, register_inbox_provider
from orgs.models import User
from orgs.navigation import SUPERVISION, WORK, NavItem, register_nav_item
from oversight.rectification.sweep import register_chase_source
from workflow.services import on_register_published

INBOX_SIZE = 5

AUDIT_LABELS: dict[str, str | Promise] = {
    actions.COMMITMENT_TEXT_UPDATE: gettext_lazy("修改承诺内容"),
    actions.COMMITMENT_GENERATE: gettext_lazy("生成承诺书"),
    actions.COMMITMENT_SIGN: gettext_lazy("承诺书签字"),
    actions.COMMITMENT_REFUSE_SIGNING: gettext_lazy("承诺书签字密码错误"),
    actions.COMMITMENT_LOCK_SIGNING: gettext_lazy("承诺书签字密码错误次数过多,签字被锁定"),
    actions.COMMITMENT_REFUSE_LOCKED_SIGNING: gettext_lazy("签字锁定期间尝试签署承诺书"),
    actions.COMMITMENT_SUPERSEDE: gettext_lazy("承诺书被新版本取代"),
    actions.COMMITMENT_PUBLISH: gettext_lazy("承诺书公示"),
    actions.COMMITMENT_EXPORT_PDF: gettext_lazy("导出承诺书PDF"),
}

DATA_LABELS: dict[str, str | Promise] = {
    "new_version": gettext_lazy("新版本"),
    "old": gettext_lazy("原内容"),
    "new": gettext_lazy("新内容"),
}


def inbox_sections(user: User) -> list[InboxSection]:
    """待签字的承诺书."""
    waiting = to_sign(user)
    count = waiting.count()
    if not count:
        return []
    return [
        InboxSection(
            key="commitments_to_sign",
            title=gettext_lazy("待签字的承诺书"),
            count=count,
            items=[
                InboxItem(
                    title=str(letter),
                    url=reverse("commitments:detail", args=[letter.pk]),
                    detail=_("%(campaign)s · 请于%(date)s前签字")
                    % {
                        "campaign": letter.campaign,
                        "date": letter.sign_by.isoformat() if letter.sign_by else "—",
                    },
                )
                for letter in waiting[:INBOX_SIZE]
            ],
            more_url=reverse("commitments:mine"),
        )
    ]


def connect() -> None:
    register_action_labels(AUDIT_LABELS)
    register_data_labels(DATA_LABELS)
    on_register_published(register_published)
    register_inbox_provider(inbox_sections)
    register_chase_source(signing_chases)
    register_nav_item(NavItem(gettext_lazy("我的承诺书"), "commitments:mine", "pen", group=WORK))
    register_nav_item(
        NavItem(
            gettext_lazy("承诺书签署情况"),
            "commitments:tracker",
            "clipboard-check",
            frozenset({Role.COMMITTEE, Role.ADMIN}),
            group=SUPERVISION,
        )
    )
