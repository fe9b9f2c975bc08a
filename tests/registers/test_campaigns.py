"""Campaigns (排查工作): creation prefills the Annex 3 schedule, the rules of an update, and
creating and starting one from the administrator's pages."""

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from registers.data import CampaignData
from registers.exceptions import DomainError
from registers.models import Campaign, CategorySet
from registers.services import (
    campaign_create,
    campaign_update,
)
from schedule.annex3 import ANNEX3_ROWS
from tests.conftest import Cast


def test_campaign_create_prefills_annex3_schedule(cast: Cast) -> None:
    data = CampaignData(
        year=2027,
        title="2027年度廉政风险排查",
        category_set=CategorySet.objects.get(is_default=True),
    )
    campaign = campaign_create(actor=cast.admin, data=data)
    rows = list(campaign.schedule.order_by("order"))
    assert len(rows) == len(ANNEX3_ROWS)
    assert rows[0].task == "制定下发局廉政风险排查防控工作方案"
    assert rows[5].required_state == "submitted"
    assert AuditEntry.objects.filter(action="campaign.create").exists()
    with pytest.raises(PermissionDenied):
        campaign_create(actor=cast.filler, data=data)


def test_campaign_update_rules(cast: Cast) -> None:
    default = CategorySet.objects.get(is_default=True)
    other = CategorySet.objects.exclude(pk=default.pk).first()
    data = CampaignData(year=2027, title="甲", category_set=default)
    campaign = campaign_create(actor=cast.admin, data=data)
    with pytest.raises(DomainError):
        campaign_update(
            campaign=campaign,
            actor=cast.admin,
            data=replace(
                data, publication_start=date(2027, 9, 10), publication_end=date(2027, 9, 1)
            ),
        )
    campaign_update(
        campaign=campaign,
        actor=cast.admin,
        data=replace(data, title="乙", category_set=other),
    )
    campaign.refresh_from_db()
    assert campaign.title == "乙" and campaign.category_set == other
    Campaign.objects.filter(pk=campaign.pk).update(started_at="2027-07-01T00:00:00+08:00")
    with pytest.raises(DomainError):
        campaign_update(
            campaign=campaign,
            actor=cast.admin,
            data=replace(CampaignData.of(campaign), category_set=default),
        )


def test_campaign_create_and_start_from_the_app(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    response = client.post(
        reverse("registers:campaign_create"),
        {
            "year": 2027,
            "title": "2027年度廉政风险排查防控",
            "grading_scheme": "levels",
            "category_set": CategorySet.objects.get(is_default=True).pk,
            "has_party_group_stage": "on",
            "high_share_target": 20,
            "high_share_tolerance": 10,
            "personal_scope": "everyone",
            "people_document": "doc004",
            "has_major_register": "on",
        },
    )
    campaign = Campaign.objects.get(year=2027)
    assert (campaign.personal_scope, campaign.people_document, campaign.has_major_register) == (
        "everyone",
        "doc004",
        True,
    )
    assert response["Location"] == reverse("registers:campaign_edit", args=[campaign.pk])
    page = client.get(response["Location"]).text
    assert "局党组召开会议进行动员部署" in page
    start = reverse("registers:campaign_start", args=[campaign.pk])
    client.post(start)
    campaign.refresh_from_db()
    assert campaign.started_at is not None
    assert campaign.registers.filter(unit=cast.dept).exists()
    assert campaign.registers.filter(level="personal", person=cast.filler).exists()
    assert campaign.registers.filter(level="major", unit=cast.bureau).exists()
    # Starting twice is a message, not an error page.
    response = client.post(start, follow=True)
    assert response.status_code == 200
    assert "该排查工作已经开始" in response.text
