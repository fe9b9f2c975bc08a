import pytest

from tests.conftest import Cast
from tests.security.routes import World, build_world


@pytest.fixture
def world(cast: Cast) -> World:
    return build_world(cast)
