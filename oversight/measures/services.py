"""Writes of actions (措施落实): each checks the actor's right, writes its audit row in the same
transaction and tells a newly assigned owner. Actions are not the register's content: nothing
here touches the register's revision or its workflow state.

Also the campaign's submit rule (`submit_check`): with requires_high_risk_actions, a register
may be submitted only when each of its grade-1 entries has an action with an owner and a
deadline."""

import datetime
from enum import Enum
from functools import partial
from typing import Any, Final

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import actions as audit_actions
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import notify
from orgs.models import User
from oversight.attachments import attachments_of
from oversight.choices import ActionStatus
from oversight.measures.permissions import (
    may_edit_actions,
    may_report_progress,
    may_set_inspection,
    may_verify,
)
from oversight.measures.selectors import high_entries_without_planned_action
from oversight.models import Action
from registers.choices import RegisterLevel
from registers.exceptions import DomainError
from registers.grading import register_grade_label
from registers.models import Register, RiskEntry
from registers.selectors import registers_visible_to

ASSIGNED_KIND: Final = NotificationKind.ACTION_ASSIGNED
CONTENT_MAX = 2000
NOTE_MAX = 4000


class _Unchanged(Enum):
    """The value of an action_update argument the caller leaves as it is (None is a value:
    no owner, no deadline)."""

    TOKEN = 0


UNCHANGED: Final = _Unchanged.TOKEN

# Which right a change of each field needs (see oversight.measures.permissions).
_EDIT_FIELDS = ("content", "owner", "deadline")
_PROGRESS_FIELDS = ("status", "progress_note")
# A change of any of these means the verification no longer covers the action.
_VERIFIED_FIELDS = (*_EDIT_FIELDS, *_PROGRESS_FIELDS)


def action_url(action: Action) -> str:
    return reverse("oversight:action_edit", args=[action.pk])


def _high_label(register: Register) -> str:
    """Grade 1 as the register's forms write it: 高, 一级, or A for a personal register under
    document 001."""
    return register_grade_label(register, 1)


def _clean_content(content: str) -> str:
    content = content.strip()
    if not content:
        raise DomainError(_("请填写措施内容。"), field="content")
    if len(content) > CONTENT_MAX:
        raise DomainError(
            _("措施内容不能超过 %(max)d 字。") % {"max": CONTENT_MAX}, field="content"
        )
    return content


def _clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise DomainError(
            _("落实情况不能超过 %(max)d 字。") % {"max": NOTE_MAX}, field="progress_note"
        )
    return note


def _check_owner(owner: User | None, *, entry: RiskEntry) -> None:
    """An active account; for an entry of a person's own register, someone who may see that
    register (the person, his leaders, the committee): the owner reads the entry with his action,
    and a person's register is not his colleagues' to read."""
    if owner is None:
        return
    if not owner.is_active:
        raise DomainError(
            _("%(name)s 的账号已停用,不能担任责任人。") % {"name": owner}, field="owner"
        )
    register = entry.register
    if (
        register.level == RegisterLevel.PERSONAL
        and not registers_visible_to(owner).filter(pk=register.pk).exists()
    ):
        raise DomainError(
            _("个人清单的措施只能由本人、其领导或纪委成员负责,%(name)s 不能担任责任人。")
            % {"name": owner},
            field="owner",
        )


def _check_status(status: str) -> None:
    if status not in ActionStatus.values:
        raise DomainError(_("落实状态无效。"), field="status")


def _check_inspection(entry: RiskEntry) -> None:
    if entry.grade != 1:
        raise DomainError(
            _(
                "只有风险等级为“%(grade)s”的风险点,其落实措施才能列入检查清单"
                "(对审定为一级风险岗位的防控措施落实情况开展监督检查)。"
            )
            % {"grade": _high_label(entry.register)},
            field="on_inspection_list",
        )


