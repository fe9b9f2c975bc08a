"""The fixed cast of users of STYLE.md, in a small organization of their own.

bureau (principal; leader_in_charge oversees dept)
├── dept          head, filler (on a key post)          leader in charge: leader
└── other_dept    other_head, outsider                  leader in charge: other_leader
committee member and admin sit in the bureau
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings

from config import settings as production_settings
from config.celery import app as celery_app
from orgs.choices import UnitKind
from orgs.models import Post, Unit, User
from registers.categories import seed_category_sets
from registers.models import Category, CategorySet
from tests.factories import PostFactory, UnitFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _celery_eager() -> None:
    # Tests run tasks in-process unless a test starts a real worker itself (the Redis tests do).
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


# Production's first hasher (Argon2, checked by tests/config/test_settings.py) costs about 0.35 s a
# hash here and a sign-in with a PBKDF2 hash twice that: every sign-in, signing password and
# lockout attempt of the suite paid it. The tests check who may sign in, not how hard the hash is
# to crack; the production hashers stay listed so that any hash they made still verifies.
FAST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *production_settings.PASSWORD_HASHERS,
]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher() -> Iterator[None]:
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture
def production_password_hashers(settings: Any) -> None:
    """For a test of the production hashers themselves: config/settings.py's list, as deployed."""
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _audit_anchor_per_test(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    # The audit anchor lives outside the database on purpose, so no test database would match the
    # developer's var/audit-anchor.log: each test gets its own (not yet created) anchor file.
    base = tmp_path_factory.getbasetemp()
    settings.AUDIT_ANCHOR_PATH = base / f"audit-anchor-{uuid.uuid4().hex}.log"


@pytest.fixture(autouse=True)
def _seeded_category_sets(request: pytest.FixtureRequest) -> None:
    """The category sets come from a data migration; the flush after a transactional test (the
    browser and concurrency tests) empties every table, so put them back for any test that uses
    the database."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        # The migration seeds them with this same function, so they are either all there as
        # seeded (a test's own changes are rolled back) or all gone (flushed): seeding again
        # only when gone saves its 46 queries in every other test.
        if not CategorySet.objects.exists():
            seed_category_sets(CategorySet, Category)


@dataclass
class Cast:
    bureau: Unit
    dept: Unit
    other_dept: Unit
    key_post: Post
    filler: User
    head: User
    leader: User
    principal: User
    committee: User
    admin: User
    outsider: User
    other_head: User
    other_leader: User

    def users(self) -> dict[str, User]:
        return {
            "filler": self.filler,
            "head": self.head,
            "leader": self.leader,
            "principal": self.principal,
            "committee": self.committee,
            "admin": self.admin,
            "outsider": self.outsider,
        }


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


def build_cast() -> Cast:
    """The cast's organization, written to the database (for fixtures of a wider scope than the
    `cast` fixture's, which is this per test)."""
    bureau = UnitFactory(name="测试局", kind=UnitKind.BUREAU, code="BUR")
    dept = UnitFactory(name="审批处", parent=bureau, code="DEP")
    other_dept = UnitFactory(name="财务处", parent=bureau, code="OTH")
    key_post = PostFactory(unit=dept, name="审批岗", is_key=True)
    principal = UserFactory(username="principal", name="王局长", unit=bureau)
    leader = UserFactory(username="leader", name="李副局长", unit=bureau)
    other_leader = UserFactory(username="other_leader", name="赵副局长", unit=bureau)
    head = UserFactory(username="head", name="陈处长", unit=dept)
    filler = UserFactory(username="filler", name="刘经办", unit=dept, post=key_post)
    other_head = UserFactory(username="other_head", name="周处长", unit=other_dept)
    outsider = UserFactory(username="outsider", name="吴外人", unit=other_dept)
    committee = UserFactory(
        username="committee", name="孙纪委", unit=bureau, is_committee_member=True
    )
    admin = UserFactory(
        username="admin", name="管理员", unit=bureau, is_staff=True, is_superuser=True
    )
    bureau.head = principal
    bureau.save()
    dept.head, dept.leader_in_charge = head, leader
    dept.save()
    other_dept.head, other_dept.leader_in_charge = other_head, other_leader
    other_dept.save()
    return Cast(
        bureau=bureau,
        dept=dept,
        other_dept=other_dept,
        key_post=key_post,
        filler=filler,
        head=head,
        leader=leader,
        principal=principal,
        committee=committee,
        admin=admin,
        outsider=outsider,
        other_head=other_head,
        other_leader=other_leader,
    )
