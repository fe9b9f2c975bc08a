"""The demo organization and campaign (manage.py seed_demo): built again, nothing changes."""

from django.utils import timezone

from demo.organization import build_demo_organization
from demo.oversight import build_demo_oversight
from demo.registers import build_demo_campaign
from orgs.models import User
from oversight.choices import RectificationState, WarningLevel, WarningState
from oversight.models import Action, Lead, Rectification, Warning
from registers.models import AuthorityItem, RiskEntry
from schedule.annex3 import ANNEX3_ROWS


def test_demo_organization_is_idempotent(db: None) -> None:
    first = build_demo_organization()
    second = build_demo_organization()
    assert first == second
    assert first.units >= 40 and 70 <= first.people <= 120
    names = list(User.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("Qinglian2026!")


def test_demo_campaign_is_idempotent(db: None) -> None:
    build_demo_organization()
    campaign = build_demo_campaign()
    counts = (RiskEntry.objects.count(), AuthorityItem.objects.count(), campaign.schedule.count())
    assert counts[0] >= 20 and counts[1] >= 5 and counts[2] == len(ANNEX3_ROWS)
    bureau = campaign.registers.get(unit__code="HZEEB", level="unit")
    assert bureau.entries.filter(category__name="议事决策类").count() >= 3
    build_demo_campaign()
    assert (
        RiskEntry.objects.count(),
        AuthorityItem.objects.count(),
        campaign.schedule.count(),
    ) == counts


def test_demo_oversight_has_every_level_and_state_once(db: None) -> None:
    """A warning of each level in a different state, open, overdue, submitted and closed
    rectification items, leads and actions, and nothing twice when seeded again."""
    build_demo_organization()
    build_demo_campaign()
    today = timezone.localdate()
    summary = build_demo_oversight(today=today)
    assert summary is not None and summary.leads == 3
    states = dict(Warning.objects.values_list("level", "state"))
    assert states == {
        WarningLevel.GENERAL: WarningState.CLOSED,
        WarningLevel.IMPORTANT: WarningState.ISSUED,
        WarningLevel.HIGHEST: WarningState.PENDING_APPROVAL,
    }
    items = Rectification.objects.all()
    assert {item.state for item in items} == {
        RectificationState.OPEN,
        RectificationState.SUBMITTED,
        RectificationState.CLOSED,
    }
    assert items.filter(state=RectificationState.OPEN, deadline__lt=today).exists()
    assert Lead.objects.count() == 3 and Action.objects.count() == 2
    assert build_demo_oversight(today=today) is None
    assert Warning.objects.count() == 3
