"""The one table of allowed moves: (state, action) → (to_state, who may do it).

DESIGN.md's workflow: draft → submitted → signed → approved → (party group) → published, with a
return (退回) from every review stage. The party group's stage is optional per campaign; rather
than a second table, the approve move names the state it leads to when the campaign skips that
stage (`to_state_without_party_group`), so the publish move keeps a single source state.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from registers.choices import RegisterState
from registers.models import Campaign


class Action(StrEnum):
    SUBMIT = "submit"
    SIGN = "sign"
    RETURN = "return"
    APPROVE = "approve"
    DELIBERATE = "deliberate"
    PUBLISH = "publish"
    REOPEN = "reopen"
    # Not a user's choice: recorded when an edit after submission sends the register back.
    CONTENT_CHANGED = "content_changed"


ACTION_LABELS: dict[str, Promise] = {
    Action.SUBMIT: _("提交签字"),
    Action.SIGN: _("签字确认"),
    Action.RETURN: _("退回修改"),
    Action.APPROVE: _("审核通过"),
    Action.DELIBERATE: _("党组研究通过"),
    Action.PUBLISH: _("公示"),
    Action.REOPEN: _("重新修订(新版本)"),
    Action.CONTENT_CHANGED: _("内容被修改"),
}


class Actor(StrEnum):
    """Who may make a move; resolved against the org by workflow.permissions.may_act."""

    FILLER = "filler"  # registers.permissions.can_fill: the unit's members, its head, admins
    SIGNER = "signer"  # the register's signer (see workflow.permissions.signer_of)
    COMMITTEE = "committee"  # discipline committee members
    PARTY_GROUP = "party_group"  # party group members
    PUBLISHER = "publisher"  # committee members and administrators
    FILLER_OR_PUBLISHER = "filler_or_publisher"


@dataclass(frozen=True)
class Move:
    to_state: RegisterState
    actor: Actor
    # Where the move leads when the campaign has no party-group stage (None: same as to_state).
    to_state_without_party_group: RegisterState | None = None

    def target(self, campaign: Campaign) -> RegisterState:
        if not campaign.has_party_group_stage and self.to_state_without_party_group is not None:
            return self.to_state_without_party_group
        return self.to_state


S = RegisterState
TRANSITIONS: dict[tuple[str, str], Move] = {
    (S.DRAFT, Action.SUBMIT): Move(S.SUBMITTED, Actor.FILLER),
    (S.RETURNED, Action.SUBMIT): Move(S.SUBMITTED, Actor.FILLER),
    (S.SUBMITTED, Action.SIGN): Move(S.SIGNED, Actor.SIGNER),
    (S.SUBMITTED, Action.RETURN): Move(S.RETURNED, Actor.SIGNER),
    (S.SIGNED, Action.APPROVE): Move(S.APPROVED, Actor.COMMITTEE, S.DELIBERATED),
    (S.SIGNED, Action.RETURN): Move(S.RETURNED, Actor.COMMITTEE),
    (S.APPROVED, Action.DELIBERATE): Move(S.DELIBERATED, Actor.PARTY_GROUP),
    (S.APPROVED, Action.RETURN): Move(S.RETURNED, Actor.PARTY_GROUP),
    (S.DELIBERATED, Action.PUBLISH): Move(S.PUBLISHED, Actor.PUBLISHER),
    (S.DELIBERATED, Action.RETURN): Move(S.RETURNED, Actor.PUBLISHER),
    (S.PUBLISHED, Action.REOPEN): Move(S.DRAFT, Actor.FILLER_OR_PUBLISHER),
}

# User-chosen actions, in the order the panel shows their buttons.
USER_ACTIONS: tuple[Action, ...] = (
    Action.SUBMIT,
    Action.SIGN,
    Action.APPROVE,
    Action.DELIBERATE,
    Action.PUBLISH,
    Action.RETURN,
    Action.REOPEN,
)

# States in which an edit of the entries sends the register back to draft (and voids signatures).
SENT_BACK_BY_EDIT = (S.SUBMITTED, S.SIGNED)


def move_for(*, state: str, action: str) -> Move | None:
    return TRANSITIONS.get((state, action))


# How the audit trail names what this app records (see audit.labels).
AUDIT_LABELS: dict[str, str | Promise] = {
    **{f"workflow.{action}": label for action, label in ACTION_LABELS.items()},
    "workflow.permission_granted": _("授予对象权限"),
    "workflow.permission_revoked": _("收回对象权限"),
    "workflow.signature_voided": _("签字作废"),
    "workflow.sign_password_failed": _("签字密码错误"),
    "workflow.sign_locked": _("签字已锁定"),
    "workflow.sign_refused_locked": _("锁定期间签字被拒"),
    "workflow.feedback_created": _("收到监督意见"),
    "workflow.feedback_handled": _("处理监督意见"),
    "schedule_task_update": _("修改工作安排"),
    "reminder_settings_update": _("修改提醒设置"),
}
