"""The `world` fixture: see tests/campaign_world.py."""

import pytest

from tests.campaign_world import World, campaign_world
from tests.conftest import Cast


@pytest.fixture
def world(cast: Cast) -> World:
    return campaign_world(cast)
