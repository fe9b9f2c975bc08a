"""Who may act on a register, derived from the org (DESIGN.md "Who signs"), and the guardian
object permissions that mirror the current stage: the services grant a stage's permission to the
people concerned when a register reaches that stage and revoke it when it leaves, so a view can
ask guardian "may this user sign this register?" with one query.

Who acts at each stage is the transition table's (workflow.transitions, Move.actor); this module
only resolves an Actor against the org, two ways: `fits` (may this user act?) and
`people_acting` (who are they, for a register or for a unit?). Notices, stage permissions, the
inbox and the schedule's reminders all ask through these two."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from notifications.services import unique_people
from orgs.choices import UnitKind
from orgs.models import Unit, User
from orgs.permissions import admin_users, is_admin
from registers.choices import RegisterLevel, RegisterState
from registers.models import Register
from registers.permissions import can_fill
from workflow.transitions import TRANSITIONS, Actor, move_for, stage_actor

# The object permission (codename on registers.Register) held by whoever acts at a review stage.
# The filler's own moves (submit, reopen) need none: they follow can_fill.
ACTOR_PERMISSIONS: dict[Actor, str] = {
    Actor.SIGNER: "sign_register",
    Actor.COMMITTEE: "review_register",
    Actor.PARTY_GROUP: "deliberate_register",
    Actor.PUBLISHER: "publish_register",
}
# The object permission each review stage grants: the permission of the stage's actor.
STAGE_PERMISSIONS: dict[str, str] = {
    state: ACTOR_PERMISSIONS[actor]
    for state in RegisterState
    if (actor := stage_actor(state)) is not None and actor in ACTOR_PERMISSIONS
}
# Actions the table gives only to actors without a stage permission: the fillers' own moves.
UNSTAGED_ACTIONS: frozenset[str] = frozenset(action for _state, action in TRANSITIONS) - frozenset(
    action for (_state, action), move in TRANSITIONS.items() if move.actor in ACTOR_PERMISSIONS
)
PERMISSION_NAMES: dict[str, str] = {
    "sign_register": "Can sign the register (签字)",
    "review_register": "Can review the register (纪委审核)",
    "deliberate_register": "Can deliberate the register (党组研究)",
    "publish_register": "Can publish the register (公示)",
}


# The actors who decide on a register rather than fill it: never the person whose own register
# it is (a committee member's, a party-group member's personal register).
DECIDING_ACTORS = frozenset({Actor.SIGNER, Actor.COMMITTEE, Actor.PARTY_GROUP, Actor.PUBLISHER})


def principal_above(unit: Unit | None) -> User | None:
    """The principal of the nearest unit at or above `unit` that has one."""
    node = unit
    while node is not None and not (node.is_principal_unit and node.head_id):
        node = node.parent
    return node.head if node is not None else None


def _holds_leadership(users: QuerySet[User]) -> bool:
    return Unit.objects.filter(Q(head__in=users) | Q(leader_in_charge__in=users)).exists()


def _personal_signer(person: User, unit: Unit) -> User | None:
    """Who signs `person`'s own register (kept by `unit`, the unit he belonged to when the
    campaign started), by document 004 (主管领导审定):
    - a principal (head of a principal unit) → the committee (None here);
    - a deputy (副职: in a principal unit, leader in charge of some unit) → the principal;
    - a department head (中层干部) or a party-branch secretary → the leader in charge of the
      department he heads (of his unit, for a secretary), else the principal above it;
    - anyone else → the head of his unit, else its leader in charge, else the principal above.
    Never the person himself nor an inactive account: then one level up, finally the committee."""
    led = list(Unit.objects.filter(Q(head=person) | Q(leader_in_charge=person)))
    headed = [u for u in led if u.head_id == person.pk]
    if any(u.is_principal_unit for u in headed):
        return None
    candidates: list[User | None]
    if unit.is_principal_unit and any(u.leader_in_charge_id == person.pk for u in led):
        candidates = [principal_above(unit)]
    elif person.is_party_branch_secretary or any(u.kind == UnitKind.DEPARTMENT for u in headed):
        department = next((u for u in headed if u.kind == UnitKind.DEPARTMENT), unit)
        candidates = [department.leader_in_charge, principal_above(department)]
    else:
        candidates = [unit.head, unit.leader_in_charge, principal_above(unit)]
    # One level up from his unit's principal, for whoever the rule leads back to himself.
    candidates.append(principal_above(unit.parent))
    return next(
        (c for c in candidates if c is not None and c.is_active and c.pk != person.pk), None
    )


def signer_of(register: Register) -> User | None:
    """Department register → its leader in charge; unit and 三重一大 registers → the unit's
    principal; post register → the department head, but a deputy's (the post is held by a head
    or a leader) → the principal (doc 004); a person's own register → see _personal_signer.
    None for a PERSONAL register means the committee signs it (signed_by_committee)."""
    unit = register.unit
    if register.level == RegisterLevel.PERSONAL:
        return _personal_signer(register.person, unit) if register.person is not None else None
    if register.level == RegisterLevel.DEPARTMENT:
        return unit.leader_in_charge
    if register.level in (RegisterLevel.UNIT, RegisterLevel.MAJOR):
        return unit.head if unit.is_principal_unit else principal_above(unit)
    if register.post_id is None:
        return unit.head
    holders = User.objects.filter(post_id=register.post_id)
    if _holds_leadership(holders):
        return principal_above(unit)
    return unit.head


def signed_by_committee(register: Register) -> bool:
    """A principal's own register (or one whose rule finds nobody else) is signed by the
    discipline committee: any active member other than the person himself."""
    return register.level == RegisterLevel.PERSONAL and signer_of(register) is None


def _committee_signers(register: Register) -> QuerySet[User]:
    members = User.objects.filter(is_committee_member=True, is_active=True)
    if register.person_id is not None:
        members = members.exclude(pk=register.person_id)
    return members


def _unit_fillers(unit: Unit) -> list[User]:
    """The unit's members (经办人 and colleagues) and its head."""
    people = list(User.objects.filter(unit=unit, is_active=True))
    if unit.head is not None and unit.head.is_active and unit.head not in people:
        people.append(unit.head)
    return people