def _notify_owner(*, action: Action, actor: User) -> None:
    """Tell the owner he was given the action (not when he gave it to himself)."""
    entry = action.entry
    deadline = action.deadline.isoformat() if action.deadline else _("未定")
    notify(
        recipients=[action.owner],
        kind=ASSIGNED_KIND,
        title=_("请落实防控措施:%(content)s") % {"content": action.content[:60]},
        body=_(
            "%(actor)s 将%(register)s中风险点“%(risk)s”的一项防控措施交由您落实:%(content)s"
            "\n完成期限:%(deadline)s"
        )
        % {
            "actor": actor,
            "register": entry.register.title,
            "risk": entry.risk[:60],
            "content": action.content,
            "deadline": deadline,
        },
        url=action_url(action),
        register=entry.register,
        exclude=actor,
    )


def _snapshot(action: Action) -> dict[str, Any]:
    """The action as the audit trail records it."""
    return {
        "entry": action.entry_id,
        "register": action.entry.register_id,
        "content": action.content,
        "owner": action.owner_id,
        "owner_name": str(action.owner) if action.owner else "",
        "deadline": action.deadline,
        "status": action.status,
        "on_inspection_list": action.on_inspection_list,
    }


@transaction.atomic
def action_create(
    *,
    entry: RiskEntry,
    actor: User,
    content: str,
    owner: User | None = None,
    deadline: datetime.date | None = None,
    status: str = ActionStatus.NOT_STARTED,
    progress_note: str = "",
    on_inspection_list: bool = False,
) -> Action:
    """Add an action to `entry`'s prevention measures, at any state of its register."""
    if not may_edit_actions(actor, entry):
        raise PermissionDenied
    content = _clean_content(content)
    progress_note = _clean_note(progress_note)
    _check_owner(owner, entry=entry)
    _check_status(status)
    if on_inspection_list:
        _check_inspection(entry)
    action = Action.objects.create(
        entry=entry,
        content=content,
        owner=owner,
        deadline=deadline,
        status=status,
        progress_note=progress_note,
        on_inspection_list=on_inspection_list,
        created_by=actor,
    )
    audit_record(
        action=audit_actions.ACTION_CREATE, actor=actor, obj=action, data=_snapshot(action)
    )
    if owner is not None:
        _notify_owner(action=action, actor=actor)
    return action


def _locked(action: Action) -> Action:
    return (
        Action.objects.select_for_update(of=("self",))
        .select_related("owner", "entry__register__unit", "entry__register__campaign")
        .get(pk=action.pk)
    )


@transaction.atomic
def action_update(
    *,
    action: Action,
    actor: User,
    content: str | _Unchanged = UNCHANGED,
    owner: User | _Unchanged | None = UNCHANGED,
    deadline: datetime.date | _Unchanged | None = UNCHANGED,
    status: str | _Unchanged = UNCHANGED,
    progress_note: str | _Unchanged = UNCHANGED,
    on_inspection_list: bool | _Unchanged = UNCHANGED,
) -> Action:
    """Change some fields of an action; an argument left out (UNCHANGED) stays as it is. Each
    changed field needs its right: content, owner and deadline the editors'; status and
    progress note the owner's or the editors'; the inspection list the editors' or the
    committee's. A change of anything but the inspection mark voids the verification. Nothing
    changed: nothing written, no audit row."""
    action = _locked(action)
    if not isinstance(content, _Unchanged):
        content = _clean_content(content)
    if not isinstance(progress_note, _Unchanged):
        progress_note = _clean_note(progress_note)
    requested: dict[str, Any] = {
        "content": content,
        "owner": owner,
        "deadline": deadline,
        "status": status,
        "progress_note": progress_note,
        "on_inspection_list": on_inspection_list,
    }
    changes: dict[str, Any] = {
        name: value
        for name, value in requested.items()
        if not isinstance(value, _Unchanged) and value != getattr(action, name)
    }
    if not changes:
        return action
    if any(name in changes for name in _EDIT_FIELDS) and not may_edit_actions(actor, action.entry):
        raise PermissionDenied
    if any(name in changes for name in _PROGRESS_FIELDS) and not may_report_progress(actor, action):
        raise PermissionDenied
    if "on_inspection_list" in changes and not may_set_inspection(actor, action):
        raise PermissionDenied
    if "owner" in changes:
        _check_owner(changes["owner"], entry=action.entry)
    if "status" in changes:
        _check_status(changes["status"])
    if changes.get("on_inspection_list"):
        _check_inspection(action.entry)
    before = _snapshot(action)
    for name, value in changes.items():
        setattr(action, name, value)
    update_fields = [*changes, "updated_at"]
    reset = action.verified_at is not None and any(name in changes for name in _VERIFIED_FIELDS)
    if reset:
        action.verified_by = None
        action.verified_at = None
        action.verification_note = ""
        update_fields += ["verified_by", "verified_at", "verification_note"]
    action.save(update_fields=update_fields)
    after = _snapshot(action)
    audit_record(
        action=audit_actions.ACTION_UPDATE,
        actor=actor,
        obj=action,
        data={
            "entry": action.entry_id,
            "register": action.entry.register_id,
            "changes": {
                key: [before[key], after[key]] for key in after if before[key] != after[key]
            },
            "verification_reset": reset,
        },
    )
    if "owner" in changes and action.owner is not None:
        _notify_owner(action=action, actor=actor)
    return action


