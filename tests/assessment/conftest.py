"""The cast (tests/conftest.py) assessed: document 003's four indicators and this quarter opened by
the committee. In the cast's organization:

- 领导班子成员: principal (the bureau's head), leader and other_leader (leaders in charge sitting
  in the bureau), and whoever is made a party-group member;
- 部门领导: head (审批处) and other_head (财务处);
- 一般干部: filler (审批处), outsider (财务处), committee (sits in the bureau, whose head is the
  principal). The admin, a superuser, is a system account and is not assessed.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment.models import Assessment, AssessmentPeriod
from assessment.selectors import active_indicators
from assessment.services import assessment_score, indicators_seed_defaults, period_open
from orgs.models import User
from tests.conftest import Cast


def this_quarter(today: date) -> tuple[int, int]:
    return today.year, (today.month - 1) // 3 + 1


@pytest.fixture
def party(cast: Cast) -> Cast:
    """The cast with 李副局长 (leader) in the party group."""
    cast.leader.is_party_group_member = True
    cast.leader.save(update_fields=["is_party_group_member"])
    return cast


@pytest.fixture
def period(party: Cast) -> AssessmentPeriod:
    """This quarter, opened by the committee, the scoring due in ten days."""
    today = timezone.localdate()
    year, quarter = this_quarter(today)
    indicators_seed_defaults(actor=party.committee)
    return period_open(
        actor=party.committee,
        year=year,
        quarter=quarter,
        deadline=today + timedelta(days=10),
        today=today,
    )


def assessment_of(period: AssessmentPeriod, person: User) -> Assessment:
    return Assessment.objects.select_related("period", "unit", "person").get(
        period=period, person=person
    )


def values(*scores: int | str) -> dict[int, Decimal | None]:
    """Scores for the active indicators, in their order (监督检查, 民主测评, 个别谈话,
    查阅廉情档案 by default)."""
    return {
        indicator.pk: Decimal(str(score))
        for indicator, score in zip(active_indicators(), scores, strict=True)
    }


def score(period: AssessmentPeriod, person: User, actor: User, *scores: int | str) -> Assessment:
    return assessment_score(
        assessment=assessment_of(period, person), actor=actor, values=values(*scores)
    )
