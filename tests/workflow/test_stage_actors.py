"""Who acts at each stage comes from the transition table (Move.actor) alone: the stage
permissions, the notices of a step and the schedule's reminders all follow it, and its two
resolutions against the org — `fits` (may this user act?) and `people_acting` (who are they?) —
name the same people."""

from datetime import timedelta

import pytest

from notifications.models import Notification
from orgs.models import User
from registers.choices import RegisterLevel, RegisterState
from registers.models import Register
from schedule.services import reminders_sweep
from tests.campaign_world import DEADLINE, World
from tests.conftest import Cast
from tests.factories import RegisterFactory
from tests.walk import walk_to
from workflow.permissions import (
    STAGE_PERMISSIONS,
    UNSTAGED_ACTIONS,
    fits,
    people_acting,
    required_permission,
    stage_holders,
)
from workflow.selectors import INBOX_STAGES
from workflow.transitions import TRANSITIONS, Action, Actor, Move, actor_reaching, stage_actor

pytestmark = pytest.mark.django_db

S = RegisterState


def test_each_state_has_one_actor_and_it_is_the_tables() -> None:
    assert {state: stage_actor(state) for state in S} == {
        S.DRAFT: Actor.FILLER,
        S.RETURNED: Actor.FILLER,
        S.SUBMITTED: Actor.SIGNER,
        S.SIGNED: Actor.COMMITTEE,
        S.APPROVED: Actor.PARTY_GROUP,
        S.DELIBERATED: Actor.PUBLISHER,
        S.PUBLISHED: Actor.FILLER_OR_PUBLISHER,
    }


def test_a_table_with_two_actors_at_one_stage_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # A stage's approval and its return must belong to the same people, or "who acts here?"
    # would have two answers.
    monkeypatch.setitem(TRANSITIONS, (S.SIGNED, Action.RETURN), Move(S.RETURNED, Actor.SIGNER))
    with pytest.raises(ValueError, match="several actors"):
        stage_actor(S.SIGNED)


def test_stage_permissions_and_inbox_sections_follow_the_stages() -> None:
    assert STAGE_PERMISSIONS == {
        S.SUBMITTED: "sign_register",
        S.SIGNED: "review_register",
        S.APPROVED: "deliberate_register",
        S.DELIBERATED: "publish_register",
    }
    assert set(INBOX_STAGES) == set(STAGE_PERMISSIONS)
    # The fillers' own moves need no stage permission; every other move its stage's.
    assert set(UNSTAGED_ACTIONS) == {Action.SUBMIT, Action.REOPEN}
    assert required_permission(state=S.SUBMITTED, action=Action.RETURN) == "sign_register"
    assert required_permission(state=S.PUBLISHED, action=Action.REOPEN) is None


@pytest.mark.parametrize(
    ("state", "with_party_group", "without_party_group"),
    [
        (S.DRAFT, None, None),
        (S.RETURNED, None, None),
        (S.SUBMITTED, Actor.FILLER, Actor.FILLER),
        (S.SIGNED, Actor.SIGNER, Actor.SIGNER),
        # Without the party group the committee's approval goes past "approved".
        (S.APPROVED, Actor.COMMITTEE, Actor.COMMITTEE),
        (S.DELIBERATED, Actor.PARTY_GROUP, Actor.COMMITTEE),
        (S.PUBLISHED, Actor.PUBLISHER, Actor.PUBLISHER),
    ],
)
def test_who_brings_a_register_to_a_state(
    state: str, with_party_group: Actor | None, without_party_group: Actor | None, world: World
) -> None:
    campaign = world.campaign
    assert actor_reaching(state=state, campaign=campaign) == with_party_group
    campaign.has_party_group_stage = False
    assert actor_reaching(state=state, campaign=campaign) == without_party_group


@pytest.fixture
def registers(cast: Cast, world: World) -> list[Register]:
    """A department register, a key post's, and a unit register of the bureau."""
    bureau_register = RegisterFactory(
        campaign=world.campaign, unit=cast.bureau, level=RegisterLevel.UNIT
    )
    return [world.dept_register, world.post_register, bureau_register]


def _without_admin(user: User) -> User:
    """A fresh copy of `user` (no cached roles) that is no administrator."""
    copy = User.objects.get(pk=user.pk)
    copy.is_staff = copy.is_superuser = False
    return copy


@pytest.mark.parametrize("actor", list(Actor))
def test_the_people_acting_are_those_who_fit(
    actor: Actor, cast: Cast, registers: list[Register]
) -> None:
    User.objects.create(username="party", name="钱党组", is_party_group_member=True)
    User.objects.create(username="gone", name="离职", unit=cast.dept, is_active=False)
    everyone = list(User.objects.all())
    for register in registers:
        may = {user.username for user in everyone if fits(user, register, actor)}
        people = {user.username for user in people_acting(actor, on=register, standing_in=True)}
        assert people == may, (actor, register.level)
        # Administrators may stand in, but nobody waits for them: those told of a stage or
        # reminded of it are those who would fit it without being administrators.
        told = {user.username for user in people_acting(actor, on=register)}
        assert told == {
            user.username for user in everyone if fits(_without_admin(user), register, actor)
        }, (actor, register.level)


def test_the_people_acting_on_a_unit_sign_or_fill_its_registers(cast: Cast) -> None:
    names = {
        actor: {user.username for user in people_acting(actor, on=cast.dept)} for actor in Actor
    }
    assert names[Actor.FILLER] == {"filler", "head"}
    assert names[Actor.SIGNER] == {"head", "leader"}
    assert names[Actor.COMMITTEE] == {"committee"}
    assert people_acting(None, on=cast.dept) == []


def _table_with_the_party_group_reviewing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed table: the party group, not the committee, reviews signed registers."""
    for action, to_state in ((Action.APPROVE, S.APPROVED), (Action.RETURN, S.RETURNED)):
        old = TRANSITIONS[(S.SIGNED, action)]
        monkeypatch.setitem(
            TRANSITIONS,
            (S.SIGNED, action),
            Move(to_state, Actor.PARTY_GROUP, old.to_state_without_party_group),
        )


def test_notices_and_stage_permissions_follow_a_changed_table(
    monkeypatch: pytest.MonkeyPatch, world: World
) -> None:
    party = User.objects.create(username="party", name="钱党组", is_party_group_member=True)
    _table_with_the_party_group_reviewing(monkeypatch)
    register = walk_to(world.dept_register, S.SIGNED)
    # The signature is announced to the stage's new actor, who also holds its permission.
    signed = Notification.objects.filter(register=register, kind="signed")
    assert {note.recipient.username for note in signed} == {"party"}
    assert stage_holders(register) == [party]
    assert party.has_perm("registers.review_register", register)
    assert not world.cast.committee.has_perm("registers.review_register", register)


def test_reminders_follow_a_changed_table(monkeypatch: pytest.MonkeyPatch, world: World) -> None:
    User.objects.create(username="party", name="钱党组", is_party_group_member=True)
    _table_with_the_party_group_reviewing(monkeypatch)
    task = world.submit_task
    task.required_state = S.APPROVED
    task.save()
    reminders_sweep(today=DEADLINE - timedelta(days=7))
    reminded = set(
        Notification.objects.filter(kind="reminder").values_list("recipient__username", flat=True)
    )
    assert reminded == {"party"}