@transaction.atomic
def action_delete(*, action: Action, actor: User) -> None:
    """Remove an action and its evidence files (their names stay in the audit row)."""
    action = _locked(action)
    if not may_edit_actions(actor, action.entry):
        raise PermissionDenied
    evidence = list(attachments_of(action))
    audit_record(
        action=audit_actions.ACTION_DELETE,
        actor=actor,
        obj=action,
        data={
            **_snapshot(action),
            "verified_by": action.verified_by_id,
            "attachments": [attachment.name for attachment in evidence],
        },
    )
    for attachment in evidence:
        attachment.delete()
        # The file goes only once the rows are gone for good.
        transaction.on_commit(partial(attachment.file.delete, save=False))
    action.delete()


@transaction.atomic
def action_verify(*, action: Action, actor: User, note: str = "") -> Action:
    """The head of the entry's unit or the committee confirms that a carried-out action
    (已落实) was indeed carried out. Any later change of the action voids it (action_update)."""
    action = _locked(action)
    if not may_verify(actor, action):
        raise PermissionDenied
    if action.status != ActionStatus.DONE:
        raise DomainError(_("只有“%(done)s”的措施才能核实。") % {"done": ActionStatus.DONE.label})
    if action.verified_at is not None:
        raise DomainError(
            _("该措施已由 %(name)s 于 %(when)s 核实。")
            % {
                "name": action.verified_by or _("(已停用账号)"),
                "when": timezone.localtime(action.verified_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    note = note.strip()
    if len(note) > 2000:
        raise DomainError(_("核实意见不能超过 2000 字。"), field="note")
    action.verified_by = actor
    action.verified_at = timezone.now()
    action.verification_note = note
    action.save(update_fields=["verified_by", "verified_at", "verification_note", "updated_at"])
    audit_record(
        action=audit_actions.ACTION_VERIFY,
        actor=actor,
        obj=action,
        data={"entry": action.entry_id, "register": action.entry.register_id, "note": note},
    )
    return action


def submit_check(register: Register) -> str:
    """workflow's submit rule for this campaign setting (workflow.transitions.on_submit_check):
    "" unless the campaign requires planned actions and some grade-1 entry has none."""
    if not register.campaign.requires_high_risk_actions:
        return ""
    missing = high_entries_without_planned_action(register=register)
    if not missing:
        return ""
    return _(
        "本次排查要求每个风险等级为“%(grade)s”的风险点至少有一项指定了责任人和完成期限的"
        "落实措施,还有 %(count)d 条没有。请在清单中点击这些风险点的“措施落实”,添加措施并"
        "填写责任人和完成期限,再提交签字。"
    ) % {"grade": _high_label(register), "count": missing}
