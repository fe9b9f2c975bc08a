"""The demo organization and campaign (manage.py seed_demo): built again, nothing changes."""

from demo.organization import build_demo_organization
from demo.registers import build_demo_campaign
from orgs.models import User
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
