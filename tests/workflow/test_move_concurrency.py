"""Concurrent moves on PostgreSQL: two committee members approve one register at the same time
from separate connections; the row lock lets exactly one through."""

import threading

import pytest
from django.db import connection, connections

from audit import actions
from audit.models import AuditEntry
from registers.choices import RegisterState
from registers.exceptions import DomainError
from tests.factories import UserFactory
from tests.walk import walk_to
from workflow import services
from workflow.models import Transition

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


def test_two_concurrent_approvals_give_one_transition(register, people, cast) -> None:
    second = UserFactory(username="committee2", unit=cast.bureau, is_committee_member=True)
    walk_to(register, RegisterState.SIGNED)
    audit_before = AuditEntry.objects.filter(action=actions.REGISTER_APPROVE).count()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(actor) -> None:
        try:
            barrier.wait()
            services.register_approve(
                register=register, actor=actor, expected_state=RegisterState.SIGNED
            )
            outcomes.append("ok")
        except DomainError:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(actor,)) for actor in (people["committee"], second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "stale"]
    assert Transition.objects.filter(register=register, action="approve").count() == 1
    assert AuditEntry.objects.filter(action=actions.REGISTER_APPROVE).count() == audit_before + 1
    register.refresh_from_db()
    assert register.state == RegisterState.APPROVED


def test_concurrent_approvals_without_expected_state_still_give_one(register, people, cast) -> None:
    second = UserFactory(username="committee3", unit=cast.bureau, is_committee_member=True)
    walk_to(register, RegisterState.SIGNED)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def approve(actor) -> None:
        try:
            barrier.wait()
            services.register_approve(register=register, actor=actor)
        except DomainError as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(actor,)) for actor in (people["committee"], second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == 1
    assert Transition.objects.filter(register=register, action="approve").count() == 1
