"""The demo's assessed quarter (demo/assessment.py): the quarter before today, everyone scored by
his expected assessor, closed, with the 不良 of the enforcement head recorded for his integrity
file; seeded once."""

from datetime import date

from assessment.choices import Grade, PeriodState
from assessment.models import Assessment, AssessmentPeriod
from assessment.permissions import assessor_role_of
from assessment.selectors import adverse_results_of
from demo.assessment import build_demo_assessment, previous_quarter
from demo.organization import build_demo_organization
from orgs.models import Unit, User


def test_the_demo_assesses_the_previous_quarter_once(db: None) -> None:
    build_demo_organization()
    today = date(2026, 2, 10)
    summary = build_demo_assessment(today=today)
    assert summary is not None
    period = AssessmentPeriod.objects.get()
    assert (period.year, period.quarter, period.state) == (2025, 4, PeriodState.CLOSED)
    assert summary.period == "2025年第4季度廉政考核"
    assert (
        summary.assessed
        == summary.scored
        == User.objects.filter(is_active=True, is_superuser=False, unit__isnull=False).count()
    )
    assert summary.adverse == 1
    enforcer = Unit.objects.get(code="D11").head
    assert enforcer is not None
    (poor,) = adverse_results_of(enforcer)
    assert poor.filed_at is not None and poor.total is not None and poor.total < 60
    assert Assessment.objects.get(person__username="jingban").grade == Grade.FAIR
    # Each was scored by someone the rule allows, in the capacity it gives.
    for a in Assessment.objects.select_related("unit", "scored_by"):
        assert a.scored_by is not None and assessor_role_of(a.scored_by, a) == a.assessor_role
    assert build_demo_assessment(today=today) is None
    assert AssessmentPeriod.objects.count() == 1


def test_the_previous_quarter() -> None:
    assert previous_quarter(date(2026, 1, 1)) == (2025, 4)
    assert previous_quarter(date(2026, 4, 1)) == (2026, 1)
    assert previous_quarter(date(2026, 12, 31)) == (2026, 3)
