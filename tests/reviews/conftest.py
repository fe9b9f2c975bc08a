"""The test organization (tests/conftest.py) with a started campaign and an open 回头看 round."""

import pytest

from registers.models import Campaign
from reviews.models import ReviewRound
from tests.conftest import Cast
from tests.reviews.world import open_round, started_campaign


@pytest.fixture
def campaign(cast: Cast) -> Campaign:
    return started_campaign(cast)


@pytest.fixture
def review_round(cast: Cast, campaign: Campaign) -> ReviewRound:
    return open_round(cast, campaign)
