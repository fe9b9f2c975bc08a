"""The security tests' world, built once per test module rather than once per test, and the crawl
of every route as every member of the cast, made once per module for the tests that only read
the pages.

Building the world (a started campaign, a register taken through the whole workflow) and
crawling it were most of these tests' time, and the tests only read them. The world is written
inside a transaction opened for the module, exactly as Django's TestCase does for
`setUpTestData`, and rolled back after the module's last test; each test still runs in its own
savepoint, rolled back at its end, so every test starts from the world as it was built, whatever
the test before it wrote. So: in a module that uses `world`, a test that uses the database uses
`world` (or it sees the module's world without asking for it).
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import TestCase, override_settings
from pytest_django import DjangoDbBlocker

from registers.categories import seed_category_sets
from registers.models import Category, CategorySet
from tests.conftest import build_cast
from tests.security.routes import Page, World, build_world, crawl


@pytest.fixture(scope="module")
def module_world(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    anchor = Path(tmp_path_factory.mktemp("anchor")) / "audit-anchor.log"
    # Outside the per-test fixtures' overrides: keep the anchor out of the developer's var/.
    with override_settings(AUDIT_ANCHOR_PATH=anchor):
        with django_db_blocker.unblock():
            atomics = TestCase._enter_atomics()  # type: ignore[attr-defined]
        try:
            with django_db_blocker.unblock():
                cache.clear()
                # A transactional test before this module flushed the migration's rows.
                seed_category_sets(CategorySet, Category)
                world = build_world(build_cast())
            yield world
        finally:
            with django_db_blocker.unblock():
                TestCase._rollback_atomics(atomics)  # type: ignore[attr-defined]


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return module_world


def crawl_once(world: World, django_db_blocker: DjangoDbBlocker) -> list[Page]:
    """`crawl(world)` for a module fixture. Its GETs write only sign-in sessions, last-login times
    and the exports' audit rows, into the module's transaction."""
    with django_db_blocker.unblock():
        cache.clear()  # as at the start of a test (tests/conftest.py)
        return crawl(world)


@pytest.fixture(scope="module")
def pages(module_world: World, django_db_blocker: DjangoDbBlocker) -> list[Page]:
    """Every route as every member of the cast (ACTORS, in order), crawled once per module."""
    return crawl_once(module_world, django_db_blocker)
