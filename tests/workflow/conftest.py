"""Workflow fixtures: the cast plus a party group member, a campaign, a department register with
two entries, and the notice tests' world. To put a register at a stage, see tests/walk.py."""

import pytest

from orgs.models import User
from registers.choices import RegisterLevel
from registers.models import Campaign, Register
from tests.campaign_world import World, campaign_world
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory, RiskEntryFactory, UserFactory

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


@pytest.fixture
def world(cast: Cast) -> World:
    """The notice tests' campaign (tests/campaign_world.py)."""
    return campaign_world(cast)
