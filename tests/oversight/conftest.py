"""The cast for oversight: the test organization (tests/conftest.py) with its principal also a
member of the party group (党组), who approves warnings, and a published register of 审批处 with
a grade-1 and a grade-2 entry, for measures, leads and rectification to refer to."""

import pytest

from registers.choices import RegisterState
from registers.models import Register, RiskEntry
from tests.conftest import Cast
from tests.factories import RegisterFactory, RiskEntryFactory
from tests.walk import walk_to


@pytest.fixture
def party(cast: Cast) -> Cast:
    """The cast, with 王局长 (the principal) in the party group."""
    cast.principal.is_party_group_member = True
    cast.principal.save(update_fields=["is_party_group_member"])
    return cast


@pytest.fixture
def published(party: Cast) -> Register:
    """Published through the whole workflow, the party group's stage included."""
    cast = party
    register = RegisterFactory(unit=cast.dept)
    categories = list(register.campaign.category_set.categories.order_by("order"))
    RiskEntryFactory(
        register=register,
        category=categories[1],
        order=1,
        risk="违规审批建设项目环评文件",
        grade=1,
        prevention_measures="集体会审;全程留痕",
    )
    RiskEntryFactory(register=register, category=categories[5], order=1, risk="接受宴请", grade=2)
    walk_to(register, RegisterState.PUBLISHED)
    return register


@pytest.fixture
def high_entry(published: Register) -> RiskEntry:
    return published.entries.get(grade=1)
