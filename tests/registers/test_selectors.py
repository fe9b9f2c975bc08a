"""registers.selectors.campaign_from_query: the one way a page picks its campaign from
`?campaign=`."""

import pytest
from django.http import Http404, QueryDict
from django.test import Client
from django.urls import reverse

from registers.models import Campaign
from registers.selectors import campaign_from_query, current_campaign
from tests.conftest import Cast
from tests.factories import CampaignFactory


@pytest.fixture
def campaigns(db: None) -> list[Campaign]:
    return [
        CampaignFactory(year=2025, started_at="2025-07-01T00:00:00+08:00"),
        CampaignFactory(year=2026, started_at="2026-07-01T00:00:00+08:00"),
        CampaignFactory(year=2027),  # not started: never the current one
    ]


@pytest.mark.parametrize("offered", ["queryset", "list"])
def test_an_offered_id_picks_that_campaign(campaigns: list[Campaign], offered: str) -> None:
    among = Campaign.objects.all() if offered == "queryset" else list(campaigns)
    query = QueryDict(f"campaign={campaigns[0].pk}")
    assert campaign_from_query(query, among) == campaigns[0]


@pytest.mark.parametrize(
    "raw", ["", "campaign=", "campaign=abc", "campaign=%C2%B2", "campaign=1.5"]
)
def test_no_usable_id_falls_back_to_the_default(campaigns: list[Campaign], raw: str) -> None:
    query = QueryDict(raw)
    assert current_campaign() == campaigns[1]
    assert campaign_from_query(query, Campaign.objects.all()) == campaigns[1]
    assert campaign_from_query(query, campaigns, default=lambda: campaigns[2]) == campaigns[2]


@pytest.mark.parametrize("offered", ["queryset", "list"])
def test_an_id_not_offered_is_a_404(campaigns: list[Campaign], offered: str) -> None:
    among = (
        Campaign.objects.filter(started_at__isnull=False)
        if offered == "queryset"
        else campaigns[:2]
    )
    for raw in (str(campaigns[2].pk), "-1", "99999999999999999999"):
        with pytest.raises(Http404):
            campaign_from_query(QueryDict(f"campaign={raw}"), among)


def test_pages_picking_a_campaign_never_fail_on_a_strange_id(
    client: Client, cast: Cast, campaigns: list[Campaign]
) -> None:
    # "²" passes str.isdigit() but not int(): the exports page once answered it with a 500.
    client.force_login(cast.admin)
    for name in ("reports:exports_home", "reports:stats", "workflow:overview"):
        response = client.get(reverse(name), {"campaign": "²"})
        assert response.status_code in (200, 302), name
        assert client.get(reverse(name), {"campaign": "99999"}).status_code == 404, name
