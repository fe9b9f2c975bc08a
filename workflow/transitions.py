"""The one table of allowed moves: (state, action) → (to_state, who may do it).

DESIGN.md's workflow: draft → submitted → signed → approved → (party group) → published, with a
return (退回) from every review stage. The party group's stage is optional per campaign; rather
than a second table, the approve move names the state it leads to when the campaign skips that
stage (`to_state_without_party_group`), so the publish move keeps a single source state.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit import actions
from registers.choices import RegisterLevel, RegisterState
from registers.models import Campaign, Register


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
    """Who may make a move; resolved against the org by workflow.permissions: `fits` (may this
    user act?) and `people_acting` (who are they, for a register or a unit?)."""

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

    def target(self, *, party_group_stage: bool) -> RegisterState:
        if not party_group_stage and self.to_state_without_party_group is not None:
            return self.to_state_without_party_group
        return self.to_state


def party_group_stage(register: Register) -> bool:
    """Does `register` go to the party group after the committee's review? When its campaign
    has that stage, except a person's own register: document 004 ends it with the leading group
    office's 审核备案 (the committee's review), and the party group's members are not his
    leaders."""
    return register.campaign.has_party_group_stage and register.level != RegisterLevel.PERSONAL


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


# Apps above workflow (oversight) add rules a register's content must meet before it is
# submitted: each check returns the refusal in words the filler understands, or "".
SubmitCheck = Callable[[Register], str]
_submit_checks: list[SubmitCheck] = []


def on_submit_check(check: SubmitCheck) -> None:
    if check not in _submit_checks:
        _submit_checks.append(check)


def submit_refusal(*, register: Register, ungraded: int) -> str:
    """Why the content of a register keeps it from being submitted, "" when nothing does. An
    entry imported without a grade (`ungraded` of them) must be graded first: a signature would
    bind the leader to a register whose grades, high-risk share and responsible leaders (who
    follow the grade, document 003) are not settled; then the checks other apps added.
    register_submit refuses with this text, and the workflow panel shows it instead of a button
    that would fail."""
    if ungraded:
        return gettext(
            "请先为 %(count)d 条未评定等级的风险点评定风险等级,再提交签字"
            "(清单页面上方列出了这些风险点,逐条点击“评定等级”即可)。"
        ) % {"count": ungraded}
    for check in _submit_checks:
        refusal = check(register)
        if refusal:
            return refusal
    return ""


def move_for(*, state: str, action: str) -> Move | None:
    return TRANSITIONS.get((state, action))


def stage_actor(state: str) -> Actor | None:
    """Who acts on a register waiting in `state`: the actor of the moves out of it (a review
    stage's approval and its return belong to the same people). None: no move leaves `state`."""
    actors = {move.actor for (source, _action), move in TRANSITIONS.items() if source == state}
    if len(actors) > 1:
        # The table must name one actor per stage: notices, stage permissions and reminders
        # all ask "who acts here?" (tests/workflow/test_stage_actors.py holds it to that).
        raise ValueError(f"state {state!r} has several actors: {sorted(actors)}")
    return next(iter(actors), None)


# Moves that send a register back (to its fillers) rather than on towards publication.
BACKWARD_ACTIONS = (Action.RETURN, Action.REOPEN, Action.CONTENT_CHANGED)


def actor_reaching(*, state: str, campaign: Campaign) -> Actor | None:
    """Who makes the forward move that brings a register to `state` in `campaign`: the filler
    to submitted, the signer to signed, the committee to approved, the party group to
    deliberated (the committee when the campaign skips that stage), the publisher to published.
    None for the states a register starts from (draft, returned), which nobody has to reach."""
    # The moves a register of this campaign can make: not from a stage the campaign skips
    # (without the party group nothing leads to approved, so the party group never deliberates).
    stage = campaign.has_party_group_stage
    reached = {move.target(party_group_stage=stage) for move in TRANSITIONS.values()}
    forward = [
        move
        for (source, action), move in TRANSITIONS.items()
        if action not in BACKWARD_ACTIONS and source in reached
    ]
    actors = {move.actor for move in forward if move.target(party_group_stage=stage) == state}
    if not actors:
        # A stage the campaign skips is reached by the move that goes past it.
        actors = {move.actor for move in forward if move.to_state == state}
    if len(actors) > 1:
        raise ValueError(f"state {state!r} is reached by several actors: {sorted(actors)}")
    return next(iter(actors), None)


# How the audit trail names what this app records (see audit.labels).
# The audit code of each move (every move writes one row; see audit.actions).
AUDIT_ACTIONS: dict[str, str] = {
    Action.SUBMIT: actions.REGISTER_SUBMIT,
    Action.SIGN: actions.REGISTER_SIGN,
    Action.RETURN: actions.REGISTER_RETURN,
    Action.APPROVE: actions.REGISTER_APPROVE,
    Action.DELIBERATE: actions.REGISTER_DELIBERATE,
    Action.PUBLISH: actions.REGISTER_PUBLISH,
    Action.REOPEN: actions.REGISTER_REOPEN,
    Action.CONTENT_CHANGED: actions.REGISTER_SEND_BACK,
}
AUDIT_LABELS: dict[str, str | Promise] = {
    **{AUDIT_ACTIONS[action]: label for action, label in ACTION_LABELS.items()},
    actions.REGISTER_GRANT_PERMISSION: _("授予对象权限"),
    actions.REGISTER_REVOKE_PERMISSION: _("收回对象权限"),
    actions.REGISTER_VOID_SIGNATURE: _("签字作废"),
    actions.REGISTER_REFUSE_SIGNING: _("签字密码错误"),
    actions.REGISTER_LOCK_SIGNING: _("签字已锁定"),
    actions.REGISTER_REFUSE_LOCKED_SIGNING: _("锁定期间签字被拒"),
    actions.FEEDBACK_CREATE: _("收到监督意见"),
    actions.FEEDBACK_HANDLE: _("处理监督意见"),
}