def _register_fillers(register: Register) -> list[User]:
    """Who fills the register: the holders of the post for a post-level register (the unit's
    members while the post is vacant, so that somebody hears of it), otherwise the unit's
    members and head."""
    if register.level == RegisterLevel.PERSONAL:
        person = register.person
        return [person] if person is not None and person.is_active else []
    if register.level == RegisterLevel.POST and register.post_id is not None:
        holders = list(User.objects.filter(post_id=register.post_id, is_active=True))
        if holders:
            return holders
    return _unit_fillers(register.unit)


def fits(user: User, register: Register, actor: Actor) -> bool:
    """Does `user` fit the table's actor rule for `register`?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if actor == Actor.FILLER:
        return can_fill(user, register)
    if actor in DECIDING_ACTORS and register.person_id == user.pk:
        return False  # nobody signs, reviews, deliberates or publishes his own register
    if actor == Actor.SIGNER:
        signer = signer_of(register)
        if signer is None and register.level == RegisterLevel.PERSONAL:
            return user.is_committee_member
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


def handles_feedback(user: User) -> bool:
    """Supervision opinions (监督意见) are the committee's to handle; administrators may too."""
    return bool(user.is_authenticated and (user.is_committee_member or is_admin(user)))


def may_act(user: User, register: Register, action: str) -> bool:
    """The org-derived right to make `action` on `register` in its current state."""
    move = move_for(state=register.state, action=action)
    return move is not None and fits(user, register, move.actor)


def people_acting(
    actor: Actor | None, *, on: Register | Unit, standing_in: bool = False
) -> list[User]:
    """The active people who act as `actor` on a register, or on the registers of a unit (the
    schedule chases units): the unit's members and head fill them (a post register: the post's
    holders and the head); the register's signer signs it (see signer_of) — for a unit, its head
    and its leader in charge, who sign its post and department registers; the committee reviews,
    the party group deliberates, the committee publishes. No actor: nobody.

    Administrators may make every move the table opens to a filler or a publisher (`fits`), but
    the workflow never waits for them: they are among the people only with `standing_in` (the
    stage permission that lets them act), never among those notified or reminded."""
    register, unit = (on, on.unit) if isinstance(on, Register) else (None, on)
    people: list[User | None] = []
    if actor in (Actor.FILLER, Actor.FILLER_OR_PUBLISHER):
        people += _register_fillers(register) if register is not None else _unit_fillers(unit)
        if register is None or register.level != RegisterLevel.PERSONAL:
            people.append(unit.head)
    if actor == Actor.SIGNER:
        if register is not None:
            signer = signer_of(register)
            if signer is None and register.level == RegisterLevel.PERSONAL:
                people += _committee_signers(register)
            else:
                people.append(signer)
        else:
            people += [unit.head, unit.leader_in_charge]
    group = Q()
    if actor in (Actor.COMMITTEE, Actor.PUBLISHER, Actor.FILLER_OR_PUBLISHER):
        group |= Q(is_committee_member=True)
    if actor == Actor.PARTY_GROUP:
        group |= Q(is_party_group_member=True)
    if standing_in and actor in (Actor.FILLER, Actor.PUBLISHER, Actor.FILLER_OR_PUBLISHER):
        group |= admin_users()
    if group:
        people += User.objects.filter(group, is_active=True)
    if register is not None and register.person_id is not None and actor in DECIDING_ACTORS:
        people = [p for p in people if p is not None and p.pk != register.person_id]
    return unique_people(people)


def missing_signer_refusal(register: Register) -> str:
    """A person's own register that nobody may sign (no leader above him and no other committee
    member) is not submitted: it would wait where nobody sees it. A submit check (see
    workflow.transitions.on_submit_check), registered in WorkflowConfig.ready."""
    if register.level != RegisterLevel.PERSONAL or people_acting(Actor.SIGNER, on=register):
        return ""
    return gettext(
        "目前没有可以为本清单签字的领导或纪委成员(岗位空缺或账号已停用),请联系管理员调整组织"
        "机构后再提交。"
    )


def stage_holders(register: Register) -> list[User]:
    """Who receives the current stage's object permission: whoever may act at the stage (an
    administrator standing in included, where the table lets him)."""
    if register.state not in STAGE_PERMISSIONS:
        return []
    return people_acting(stage_actor(register.state), on=register, standing_in=True)


def required_permission(*, state: str, action: str) -> str | None:
    """The object permission a view demands for `action` in `state`; None for the filler's own
    moves (submit, reopen), which follow can_fill rather than a stage."""
    if action in UNSTAGED_ACTIONS:
        return None
    return STAGE_PERMISSIONS.get(state)


def has_stage_permission(user: User, register: Register, action: str) -> bool:
    codename = required_permission(state=register.state, action=action)
    if codename is None:
        return True
    return user.has_perm(f"registers.{codename}", register)
