"""The demo's quarterly integrity assessment: the quarter before `today`, opened by the committee
with document 003's four indicators, every person scored by his expected assessor (the party
group, the leader in charge, the department head), and closed. The head of 生态环境执法支队,
whose 重要预警 is in the oversight demo, is graded 不良 (so recorded for his integrity file);
刘晓东 (jingban) of 环境影响评价处, whose 一般预警 was closed, 一般. Made through the services,
so the audit trail and the notifications are what a real quarter leaves; made once (a demo that
already has an assessment period is left alone)."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from assessment.choices import Grade
from assessment.models import Assessment, AssessmentPeriod, quarter_end
from assessment.permissions import primary_assessors
from assessment.selectors import active_indicators, party_group_members
from assessment.services import (
    assessment_score,
    indicators_seed_defaults,
    period_close,
    period_open,
)
from notifications.services import committee_members
from orgs.models import Unit, User


@dataclass(frozen=True)
class AssessmentSummary:
    period: str
    assessed: int
    scored: int
    adverse: int


# Scores by indicator order (监督检查, 民主测评, 个别谈话, 查阅廉情档案), on 0–100 each.
ADVERSE_SCORES: tuple[int, ...] = (40, 55, 50, 30)  # total 44.5: 不良
FAIR_SCORES: tuple[int, ...] = (70, 72, 68, 60)  # total 68.2: 一般


def previous_quarter(today: date) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)


def _values(scores: tuple[int, ...], indicator_ids: list[int]) -> dict[int, Decimal | None]:
    # Another set of indicators than document 003's four takes the scores in turn.
    return {pk: Decimal(scores[i % len(scores)]) for i, pk in enumerate(indicator_ids)}


@transaction.atomic
def build_demo_assessment(*, today: date) -> AssessmentSummary | None:
    if AssessmentPeriod.objects.exists():
        return None
    committee = User.objects.get(username="jiwei")
    enforcement_head = Unit.objects.get(code="D11").head_id
    staff = User.objects.get(username="jingban")
    indicators_seed_defaults(actor=committee)
    year, quarter = previous_quarter(today)
    period = period_open(
        actor=committee,
        year=year,
        quarter=quarter,
        deadline=quarter_end(year, quarter) + timedelta(days=15),
        today=today,
    )
    indicator_ids = [indicator.pk for indicator in active_indicators()]
    party_group, committee_list = party_group_members(), committee_members()
    rng = random.Random(2026)
    assessments = Assessment.objects.filter(period=period).select_related(
        "person", "unit__head", "unit__leader_in_charge"
    )
    for assessment in assessments.order_by("id"):
        assessors = primary_assessors(assessment, party_group=party_group, committee=committee_list)
        if not assessors:
            continue
        if assessment.person_id == enforcement_head:
            scores, note = (
                ADVERSE_SCORES,
                "现场检查记录多次与投诉情况不符,已启动重要预警,整改尚未完成。",
            )
        elif assessment.person_id == staff.pk:
            scores, note = (
                FAIR_SCORES,
                "本季度受到一般预警,已说明情况并整改到位,需继续加强廉洁自律。",
            )
        else:
            scores = tuple(rng.randint(78, 100) for _ in indicator_ids)
            note = ""
        assessment_score(
            assessment=assessment,
            actor=assessors[0],
            values=_values(scores, indicator_ids),
            note=note,
        )
    period_close(period=period, actor=committee)
    rows = Assessment.objects.filter(period=period)
    return AssessmentSummary(
        period=str(period),
        assessed=rows.count(),
        scored=rows.filter(scored_at__isnull=False).count(),
        adverse=rows.filter(grade=Grade.POOR).count(),
    )
