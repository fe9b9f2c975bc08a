"""Who may act on a register, derived from the org (DESIGN.md "Who signs"), and the guardian
object permissions that mirror the current stage: the services grant a stage's permission to the
people concerned when a register reaches that stage and revoke it when it leaves, so a view can
ask guardian "may this user sign this register?" with one query."""

from django.db.models import Q, QuerySet

from orgs.models import Unit, User
from registers.choices import RegisterLevel, RegisterState
from registers.models import Register
from registers.permissions import can_fill
from workflow.transitions import Action, Actor, move_for

# The object permission a register's stage grants (codename on registers.Register).
STAGE_PERMISSIONS: dict[str, str] = {
    RegisterState.SUBMITTED: "sign_register",
    RegisterState.SIGNED: "review_register",
    RegisterState.APPROVED: "deliberate_register",
    RegisterState.DELIBERATED: "publish_register",
}
PERMISSION_NAMES: dict[str, str] = {
    "sign_register": "Can sign the register (签字)",
    "review_register": "Can review the register (纪委审核)",
    "deliberate_register": "Can deliberate the register (党组研究)",
    "publish_register": "Can publish the register (公示)",
}


def principal_above(unit: Unit | None) -> User | None:
    """The principal of the nearest unit at or above `unit` that has one."""
    node = unit
    while node is not None and not (node.is_principal_unit and node.head_id):
        node = node.parent
    return node.head if node is not None else None


def _holds_leadership(users: QuerySet[User]) -> bool:
    return Unit.objects.filter(Q(head__in=users) | Q(leader_in_charge__in=users)).exists()


def signer_of(register: Register) -> User | None:
    """Department register → its leader in charge; unit register → the unit's principal; post
    register → the department head, but a deputy's (the post is held by a head or a leader) →
    the principal (doc 004)."""
    unit = register.unit
    if register.level == RegisterLevel.DEPARTMENT:
        return unit.leader_in_charge
    if register.level == RegisterLevel.UNIT:
        return unit.head if unit.is_principal_unit else principal_above(unit)
    if register.post_id is None:
        return unit.head
    holders = User.objects.filter(post_id=register.post_id)
    if _holds_leadership(holders):
        return principal_above(unit)
    return unit.head


def is_admin(user: User) -> bool:
    return bool(user.is_staff or user.is_superuser)


def fits(user: User, register: Register, actor: Actor) -> bool:
    """Does `user` fit the table's actor rule for `register`?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if actor == Actor.FILLER:
        return can_fill(user, register)
    if actor == Actor.SIGNER:
        signer = signer_of(register)
        return signer is not None and signer.pk == user.pk
    if actor == Actor.COMMITTEE:
        return user.is_committee_member
    if actor == Actor.PARTY_GROUP:
        return user.is_party_group_member
    if actor == Actor.PUBLISHER:
        return user.is_committee_member or is_admin(user)
    if actor == Actor.FILLER_OR_PUBLISHER:
        return can_fill(user, register) or user.is_committee_member or is_admin(user)
    return False


def may_act(user: User, register: Register, action: str) -> bool:
    """The org-derived right to make `action` on `register` in its current state."""
    move = move_for(state=register.state, action=action)
    return move is not None and fits(user, register, move.actor)


def stage_holders(register: Register) -> list[User]:
    """Who receives the current stage's object permission."""
    state = register.state
    if state == RegisterState.SUBMITTED:
        signer = signer_of(register)
        return [signer] if signer is not None and signer.is_active else []
    if state == RegisterState.SIGNED:
        return list(User.objects.filter(is_active=True, is_committee_member=True))
    if state == RegisterState.APPROVED:
        return list(User.objects.filter(is_active=True, is_party_group_member=True))
    if state == RegisterState.DELIBERATED:
        return list(
            User.objects.filter(
                Q(is_committee_member=True) | Q(is_staff=True) | Q(is_superuser=True),
                is_active=True,
            )
        )
    return []


def required_permission(*, state: str, action: str) -> str | None:
    """The object permission a view demands for `action` in `state`; None for the filler's own
    moves (submit, reopen), which follow can_fill rather than a stage."""
    if action in (Action.SUBMIT, Action.REOPEN):
        return None
    return STAGE_PERMISSIONS.get(state)


def has_stage_permission(user: User, register: Register, action: str) -> bool:
    codename = required_permission(state=register.state, action=action)
    if codename is None:
        return True
    return user.has_perm(f"registers.{codename}", register)
