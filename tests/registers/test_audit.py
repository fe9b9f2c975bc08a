"""Every service of the registers app that changes state writes its audit row, in its own
transaction: entries added, changed, deleted and reordered, a campaign started."""

from dataclasses import replace

import pytest

from audit import actions
from audit.labels import action_label
from audit.models import AuditEntry
from audit.services import audit_verify
from registers.choices import Impact, Likelihood
from registers.data import EntryData
from registers.exceptions import EditConflict
from registers.models import Category, Register, RiskEntry
from registers.services import (
    campaign_start,
    entries_reorder,
    entry_create,
    entry_delete,
    entry_update,
)
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory


@pytest.fixture
def register(cast: Cast) -> Register:
    return RegisterFactory(unit=cast.dept)


def category_of(register: Register, index: int = 0) -> Category:
    return list(register.campaign.category_set.categories.order_by("order"))[index]


def rows(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_entry_create_is_audited_with_what_was_stored(cast: Cast, register: Register) -> None:
    entry = entry_create(
        register=register,
        actor=cast.filler,
        data=EntryData(
            category=category_of(register),
            risk="违规审批",
            likelihood=Likelihood.HIGH,
            impact=Impact.SEVERE,
            responsible_leader=cast.head,
        ),
    )
    [row] = rows(actions.RISK_ENTRY_CREATE)
    assert (row.actor, row.object_type, row.object_id) == (
        cast.filler,
        "registers.riskentry",
        str(entry.pk),
    )
    # As stored: the grade the matrix proposed, the leader's name, related rows by name.
    assert row.data == {
        "register": register.pk,
        "category": category_of(register).name,
        "risk": "违规审批",
        "likelihood": Likelihood.HIGH,
        "impact": Impact.SEVERE,
        "grade": 1,
        "responsible_leader": str(cast.head),
        "responsible_leader_name": cast.head.name,
        "revision": 1,
    }
    assert action_label(row.action) == "添加风险点"


def test_entry_update_records_the_fields_that_changed(cast: Cast, register: Register) -> None:
    data = EntryData(category=category_of(register), risk="a", grade=2)
    entry = entry_create(register=register, actor=cast.filler, data=data)
    entry_update(
        entry=entry,
        actor=cast.head,
        data=replace(data, risk="b", category=category_of(register, 1)),
        expected_revision=1,
    )
    [row] = rows(actions.RISK_ENTRY_UPDATE)
    assert row.actor == cast.head and row.object_id == str(entry.pk)
    assert row.data == {
        "register": register.pk,
        "category": category_of(register, 1).name,
        "risk": "b",
        "revision": 2,
    }


def test_entry_delete_and_reorder_are_audited(cast: Cast, register: Register) -> None:
    category = category_of(register)
    a, b = (
        entry_create(
            register=register, actor=cast.filler, data=EntryData(category=category, risk=r, grade=2)
        )
        for r in ("a", "b")
    )
    entries_reorder(register=register, actor=cast.filler, category=category, entry_ids=[b.pk, a.pk])
    [reorder] = rows(actions.REGISTER_REORDER_ENTRIES)
    assert reorder.object_type == "registers.register" and reorder.object_id == str(register.pk)
    assert reorder.data == {"category": category.name, "entry_ids": [b.pk, a.pk], "revision": 3}
    entry_delete(entry=a, actor=cast.filler)
    [deleted] = rows(actions.RISK_ENTRY_DELETE)
    # The row keeps the id and the text of the entry that is gone.
    assert deleted.object_id == str(a.pk) and not RiskEntry.objects.filter(pk=a.pk).exists()
    assert deleted.data == {"register": register.pk, "risk": "a", "revision": 4}
    assert audit_verify().ok


def test_a_refused_write_leaves_no_audit_row(cast: Cast, register: Register) -> None:
    data = EntryData(category=category_of(register), risk="a", grade=2)
    entry = entry_create(register=register, actor=cast.filler, data=data)
    with pytest.raises(EditConflict):
        entry_update(entry=entry, actor=cast.filler, data=data, expected_revision=0)
    with pytest.raises(EditConflict):
        entry_delete(entry=entry, actor=cast.filler, expected_revision=0)
    assert not rows(actions.RISK_ENTRY_UPDATE) and not rows(actions.RISK_ENTRY_DELETE)


def test_campaign_start_is_audited(cast: Cast) -> None:
    campaign = CampaignFactory()
    created = campaign_start(campaign=campaign, actor=cast.admin)
    [row] = rows(actions.CAMPAIGN_START)
    assert (row.actor, row.object_type, row.object_id) == (
        cast.admin,
        "registers.campaign",
        str(campaign.pk),
    )
    assert row.data == {"registers": len(created), "rolled_forward": 0, "personal": 0, "major": 0}
