"""Workflow fixtures: the cast plus a party group member, a campaign, a department register with
two entries, and helpers to put a register at a stage."""

import pytest
from django.db.models import Q

from orgs.models import User
from registers.choices import RegisterLevel, RegisterState
from registers.models import Campaign, Register
from tests.campaign_world import World, campaign_world
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory, RiskEntryFactory, UserFactory
from workflow import services
from workflow.models import Signature
from workflow.permissions import stage_holders

ROLES = ("filler", "head", "leader", "principal", "committee", "admin", "outsider", "party")


@pytest.fixture
def party(cast: Cast) -> User:
    return UserFactory(
        username="party", name="钱党组", unit=cast.bureau, is_party_group_member=True
    )


@pytest.fixture
def people(cast: Cast, party: User) -> dict[str, User]:
    return {**cast.users(), "party": party}


@pytest.fixture
def campaign(db: None) -> Campaign:
    return CampaignFactory()


@pytest.fixture
def register(cast: Cast, campaign: Campaign) -> Register:
    register = RegisterFactory(campaign=campaign, unit=cast.dept, level=RegisterLevel.DEPARTMENT)
    RiskEntryFactory(register=register, risk="审批中吃拿卡要")
    RiskEntryFactory(register=register, risk="违规干预审批")
    return register


def put_at(register: Register, state: str) -> Register:
    """Place `register` at `state` as the workflow would have left it: a valid signature of its
    content from the signed stage on, and the stage's object permissions granted."""
    Register.objects.filter(pk=register.pk).update(state=state)
    register.refresh_from_db()
    if state in (
        RegisterState.SIGNED,
        RegisterState.APPROVED,
        RegisterState.DELIBERATED,
        RegisterState.PUBLISHED,
    ):
        from django.utils import timezone

        from workflow.permissions import signer_of

        Signature.objects.create(
            register=register,
            signer=signer_of(register) or User.objects.first(),
            signed_at=timezone.now(),
            digest=services.register_digest(register=register),
            version=register.version,
            revision=register.revision,
        )
    admin = User.objects.filter(Q(is_superuser=True)).first()
    services._sync_stage_permissions(register=register, actor=admin)
    assert stage_holders(register) is not None
    return register


@pytest.fixture
def world(cast: Cast) -> World:
    """The notice tests' campaign (tests/campaign_world.py)."""
    return campaign_world(cast)
