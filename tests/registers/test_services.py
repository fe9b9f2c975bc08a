import pytest
from django.core.exceptions import PermissionDenied

from registers.categories import DOC000_CATEGORIES
from registers.choices import Impact, Likelihood, RegisterLevel
from registers.exceptions import DomainError, EditConflict
from registers.grading import grade_label, grade_propose
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


def test_doc000_categories_are_seeded_word_for_word(db: None) -> None:
    names = list(
        Category.objects.filter(category_set__is_default=True)
        .order_by("order")
        .values_list("name", "note")
    )
    assert names == DOC000_CATEGORIES
    assert [n for n, _ in names] == [
        "议事决策类",
        "权力运行类",
        "制度机制类",
        "工作流程类",
        "岗位履职类",
        "纪律作风类",
    ]


@pytest.mark.parametrize(
    ("likelihood", "impact", "grade"),
    [
        (Likelihood.HIGH, Impact.SEVERE, 1),
        (Likelihood.HIGH, Impact.SERIOUS, 2),
        (Likelihood.LOW, Impact.SEVERE, 2),
        (Likelihood.LOW, Impact.MINOR, 3),
        (None, Impact.MINOR, None),
    ],
)
def test_grade_proposal_follows_document_002(likelihood, impact, grade) -> None:
    assert grade_propose(likelihood=likelihood, impact=impact) == grade


def test_grade_proposal_ignores_values_outside_the_matrix() -> None:
    # A forged POST must get a form error, not a KeyError.
    assert grade_propose(likelihood=3, impact=276102) is None


def test_grade_labels_by_scheme() -> None:
    assert grade_label(grade=1, scheme="hml", level=RegisterLevel.DEPARTMENT) == "高"
    assert grade_label(grade=2, scheme="levels", level=RegisterLevel.UNIT) == "二级"
    assert grade_label(grade=3, scheme="hml", level=RegisterLevel.POST) == "C"


def test_entry_create_proposes_the_grade_and_bumps_revision(cast: Cast, register: Register) -> None:
    entry = entry_create(
        register=register,
        actor=cast.filler,
        category=first_category(register),
        risk="违规审批",
        likelihood=Likelihood.HIGH,
        impact=Impact.SEVERE,
        expected_revision=0,
    )
    assert entry.grade == 1
    register.refresh_from_db()
    assert register.revision == 1


def test_override_needs_a_reason_which_is_kept(cast: Cast, register: Register) -> None:
    data = {
        "category": first_category(register),
        "risk": "违规审批",
        "likelihood": Likelihood.HIGH,
        "impact": Impact.SEVERE,
        "grade": 3,
    }
    with pytest.raises(DomainError, match="调整理由"):
        entry_create(register=register, actor=cast.filler, **data)
    entry = entry_create(
        register=register, actor=cast.filler, grade_override_reason="已有电子监察", **data
    )
    assert entry.grade == 3 and entry.grade_override_reason == "已有电子监察"


def test_stale_revision_is_a_conflict(cast: Cast, register: Register) -> None:
    category = first_category(register)
    entry = entry_create(register=register, actor=cast.filler, category=category, risk="a", grade=2)
    entry_update(entry=entry, actor=cast.head, expected_revision=1, risk="b")
    with pytest.raises(EditConflict):
        entry_update(entry=entry, actor=cast.filler, expected_revision=1, risk="c")
    entry.refresh_from_db()
    assert entry.risk == "b"


def test_outsider_cannot_fill(cast: Cast, register: Register) -> None:
    with pytest.raises(PermissionDenied):
        entry_create(
            register=register,
            actor=cast.outsider,
            category=first_category(register),
            risk="x",
            grade=3,
        )


def test_reorder_and_delete(cast: Cast, register: Register) -> None:
    category = first_category(register)
    a = entry_create(register=register, actor=cast.filler, category=category, risk="a", grade=2)
    b = entry_create(register=register, actor=cast.filler, category=category, risk="b", grade=2)
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
