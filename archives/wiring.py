"""This app's hooks into the apps below (audit labels and row visibility, attachments of
records, navigation, inbox), called from its AppConfig.ready."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archives.models import IntegrityRecord
from archives.permissions import audit_rows_hidden_from, can_edit_records, can_read_record
from archives.selectors import queue
from audit import actions
from audit.labels import register_action_labels, register_data_labels, register_value_labels
from audit.visibility import register_hidden_rows
from orgs.choices import Role
from orgs.inbox import InboxItem, InboxSection, register_inbox_provider
from orgs.models import User
from orgs.navigation import SUPERVISION, NavItem, register_nav_item
from oversight.attachments import ParentKind, register_parent

INBOX_SIZE = 5

AUDIT_LABELS: dict[str, str | Promise] = {
    actions.INTEGRITY_RECORD_CREATE: gettext_lazy("记入廉政档案"),
    actions.INTEGRITY_RECORD_UPDATE: gettext_lazy("修改廉政档案记录"),
    actions.INTEGRITY_RECORD_DELETE: gettext_lazy("删除廉政档案记录"),
    actions.ARCHIVE_READ: gettext_lazy("查阅廉政档案"),
    actions.ARCHIVE_EXPORT_PDF: gettext_lazy("导出廉政档案PDF"),
    actions.ARCHIVE_SNAPSHOT: gettext_lazy("廉政档案年度存档"),
    actions.ACCESS_REQUEST_CREATE: gettext_lazy("申请调阅廉政档案"),
    actions.ACCESS_REQUEST_DECIDE: gettext_lazy("审批档案调阅申请"),
    actions.ACCESS_REQUEST_WITHDRAW: gettext_lazy("撤回档案调阅申请"),
}

# Keys of this app's audit details that no field of the audited model names.
DATA_LABELS: dict[str, str | Promise] = {
    "ground": gettext_lazy("查阅依据"),
    "view": gettext_lazy("查阅方式"),
    "access_request": gettext_lazy("调阅申请"),
    "snapshot": gettext_lazy("年度存档"),
    "subject": gettext_lazy("调阅对象"),
    "people": gettext_lazy("人数"),
    "units": gettext_lazy("单位数"),
    "old_values": gettext_lazy("原值"),
    "year": gettext_lazy("年度"),
}


def inbox_sections(user: User) -> list[InboxSection]:
    """待审批的档案调阅: the committee's pending 调阅 requests (not the member's own, nor about
    himself)."""
    waiting = queue(user)
    count = waiting.count()
    if not count:
        return []
    return [
        InboxSection(
            key="archive_access_requests",
            title=gettext_lazy("待审批的档案调阅"),
            count=count,
            items=[
                InboxItem(
                    title=_("%(requester)s 申请调阅 %(subject)s")
                    % {
                        "requester": r.requester.name,
                        "subject": r.person.name if r.person else (r.unit.name if r.unit else ""),
                    },
                    url=reverse("archives:access_detail", args=[r.pk]),
                    detail=_("%(days)s天") % {"days": r.days},
                )
                for r in waiting[:INBOX_SIZE]
            ],
            more_url=reverse("archives:access_queue"),
        )
    ]


def _can_see(user: Any, parent: Any) -> bool:
    return can_read_record(user, parent)


def _can_edit(user: Any, parent: Any) -> bool:
    return can_edit_records(user, parent.person)


def _url(parent: Any) -> str:
    return reverse("archives:record_edit", args=[parent.pk])


def connect() -> None:
    register_action_labels(AUDIT_LABELS)
    register_data_labels(DATA_LABELS)
    register_value_labels(
        "view",
        {
            "page": gettext_lazy("查阅页面"),
            "pdf": gettext_lazy("导出PDF"),
            "snapshot": gettext_lazy("查阅年度存档"),
        },
    )
    register_hidden_rows(audit_rows_hidden_from)
    register_inbox_provider(inbox_sections)
    register_parent("integrity_record", ParentKind(IntegrityRecord, _can_see, _can_edit, _url))
    register_nav_item(
        NavItem(gettext_lazy("我的廉政档案"), "archives:mine", "person-vcard", group=SUPERVISION)
    )
    register_nav_item(
        NavItem(
            gettext_lazy("廉政档案"),
            "archives:index",
            "archive",
            frozenset({Role.COMMITTEE}),
            group=SUPERVISION,
        )
    )
    register_nav_item(
        NavItem(
            gettext_lazy("档案调阅"), "archives:access_list", "folder-symlink", group=SUPERVISION
        )
    )
