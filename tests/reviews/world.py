"""Builders shared by the review tests (and offered to the security crawl's build_world): a
started campaign of the test organization and a 回头看 round opened through the service."""

from datetime import date, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from orgs.models import Unit
from registers.models import Campaign, Register, RiskEntry
from reviews import services
from reviews.choices import FindingKind
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory, RiskEntryFactory

ANSWERS = {
    "q1": "对照权力清单逐项复核,发现排污许可现场核查环节的风险未列入清单。",
    "q2": "集体会审制度已执行,但审批档案归档不及时。",
    "q3": "今年未发生违纪违规问题,群众投诉同比下降。",
}


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def started_campaign(cast: Cast, **fields: Any) -> Campaign:
    """A started campaign with the registers a round asks about: the bureau's unit register and
    the department registers of 审批处 (two entries) and 财务处 (one), and a post register of
    the key post, which a round leaves out."""
    campaign = CampaignFactory(started_at=timezone.now(), **fields)
    RegisterFactory(campaign=campaign, unit=cast.bureau, level="unit")
    dept = RegisterFactory(campaign=campaign, unit=cast.dept, level="department")
    categories = list(campaign.category_set.categories.order_by("order"))
    RiskEntryFactory(register=dept, category=categories[1], risk="违规审批建设项目环评文件")
    RiskEntryFactory(register=dept, category=categories[5], risk="接受项目单位宴请", grade=3)
    other = RegisterFactory(campaign=campaign, unit=cast.other_dept, level="department")
    RiskEntryFactory(register=other, category=categories[1], risk="违规拨付专项资金")
    RegisterFactory(campaign=campaign, unit=cast.dept, level="post", post=cast.key_post)
    return campaign


def open_round(cast: Cast, campaign: Campaign, *, deadline: date | None = None) -> ReviewRound:
    return services.round_open(
        campaign=campaign,
        title="2026年度廉政风险防控“回头看”",
        deadline=deadline or in_days(10),
        actor=cast.committee,
    )


def answer_of(review_round: ReviewRound, unit: Unit) -> ReviewAnswer:
    return ReviewAnswer.objects.select_related("round", "register__unit").get(
        round=review_round, register__unit=unit
    )


def dept_entry(register: Register) -> RiskEntry:
    return register.entries.order_by("pk").first()  # type: ignore[return-value]


def submitted_answer(
    cast: Cast, review_round: ReviewRound, *, finding_kind: str = FindingKind.INEFFECTIVE_MEASURE
) -> tuple[ReviewAnswer, ReviewFinding]:
    """审批处's answer, with a finding on its first entry, submitted by 刘经办."""
    answer = answer_of(review_round, cast.dept)
    finding = services.finding_add(
        answer=answer,
        actor=cast.filler,
        kind=finding_kind,
        text="审批档案归档不及时,集体会审记录缺失",
        entry=dept_entry(answer.register),
    )
    answer = services.answer_submit(
        answer=answer, actor=cast.filler, q1=ANSWERS["q1"], q2=ANSWERS["q2"], q3=ANSWERS["q3"]
    )
    finding.refresh_from_db()
    return answer, finding


def review_objects(cast: Cast, campaign: Campaign) -> dict[type[models.Model], models.Model]:
    """For tests/security/routes.build_world: an open round of `campaign` (which must have been
    started), 审批处's answer submitted with a pending finding on one of its entries."""
    review_round = open_round(cast, campaign)
    answer, finding = submitted_answer(cast, review_round)
    return {ReviewRound: review_round, ReviewAnswer: answer, ReviewFinding: finding}
