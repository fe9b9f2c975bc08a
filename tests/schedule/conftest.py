"""The `world` fixture (see tests/campaign_world.py), and the completion sources of a test."""

from collections.abc import Iterator

import pytest

from schedule import completion
from schedule.completion import CompletionSource
from tests.campaign_world import World, campaign_world
from tests.conftest import Cast


@pytest.fixture
def world(cast: Cast) -> World:
    return campaign_world(cast)


@pytest.fixture
def sources() -> Iterator[list[CompletionSource]]:
    """The completion sources, emptied for the test (other apps register theirs at start-up):
    append to the list to register one for this test only."""
    saved = list(completion._SOURCES)
    completion._SOURCES.clear()
    yield completion._SOURCES
    completion._SOURCES[:] = saved
