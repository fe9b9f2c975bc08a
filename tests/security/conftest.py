"""The security tests' world and the crawl of every route as every member of the cast, built once
and shared by the test modules that follow one another, rather than once per test.

Building the world (a started campaign, a register taken through the whole workflow) and
crawling it (some 1,400 requests) were most of these tests' time, and the tests only read them.
The world is written inside a transaction, exactly as Django's TestCase does for
`setUpTestData`, and rolled back once no following module asks for it: as soon as a test that
uses the database without `world` comes next (tests/security/test_sessions.py builds its own
cast), or at the end. Each module runs inside a savepoint of its own (what it writes at module
level, e.g. test_xss.py's payload, is undone after it), and each test inside one more, rolled
back at its end as usual; so every test starts from the world as it was built.

A test in a module that uses `world` sees it whether it asks for it or not: a database test that
needs an empty database belongs in another module.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import TestCase, override_settings
from pytest_django import DjangoDbBlocker

from registers.categories import seed_category_sets
from registers.models import Category, CategorySet
from tests.conftest import build_cast
from tests.security.routes import Page, World, build_world, crawl

HERE = Path(__file__).resolve().parent
DB_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "django_db_reset_sequences", "world"}
)


class _Shared:
    """The world while it lives (between modules too), and its crawl once made."""

    atomics: Any = None
    world: World | None = None
    pages: list[Page] | None = None


def _uses_db(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DB_FIXTURES) or item.get_closest_marker("django_db") is not None


def _world_wanted_after(module: pytest.Module, items: list[pytest.Item]) -> bool:
    """Whether the next test of the run that uses the database is one of ours using the world.

    Under pytest-xdist a worker runs only some of `items`, in an order the scheduler decides, so
    the next test it runs is unknown: the world is then rebuilt for each module."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return False
    following = False
    for item in items:
        if item.path == module.path:
            following = True
            continue
        if following and _uses_db(item):
            return item.path.is_relative_to(HERE) and "world" in getattr(item, "fixturenames", ())
    return False


def _drop_world(django_db_blocker: DjangoDbBlocker) -> None:
    if _Shared.atomics is not None:
        with django_db_blocker.unblock():
            TestCase._rollback_atomics(_Shared.atomics)  # type: ignore[attr-defined]
    _Shared.atomics = _Shared.world = _Shared.pages = None


@pytest.fixture(scope="session")
def _shared_world_dropped(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    # A run stopped early (-x) leaves no module to drop it.
    yield
    _drop_world(django_db_blocker)


@pytest.fixture(scope="module")
def module_world(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
    _shared_world_dropped: None,
) -> Iterator[World]:
    anchor = Path(tmp_path_factory.mktemp("anchor")) / "audit-anchor.log"
    # Outside the per-test fixtures' overrides: keep the anchor out of the developer's var/.
    with override_settings(AUDIT_ANCHOR_PATH=anchor):
        if _Shared.world is None:
            with django_db_blocker.unblock():
                _Shared.atomics = TestCase._enter_atomics()  # type: ignore[attr-defined]
                cache.clear()
                # A transactional test before this module flushed the migration's rows.
                seed_category_sets(CategorySet, Category)
                _Shared.world = build_world(build_cast())
        with django_db_blocker.unblock():
            module_atomics = TestCase._enter_atomics()  # type: ignore[attr-defined]
        try:
            yield _Shared.world
        finally:
            with django_db_blocker.unblock():
                TestCase._rollback_atomics(module_atomics)  # type: ignore[attr-defined]
            if not _world_wanted_after(request.node, request.session.items):  # type: ignore[arg-type]
                _drop_world(django_db_blocker)


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return module_world


def crawl_once(world: World, django_db_blocker: DjangoDbBlocker) -> list[Page]:
    """`crawl(world)` at module level. Its GETs add only sessions, sign-in records and audit rows
    (of the sign-ins and the exports), into the module's savepoint."""
    with django_db_blocker.unblock():
        cache.clear()  # as at the start of a test (tests/conftest.py)
        return crawl(world)


@pytest.fixture(scope="module")
def pages(module_world: World, django_db_blocker: DjangoDbBlocker) -> list[Page]:
    """Every route as every member of the cast (ACTORS, in order), crawled once for the world
    and shared by the modules that read it. A module that changes the world crawls it itself
    (test_xss.py)."""
    if _Shared.pages is None:
        _Shared.pages = crawl_once(module_world, django_db_blocker)
    return _Shared.pages
