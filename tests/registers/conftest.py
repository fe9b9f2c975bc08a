from dataclasses import dataclass

import pytest

from registers.choices import RegisterLevel
from registers.models import Campaign, Register
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory


@dataclass
class Registers:
    campaign: Campaign
    dept: Register  # the filler's department register
    other: Register  # another department's register (outsider's)
    unit: Register  # the bureau's unit-level register
    post: Register  # the filler's key post


@pytest.fixture
def registers(cast: Cast) -> Registers:
    campaign = CampaignFactory(started_at="2026-07-01T00:00:00+08:00")
    return Registers(
        campaign=campaign,
        dept=RegisterFactory(campaign=campaign, unit=cast.dept, level=RegisterLevel.DEPARTMENT),
        other=RegisterFactory(
            campaign=campaign, unit=cast.other_dept, level=RegisterLevel.DEPARTMENT
        ),
        unit=RegisterFactory(campaign=campaign, unit=cast.bureau, level=RegisterLevel.UNIT),
        post=RegisterFactory(
            campaign=campaign, unit=cast.dept, level=RegisterLevel.POST, post=cast.key_post
        ),
    )
