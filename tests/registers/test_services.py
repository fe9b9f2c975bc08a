"""The registers' writing services: entries created, edited, reordered and deleted (grade
proposal, override reason, stale revisions, who may fill), the responsible leader, and a campaign's
start."""

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied

from registers.choices import Impact, Likelihood
from registers.data import EntryData
from registers.exceptions import DomainError, EditConflict
from registers.models import Category, Register
from registers.services import (
    campaign_start,
    entries_reorder,
    entry_create,
    entry_delete,
    entry_update,
    responsible_leader_propose,
)
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory


@pytest.fixture
def register(cast: Cast) -> Register:
    return RegisterFactory(unit=cast.dept)


def first_category(register: Register) -> Category:
    return register.campaign.category_set.categories.order_by("order").first()


def test_entry_create_proposes_the_grade_and_bumps_revision(cast: Cast, register: Register) -> None:
    entry = entry_create(
        register=register,
        actor=cast.filler,
        data=EntryData(
            category=first_category(register),
            risk="违规审批",
            likelihood=Likelihood.HIGH,
            impact=Impact.SEVERE,
        ),
        expected_revision=0,
    )
    assert entry.grade == 1
    register.refresh_from_db()
    assert register.revision == 1


def test_override_needs_a_reason_which_is_kept(cast: Cast, register: Register) -> None:
    data = EntryData(
        category=first_category(register),
        risk="违规审批",
        likelihood=Likelihood.HIGH,
        impact=Impact.SEVERE,
        grade=3,
    )
    with pytest.raises(DomainError, match="调整理由"):
        entry_create(register=register, actor=cast.filler, data=data)
    entry = entry_create(
        register=register,
        actor=cast.filler,
        data=replace(data, grade_override_reason="已有电子监察"),
    )
    assert entry.grade == 3 and entry.grade_override_reason == "已有电子监察"


def test_stale_revision_is_a_conflict(cast: Cast, register: Register) -> None:
    data = EntryData(category=first_category(register), risk="a", grade=2)
    entry = entry_create(register=register, actor=cast.filler, data=data)
    entry_update(entry=entry, actor=cast.head, data=replace(data, risk="b"), expected_revision=1)
    with pytest.raises(EditConflict):
        entry_update(
            entry=entry, actor=cast.filler, data=replace(data, risk="c"), expected_revision=1
        )
    entry.refresh_from_db()
    assert entry.risk == "b"


def test_outsider_cannot_fill(cast: Cast, register: Register) -> None:
    with pytest.raises(PermissionDenied):
        entry_create(
            register=register,
            actor=cast.outsider,
            data=EntryData(category=first_category(register), risk="x", grade=3),
        )


def test_reorder_and_delete(cast: Cast, register: Register) -> None:
    category = first_category(register)
    a = entry_create(
        register=register, actor=cast.filler, data=EntryData(category=category, risk="a", grade=2)
    )
    b = entry_create(
        register=register, actor=cast.filler, data=EntryData(category=category, risk="b", grade=2)
    )
    entries_reorder(register=register, actor=cast.filler, category=category, entry_ids=[b.pk, a.pk])
    assert list(register.entries.order_by("order").values_list("risk", flat=True)) == ["b", "a"]
    entry_delete(entry=a, actor=cast.filler)
    assert list(register.entries.values_list("risk", flat=True)) == ["b"]


def test_responsible_leader_by_grade(cast: Cast, register: Register) -> None:
    assert responsible_leader_propose(register=register, grade=1) == cast.principal
    assert responsible_leader_propose(register=register, grade=2) == cast.leader
    assert responsible_leader_propose(register=register, grade=3) == cast.head


def test_campaign_start_creates_the_registers_it_covers(cast: Cast) -> None:
    campaign = CampaignFactory()
    registers = campaign_start(campaign=campaign, actor=cast.admin)
    kinds = {(r.unit.code, r.level, r.post_id) for r in registers}
    assert kinds == {
        ("BUR", "unit", None),
        ("DEP", "department", None),
        ("OTH", "department", None),
        ("DEP", "post", cast.key_post.pk),
    }
    with pytest.raises(DomainError):
        campaign_start(campaign=campaign, actor=cast.admin)
