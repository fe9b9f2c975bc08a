"""Every (state, action, role) combination against one expected-result table, driven through the
services on a department register of `dept` (signer: its leader in charge).

    ok   the move succeeds and the register reaches the table's target state
    403  the move exists in this state but the role may not make it (PermissionDenied)
    -    the move does not exist in this state (DomainError), whoever tries
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from registers.choices import RegisterState
from registers.exceptions import DomainError
from registers.models import Register
from tests.factories import TEST_PASSWORD
from tests.walk import walk_to
from tests.workflow.conftest import ROLES
from workflow import services
from workflow.models import Transition
from workflow.transitions import TRANSITIONS, USER_ACTIONS, Action, party_group_stage

EXPECTED = """
state        action      filler head leader principal committee admin outsider party
draft        submit      ok     ok   403    403       403       ok    403      403
draft        sign        -      -    -      -         -         -     -        -
draft        return      -      -    -      -         -         -     -        -
draft        approve     -      -    -      -         -         -     -        -
draft        deliberate  -      -    -      -         -         -     -        -
draft        publish     -      -    -      -         -         -     -        -
draft        reopen      -      -    -      -         -         -     -        -
submitted    submit      -      -    -      -         -         -     -        -
submitted    sign        403    403  ok     403       403       403   403      403
submitted    return      403    403  ok     403       403       403   403      403
submitted    approve     -      -    -      -         -         -     -        -
submitted    deliberate  -      -    -      -         -         -     -        -
submitted    publish     -      -    -      -         -         -     -        -
submitted    reopen      -      -    -      -         -         -     -        -
signed       submit      -      -    -      -         -         -     -        -
signed       sign        -      -    -      -         -         -     -        -
signed       return      403    403  403    403       ok        403   403      403
signed       approve     403    403  403    403       ok        403   403      403
signed       deliberate  -      -    -      -         -         -     -        -
signed       publish     -      -    -      -         -         -     -        -
signed       reopen      -      -    -      -         -         -     -        -
approved     submit      -      -    -      -         -         -     -        -
approved     sign        -      -    -      -         -         -     -        -
approved     return      403    403  403    403       403       403   403      ok
approved     approve     -      -    -      -         -         -     -        -
approved     deliberate  403    403  403    403       403       403   403      ok
approved     publish     -      -    -      -         -         -     -        -
approved     reopen      -      -    -      -         -         -     -        -
deliberated  submit      -      -    -      -         -         -     -        -
deliberated  sign        -      -    -      -         -         -     -        -
deliberated  return      403    403  403    403       ok        ok    403      403
deliberated  approve     -      -    -      -         -         -     -        -
deliberated  deliberate  -      -    -      -         -         -     -        -
deliberated  publish     403    403  403    403       ok        ok    403      403
deliberated  reopen      -      -    -      -         -         -     -        -
published    submit      -      -    -      -         -         -     -        -
published    sign        -      -    -      -         -         -     -        -
published    return      -      -    -      -         -         -     -        -
published    approve     -      -    -      -         -         -     -        -
published    deliberate  -      -    -      -         -         -     -        -
published    publish     -      -    -      -         -         -     -        -
published    reopen      ok     ok   403    403       ok        ok    403      403
returned     submit      ok     ok   403    403       403       ok    403      403
returned     sign        -      -    -      -         -         -     -        -
returned     return      -      -    -      -         -         -     -        -
returned     approve     -      -    -      -         -         -     -        -
returned     deliberate  -      -    -      -         -         -     -        -
returned     publish     -      -    -      -         -         -     -        -
returned     reopen      -      -    -      -         -         -     -        -
"""


def _table() -> dict[tuple[str, str], dict[str, str]]:
    lines = [line.split() for line in EXPECTED.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert tuple(header[2:]) == ROLES
    return {(row[0], row[1]): dict(zip(ROLES, row[2:], strict=True)) for row in rows}


TABLE = _table()


def test_the_table_covers_every_state_and_action_and_agrees_with_the_transitions() -> None:
    assert set(TABLE) == {(state, action) for state in RegisterState for action in USER_ACTIONS}
    for (state, action), outcomes in TABLE.items():
        has_move = (state, action) in TRANSITIONS
        assert has_move == any(outcome != "-" for outcome in outcomes.values()), (state, action)


def _call(action: str, register: Register, actor) -> None:
    if action == Action.SIGN:
        services.register_sign(register=register, actor=actor, password=TEST_PASSWORD)
    elif action == Action.RETURN:
        services.register_return(register=register, actor=actor, reason="请补充防控措施")
    else:
        services.ACTION_SERVICES[Action(action)](register=register, actor=actor)


@pytest.mark.parametrize(("state", "action"), sorted(TABLE))
def test_state_action_role(state: str, action: str, register: Register, people) -> None:
    walk_to(register, state)
    for role, expected in TABLE[(state, action)].items():
        transitions_before = Transition.objects.count()
        with transaction.atomic():
            register.refresh_from_db()
            if expected == "ok":
                _call(action, register, people[role])
                register.refresh_from_db()
                move = TRANSITIONS[(state, action)]
                assert register.state == move.target(
                    party_group_stage=party_group_stage(register)
                ), role
                assert Transition.objects.count() == transitions_before + 1
                last = Transition.objects.latest("id")
                assert (last.action, last.from_state, last.actor) == (action, state, people[role])
            elif expected == "403":
                with pytest.raises(PermissionDenied):
                    _call(action, register, people[role])
            else:
                with pytest.raises(DomainError):
                    _call(action, register, people[role])
            transaction.set_rollback(True)
        register.refresh_from_db()
        assert register.state == state, (role, "changed state after rollback")
