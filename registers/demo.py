"""The demo campaign: this year's round of the work, started, on document 000's six categories."""

from django.utils import timezone

from orgs.models import User
from registers.models import Campaign, CategorySet
from registers.services import campaign_start


def build_demo_campaign() -> Campaign:
    """Create and start the current demo campaign once; later runs return it unchanged."""
    year = timezone.localdate().year
    campaign = Campaign.objects.filter(year=year, title__startswith="[演示]").first()
    if campaign is None:
        campaign = Campaign.objects.create(
            year=year,
            title=f"[演示]{year}年度廉政风险排查防控",
            category_set=CategorySet.objects.get(is_default=True),
        )
    if campaign.started_at is None:
        campaign_start(campaign=campaign, actor=User.objects.get(username="admin"))
    return campaign
