"""Bring a register to a workflow state the way the app does: through the workflow services, one
move of the transition table after another, each made by a person the org allows to make it.

No test writes a register's state, a Transition or a Signature by hand: a state reached here is
one the app can reach, with everything the services leave on the way (the transitions, a valid
signature of the content, the stage's object permissions, the notifications and audit rows).
"""

from collections import deque

from orgs.models import User
from registers.models import Register
from tests.factories import TEST_PASSWORD
from workflow import services
from workflow.permissions import may_act
from workflow.transitions import TRANSITIONS, Action, party_group_stage

RETURN_REASON = "请补充防控措施"


def _path(register: Register, state: str) -> list[Action]:
    """The shortest run of moves from the register's state to `state` (breadth first over the
    table, with the register's party-group stage taken into account)."""
    stage = party_group_stage(register)
    before: dict[str, tuple[str, Action] | None] = {register.state: None}
    queue = deque([register.state])
    while queue:
        current = queue.popleft()
        if current == state:
            path: list[Action] = []
            step = before[current]
            while step is not None:
                path.insert(0, step[1])
                step = before[step[0]]
            return path
        for (source, action), move in TRANSITIONS.items():
            target = move.target(party_group_stage=stage)
            if source == current and target not in before:
                before[target] = (current, Action(action))
                queue.append(target)
    raise ValueError(f"no run of moves leads from {register.state} to {state}")


def _actor(register: Register, action: Action) -> User:
    """The first person (oldest account first) whom the org allows to make `action` now."""
    for user in User.objects.filter(is_active=True).order_by("pk"):
        if may_act(user, register, action):
            return user
    raise LookupError(
        f"nobody may {action} {register} in state {register.state}: the test must create "
        "such a person first (e.g. a party-group member, or the register's signer)"
    )


def _move(register: Register, action: Action, actor: User, password: str) -> None:
    if action == Action.SIGN:
        services.register_sign(register=register, actor=actor, password=password)
    elif action == Action.RETURN:
        services.register_return(register=register, actor=actor, reason=RETURN_REASON)
    elif action == Action.SUBMIT:
        services.register_submit(register=register, actor=actor)
    elif action == Action.APPROVE:
        services.register_approve(register=register, actor=actor)
    elif action == Action.DELIBERATE:
        services.register_deliberate(register=register, actor=actor)
    elif action == Action.PUBLISH:
        services.register_publish(register=register, actor=actor)
    elif action == Action.REOPEN:
        services.register_reopen(register=register, actor=actor)
    else:
        raise ValueError(f"{action} is not a move people make")


def walk_to(register: Register, state: str, *, password: str = TEST_PASSWORD) -> Register:
    """Move `register` to `state` through the services and return it, refreshed (the caller's
    instance is refreshed too). The signer signs with `password`: the factories' by default,
    the demo's for the demo organization."""
    register.refresh_from_db()
    for action in _path(register, state):
        _move(register, action, _actor(register, action), password)
        register.refresh_from_db()
    assert register.state == state, (register.state, state)
    return register
