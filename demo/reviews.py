"""The demo's 回头看: a round of the demo campaign opened by the committee, answered by three
units in their words — 环境影响评价处 (whose missing risk went into its register and whose
ineffective measure became a rectification item, rated 较好), 财务审计处 (a finding still pending,
rated 一般) and 生态环境执法支队 (waiting for the committee's rating) — while the others have not
answered yet. Made through the services, so the audit trail and the notifications are what a real
round leaves; made once (a demo that already has a round is left alone)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from orgs.models import Unit, User
from registers.data import EntryData
from registers.models import Campaign, Category, RiskEntry
from registers.services import responsible_leader_propose
from reviews.choices import FindingKind, Rating
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound
from reviews.services import (
    answer_rate,
    answer_submit,
    finding_add,
    finding_to_entry,
    finding_to_rectification,
    round_open,
)


@dataclass(frozen=True)
class ReviewSummary:
    rounds: int
    answered: int
    findings: int
    rectifications: int
    new_entries: int


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _answer(review_round: ReviewRound, code: str) -> ReviewAnswer:
    return ReviewAnswer.objects.select_related("round", "register__unit", "register__campaign").get(
        round=review_round, register__unit__code=code
    )


def _respondent(unit: Unit, fallback: User) -> User:
    return unit.head or fallback


@transaction.atomic
def build_demo_review(*, today: date) -> ReviewSummary | None:
    if ReviewRound.objects.exists():
        return None
    campaign = (
        Campaign.objects.filter(title__startswith="[演示]", started_at__isnull=False)
        .order_by("-year", "-id")
        .first()
    )
    if campaign is None:
        return None
    committee, staff, head = _user("jiwei"), _user("jingban"), _user("chuzhang")
    review_round = round_open(
        campaign=campaign,
        title=f"{campaign.year}年度廉政风险防控“回头看”",
        deadline=today + timedelta(days=14),
        actor=committee,
        instructions=(
            "各处室、分局和直属单位对照本单位廉政风险清单,通过“三个看”逐项开展自查:"
            "遗漏的风险点补入清单,措施不到位的列入整改,书面答复报机关纪委。"
        ),
    )

    # 环境影响评价处: answered by its clerk, both findings acted on, rated 较好.
    eia = _answer(review_round, "D06")
    missing = finding_add(
        answer=eia,
        actor=staff,
        kind=FindingKind.MISSING_RISK,
        text="排污许可证核发的现场核查环节未列入清单:核查人员单独进入企业,存在被请托、接受宴请的风险。",
    )
    high = (
        RiskEntry.objects.filter(register=eia.register)
        .order_by("grade", "category__order", "order")
        .first()
    )
    ineffective = finding_add(
        answer=eia,
        actor=staff,
        kind=FindingKind.INEFFECTIVE_MEASURE,
        entry=high,
        text="集体会审措施落实不到位:抽查发现2个项目未经集体会审即出具审查意见。",
    )
    answer_submit(
        answer=eia,
        actor=staff,
        q1="对照权力清单和岗位职责逐项复核,发现排污许可证核发的现场核查环节存在遗漏。",
        q2="环评审批集体会审、审批结果网上公开等措施总体落实,但集体会审记录不完整。",
        q3="本年度未发生违纪违规问题,环评审批群众投诉同比下降,防控效果初步显现。",
    )
    category = (
        Category.objects.filter(category_set_id=campaign.category_set_id, name="权力运行类").first()
        or Category.objects.filter(category_set_id=campaign.category_set_id)
        .order_by("order")
        .first()
    )
    assert category is not None
    finding_to_entry(
        finding=missing,
        actor=staff,
        data=EntryData(
            category=category,
            risk="排污许可证现场核查走过场或接受企业请托",
            manifestations="核查人员单独进入企业;接受企业宴请后降低核查要求。",
            likelihood=2,
            impact=2,
            prevention_measures="现场核查两人以上并全程记录;核查结果由处务会复核。",
            responsible_department=eia.register.unit.name,
            responsible_leader=responsible_leader_propose(register=eia.register, grade=2),
        ),
    )
    finding_to_rectification(
        finding=ineffective,
        actor=committee,
        owner=head,
        title="落实环评审批集体会审制度",
        problem=ineffective.text,
        steps="对本年度审批项目逐件核查会审记录;未经会审的项目补充会审。",
        deadline=today + timedelta(days=30),
    )
    answer_rate(
        answer=eia,
        actor=committee,
        rating=Rating.FAIRLY_GOOD,
        conclusion="查找认真,遗漏风险已补入清单;集体会审执行不到位,已列入整改,限期落实。",
    )

    # 财务审计处: a finding still waiting to be acted on, rated 一般.
    finance = _answer(review_round, "D03")
    finance_head = _respondent(finance.register.unit, head)
    finding_add(
        answer=finance,
        actor=finance_head,
        kind=FindingKind.OTHER,
        text="专项资金绩效评价结果未按规定公开。",
    )
    answer_submit(
        answer=finance,
        actor=finance_head,
        q1="清单已覆盖资金审批、内部审计等岗位,未发现遗漏。",
        q2="资金拨付集体研究制度落实到位,绩效评价结果公开不及时。",
        q3="审计发现的问题数量减少,但个别凭证签批不全,效果有待巩固。",
    )
    answer_rate(
        answer=finance,
        actor=committee,
        rating=Rating.AVERAGE,
        conclusion="自查不够深入,对审计发现的签批问题未作分析,请补充整改措施。",
    )

    # 生态环境执法支队: answered, waiting for the committee.
    enforcement = _answer(review_round, "D11")
    answer_submit(
        answer=enforcement,
        actor=_respondent(enforcement.register.unit, head),
        q1="对照执法流程复核,行政处罚、现场检查环节的风险已列入清单。",
        q2="执法记录仪全程记录、重大案件集体审议等措施已落实。",
        q3="执法投诉同比下降三成,未发生执法人员违纪问题。",
    )
    findings = ReviewFinding.objects.filter(answer__round=review_round)
    return ReviewSummary(
        rounds=1,
        answered=3,
        findings=findings.count(),
        rectifications=findings.filter(rectification__isnull=False).count(),
        new_entries=findings.filter(new_entry__isnull=False).count(),
    )
