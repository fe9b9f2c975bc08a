"""The services of the quarterly assessment: opening a quarter, scoring (the total, the grade, the
copy of the indicators, the audit row, the committee told of a 不良), closing (the 不良 results
recorded for the integrity file), the indicators and thresholds."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from assessment.choices import Grade, PeriodState
from assessment.models import Assessment, AssessmentPeriod, Indicator, Score
from assessment.scoring import Thresholds
from assessment.selectors import adverse_results_of, grade_scale
from assessment.services import (
    IndicatorData,
    default_deadline,
    grade_scale_update,
    indicator_create,
    indicator_update,
    indicators_seed_defaults,
    period_close,
    period_open,
    period_set_deadline,
)
from audit import actions
from audit.models import AuditEntry
from notifications.models import Notification
from registers.exceptions import DomainError
from tests.assessment.conftest import assessment_of, score, this_quarter
from tests.conftest import Cast

D = Decimal


def _told(kind_title: str) -> set[str]:
    return set(
        Notification.objects.filter(title__contains=kind_title).values_list(
            "recipient__username", flat=True
        )
    )


def test_document_003s_four_ways_are_the_default_indicators(cast: Cast) -> None:
    created = indicators_seed_defaults(actor=cast.committee)
    assert [(i.name, i.weight) for i in created] == [
        ("监督检查", 30),
        ("民主测评", 30),
        ("个别谈话", 20),
        ("查阅廉情档案", 20),
    ]
    assert sum(i.weight for i in created) == 100
    assert indicators_seed_defaults(actor=cast.committee) == []  # once
    with pytest.raises(PermissionDenied):
        indicators_seed_defaults(actor=cast.head)


def test_opening_a_quarter(party: Cast, period: AssessmentPeriod) -> None:
    assert period.state == PeriodState.OPEN and period.opened_by == party.committee
    assert period.assessments.count() == 8  # every active person but the admin
    entry = AuditEntry.objects.get(action=actions.ASSESSMENT_PERIOD_OPEN)
    assert entry.data["people"] == 8
    # Each expected assessor is told once, with how many he scores.
    notices = dict(
        Notification.objects.filter(title__endswith="开始评分").values_list(
            "recipient__username", "body"
        )
    )
    assert set(notices) == {
        "leader",
        "committee",
        "other_leader",
        "head",
        "other_head",
        "principal",
    }
    assert "3人" in notices["leader"]  # principal, other_leader, head


def test_a_quarter_opens_once_and_not_before_it_begins(party: Cast) -> None:
    today = date(2026, 5, 20)
    indicators_seed_defaults(actor=party.committee)
    period_open(actor=party.committee, year=2026, quarter=2, deadline=today, today=today)
    with pytest.raises(DomainError, match="已经开启"):
        period_open(actor=party.committee, year=2026, quarter=2, deadline=today, today=today)
    with pytest.raises(DomainError, match="尚未开始"):
        period_open(actor=party.committee, year=2026, quarter=3, deadline=today, today=today)
    with pytest.raises(DomainError, match="不能早于该季度开始"):
        period_open(
            actor=party.committee, year=2026, quarter=1, deadline=date(2025, 12, 31), today=today
        )
    with pytest.raises(DomainError, match="不能晚于该季度开始后一年"):
        period_open(
            actor=party.committee, year=2026, quarter=1, deadline=date(9999, 12, 31), today=today
        )
    with pytest.raises(PermissionDenied):
        period_open(actor=party.admin, year=2026, quarter=1, deadline=today, today=today)
    assert default_deadline(2026, 1) == date(2026, 4, 15)
    assert default_deadline(2026, 4) == date(2027, 1, 15)


def test_a_quarter_needs_an_active_indicator(party: Cast) -> None:
    today = timezone.localdate()
    for indicator in indicators_seed_defaults(actor=party.committee):
        Indicator.objects.filter(pk=indicator.pk).update(active=False)
    year, quarter = this_quarter(today)
    with pytest.raises(DomainError, match="没有启用的考核指标"):
        period_open(actor=party.committee, year=year, quarter=quarter, deadline=today)
    assert not AssessmentPeriod.objects.exists()


def test_scoring_computes_the_total_and_the_grade(party: Cast, period: AssessmentPeriod) -> None:
    filler = score(period, party.filler, party.head, 95, 90, "87.5", 80)
    # 0.3·95 + 0.3·90 + 0.2·87.5 + 0.2·80 = 28.5 + 27 + 17.5 + 16 = 89
    assert filler.total == D("89.00") and filler.grade == Grade.FINE
    assert filler.scored_by == party.head and filler.assessor_role == "department_head"
    entry = AuditEntry.objects.get(action=actions.ASSESSMENT_SCORE)
    assert entry.data == {
        "total": "89",
        "grade": "fine",
        "assessor_role": "department_head",
        "scores": {"监督检查": "95", "民主测评": "90", "个别谈话": "87.5", "查阅廉情档案": "80"},
    }
    # Corrected while the quarter is open: the scores are replaced, not added.
    filler = score(period, party.filler, party.head, 100, 100, 100, 100)
    assert filler.total == D("100.00") and filler.grade == Grade.GOOD
    assert Score.objects.filter(assessment=filler).count() == 4


def test_a_value_out_of_range_is_refused_and_nothing_changes(
    party: Cast, period: AssessmentPeriod
) -> None:
    with pytest.raises(DomainError) as refused:
        score(period, party.filler, party.head, 95, 101, 90, 90)
    demo = Indicator.objects.get(name="民主测评")
    assert refused.value.field == f"score_{demo.pk}"
    assert refused.value.message == "“民主测评”的得分应在0至100分之间。"
    assert assessment_of(period, party.filler).scored_at is None
    assert not Score.objects.exists()


def test_a_poor_result_is_reported_to_the_committee_once(
    party: Cast, period: AssessmentPeriod
) -> None:
    score(period, party.filler, party.head, 40, 55, 50, 30)  # 44.5
    assert _told("不良") == {"committee"}
    score(period, party.filler, party.head, 40, 50, 50, 30)  # still 不良: no second notice
    assert Notification.objects.filter(title__contains="不良").count() == 1
    # The committee scoring a department leader 不良 is not told of its own act.
    score(period, party.head, party.committee, 10, 10, 10, 10)
    assert Notification.objects.filter(title__contains="不良").count() == 1


def test_closing_records_the_poor_results_for_the_integrity_file(
    party: Cast, period: AssessmentPeriod
) -> None:
    poor = score(period, party.filler, party.head, 40, 55, 50, 30)
    score(period, party.outsider, party.other_head, 90, 90, 90, 90)
    assert list(adverse_results_of(party.filler)) == []  # not final while open
    period_close(period=period, actor=party.committee)
    poor.refresh_from_db()
    assert poor.filed_at is not None
    assert list(adverse_results_of(party.filler)) == [poor]
    assert list(adverse_results_of(party.outsider)) == []
    filed = AuditEntry.objects.get(action=actions.ASSESSMENT_FILE_ADVERSE)
    assert filed.object_id == str(poor.pk) and filed.data["grade"] == "poor"
    closed = AuditEntry.objects.get(action=actions.ASSESSMENT_PERIOD_CLOSE)
    assert closed.data == {"scored": 2, "unscored": 6, "adverse": 1}
    # The people scored hear that their result is out.
    assert _told("结果已公布") == {"filler", "outsider"}
    with pytest.raises(DomainError, match="已经结束"):
        score(period, party.outsider, party.other_head, 80, 80, 80, 80)
    with pytest.raises(DomainError, match="已经结束"):
        period_close(period=period, actor=party.committee)


def test_the_deadline_moves_while_open(party: Cast, period: AssessmentPeriod) -> None:
    new = period.deadline + timedelta(days=5)
    period_set_deadline(period=period, actor=party.committee, deadline=new)
    period.refresh_from_db()
    assert period.deadline == new
    row = AuditEntry.objects.get(action=actions.ASSESSMENT_PERIOD_UPDATE)
    assert row.data["old_deadline"] == (new - timedelta(days=5)).isoformat()
    with pytest.raises(PermissionDenied):
        period_set_deadline(period=period, actor=party.head, deadline=new)


def test_a_changed_indicator_leaves_given_scores_alone(
    party: Cast, period: AssessmentPeriod
) -> None:
    before = score(period, party.filler, party.head, 80, 80, 80, 80)
    supervision = Indicator.objects.get(name="监督检查")
    indicator_update(
        indicator=supervision,
        actor=party.admin,
        data=IndicatorData(name="监督检查", weight=70, min_score=D(0), max_score=D(10)),
    )
    kept = Score.objects.get(assessment=before, indicator=supervision)
    assert (kept.weight, kept.max_score) == (30, D(100))
    before.refresh_from_db()
    assert before.total == D("80.00")
    # The next scoring uses the new weight and range:
    # (70·10/10 + 30·0.8 + 20·0.8 + 20·0.8) / 140 · 100 = 126 / 140 · 100 = 90.
    after = score(period, party.outsider, party.other_head, 10, 80, 80, 80)
    assert after.total == D("90.00")
    with pytest.raises(DomainError, match="应在0至10分之间"):
        score(period, party.head, party.leader, 80, 80, 80, 80)


def test_indicators_are_checked(party: Cast) -> None:
    data = IndicatorData(name="民主测评", weight=30, min_score=D(0), max_score=D(100))
    indicator_create(actor=party.committee, data=data)
    with pytest.raises(DomainError, match="同名"):
        indicator_create(actor=party.admin, data=data)
    with pytest.raises(DomainError, match="最高分应大于最低分") as refused:
        indicator_create(
            actor=party.admin,
            data=IndicatorData(name="个别谈话", weight=10, min_score=D(5), max_score=D(5)),
        )
    assert refused.value.field == "max_score"
    with pytest.raises(PermissionDenied):
        indicator_create(actor=party.head, data=IndicatorData("x", 1, D(0), D(1)))
    row = AuditEntry.objects.get(action=actions.ASSESSMENT_INDICATOR_CREATE)
    assert row.data["name"] == "民主测评"


def test_the_thresholds(party: Cast, period: AssessmentPeriod) -> None:
    assert grade_scale().pk is None  # the defaults until saved
    grade_scale_update(actor=party.committee, thresholds=Thresholds(D(95), D(85), D(70)))
    assert (grade_scale().good_from, grade_scale().fair_from) == (D(95), D(70))
    # 80 was 良好 under the defaults; it is 一般 now.
    assert score(period, party.outsider, party.other_head, 80, 80, 80, 80).grade == Grade.FAIR
    with pytest.raises(DomainError):
        grade_scale_update(actor=party.admin, thresholds=Thresholds(D(80), D(85), D(70)))
    with pytest.raises(PermissionDenied):
        grade_scale_update(actor=party.head, thresholds=Thresholds(D(95), D(85), D(70)))
    assert AuditEntry.objects.filter(action=actions.GRADE_SCALE_UPDATE).count() == 1


def test_assessments_keep_the_layer_and_unit_of_the_day_they_opened(
    party: Cast, period: AssessmentPeriod
) -> None:
    party.filler.unit = party.other_dept
    party.filler.save(update_fields=["unit"])
    assessment = Assessment.objects.get(period=period, person=party.filler)
    assert assessment.unit == party.dept
