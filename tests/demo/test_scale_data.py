"""The scale data generator: repeatable with a seed, every state present, refuses demo data."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from demo.organization import build_demo_organization
from demo.scale_data import PATHS, generate_scale_data
from orgs.models import Unit, User
from registers.choices import RegisterState
from registers.models import Register, RiskEntry
from tests.conftest import Cast
from workflow.models import Transition


class _Rollback(Exception):
    pass


def _fingerprint(seed: int) -> str:
    """Generate small data inside a rolled-back transaction and hash what came out."""
    digest = hashlib.sha256()
    try:
        with transaction.atomic():
            generate_scale_data(seed=seed, units=20, people=120, entries=600)
            for row in RiskEntry.objects.order_by(
                "register__unit__code", "register__level", "register__post__name", "order"
            ).values_list(
                "register__unit__code", "risk", "manifestations", "grade", "prevention_measures"
            ):
                digest.update(repr(row).encode())
            for row in User.objects.order_by("username").values_list(
                "username", "name", "unit__code"
            ):
                digest.update(repr(row).encode())
            raise _Rollback
    except _Rollback:
        pass
    return digest.hexdigest()


def test_same_seed_same_data_other_seed_other_data(db: None) -> None:
    assert _fingerprint(1) == _fingerprint(1)
    assert _fingerprint(1) != _fingerprint(2)


def test_sizes_states_and_history(db: None) -> None:
    summary = generate_scale_data(seed=3, units=60, people=300, entries=2000)
    assert Unit.objects.count() == summary.units == 60
    assert {"bureau", "department", "branch", "affiliated"} == set(
        Unit.objects.values_list("kind", flat=True)
    )
    assert Unit.objects.filter(parent__kind="branch").exists()
    assert User.objects.count() == 300
    assert RiskEntry.objects.count() == 2000
    assert RiskEntry.objects.filter(register_id=summary.big_register_id).count() == 200
    assert set(Register.objects.values_list("state", flat=True)) == set(RegisterState.values)
    # Every non-draft register has the path of transitions that leads to its state.
    for register in Register.objects.exclude(state=RegisterState.DRAFT):
        steps = list(
            Transition.objects.filter(register=register)
            .order_by("created_at")
            .values_list("from_state", "to_state")
        )
        assert steps == [(f, t) for _a, f, t, _w in PATHS[register.state]]
        assert steps[-1][1] == register.state
    lengths = [len(r) for r in RiskEntry.objects.values_list("prevention_measures", flat=True)]
    assert min(lengths) > 30


def test_refuses_the_demo_database_unless_forced(db: None) -> None:
    build_demo_organization()
    with pytest.raises(CommandError, match="演示"):
        call_command("generate_scale_data", "--people", "50", "--entries", "100")
    call_command("generate_scale_data", "--people", "50", "--entries", "100", "--force")
    with pytest.raises(CommandError, match="已有压测数据"):
        call_command("generate_scale_data", "--people", "50", "--entries", "100", "--force")


def test_refuses_a_database_with_users_of_its_own_unless_forced(cast: Cast) -> None:
    # A production database: no demo, no scale data, but people.
    with pytest.raises(CommandError, match="已有用户"):
        call_command("generate_scale_data", "--people", "50", "--entries", "100")
    assert not User.objects.filter(username="sc_admin").exists()
