"""The cast's campaign with its registers published, and the letters they gave:

- 审批处's department register → 内设机构承诺书, signed by its head (陈处长);
- the key post's register (审批岗, held by 刘经办) → his personal letter and report;
- the bureau's unit register → 单位承诺书, signed by the principal (王局长);
- 吴外人's personal register (财务处) → his personal letter and report.
"""

from dataclasses import dataclass

import pytest

from commitments.choices import CommitmentKind
from commitments.models import Commitment
from registers.choices import RegisterLevel, RegisterState
from registers.models import Register
from tests.campaign_world import World, campaign_world
from tests.conftest import Cast
from tests.factories import RegisterFactory, RiskEntryFactory
from tests.walk import walk_to


@dataclass
class Letters:
    world: World
    unit_register: Register
    personal_register: Register

    @property
    def cast(self) -> Cast:
        return self.world.cast

    def get(self, kind: str, register: Register) -> Commitment:
        return Commitment.objects.get(kind=kind, register=register, superseded_at__isnull=True)

    @property
    def dept_letter(self) -> Commitment:
        return self.get(CommitmentKind.DEPARTMENT, self.world.dept_register)

    @property
    def unit_letter(self) -> Commitment:
        return self.get(CommitmentKind.UNIT, self.unit_register)

    @property
    def filler_letter(self) -> Commitment:
        return self.get(CommitmentKind.PERSONAL, self.world.post_register)

    @property
    def outsider_report(self) -> Commitment:
        return self.get(CommitmentKind.REPORT, self.personal_register)


def publish_with_entries(register: Register, *risks: tuple[str, int, str]) -> Register:
    for risk, grade, measures in risks:
        RiskEntryFactory(register=register, risk=risk, grade=grade, prevention_measures=measures)
    return walk_to(register, RegisterState.PUBLISHED)


@pytest.fixture
def letters(cast: Cast) -> Letters:
    world = campaign_world(cast)
    world.campaign.has_party_group_stage = False  # approved registers are published directly
    world.campaign.save(update_fields=["has_party_group_stage"])
    unit_register = RegisterFactory(
        campaign=world.campaign, unit=cast.bureau, level=RegisterLevel.UNIT
    )
    personal_register = RegisterFactory(
        campaign=world.campaign,
        unit=cast.other_dept,
        level=RegisterLevel.PERSONAL,
        person=cast.outsider,
    )
    publish_with_entries(
        world.dept_register,
        ("审批事项未按程序集体研究", 1, "实行集体审议,全程留痕"),
        ("审批材料把关不严", 2, "建立复核制度"),
    )
    publish_with_entries(world.post_register, ("违规收受申请人好处", 1, "签订廉洁承诺,定期轮岗"))
    publish_with_entries(unit_register, ("重大事项决策不民主", 1, "落实三重一大集体决策"))
    publish_with_entries(
        personal_register,
        ("报销审核把关不严", 2, "严格执行财务审核制度"),
        ("资金支付未经审批", 3, "支付前核对审批单"),
    )
    return Letters(world=world, unit_register=unit_register, personal_register=personal_register)
