"""Registers with content for the export tests: a unit-level register long enough to span pages
and signed by the principal, a department register, another department's published register, and
a post-level one. States and signatures come from the workflow services (tests/walk.py)."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from registers.choices import RegisterLevel, RegisterState
from registers.models import Campaign, Category, Register, RiskEntry
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory
from tests.walk import walk_to

STARTED_AT = datetime(2026, 8, 9, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
LONG = "在行政审批过程中,可能存在未严格按照法定程序和时限办理、违规收受管理服务对象好处的风险"


@dataclass
class Data:
    campaign: Campaign
    categories: list[Category]
    unit_register: Register
    dept_register: Register
    other_register: Register
    post_register: Register


def make_entries(register: Register, categories: list[Category], count: int) -> list[RiskEntry]:
    """`count` entries, most in the second category (so it runs over a page break); the third
    category stays empty."""
    entries = []
    for index in range(count):
        category = (
            categories[0] if index < 3 else categories[1] if index < count - 2 else categories[4]
        )
        entries.append(
            RiskEntry(
                register=register,
                category=category,
                order=index,
                risk=f"{LONG}第{index:03d}号",
                grade=(1 if index % 5 == 0 else 2 if index % 2 else 3),
                responsible_department="审批处",
                responsible_leader_name="李副局长",
                manifestations=f"表现形式{index}",
                prevention_measures=f"防控措施{index}",
            )
        )
    return RiskEntry.objects.bulk_create(entries)


@pytest.fixture
def data(cast: Cast) -> Data:
    # Without the party group's stage (nobody in the cast deliberates): the committee's approval
    # leads to publication.
    campaign = CampaignFactory(
        title="2026年度廉政风险排查", started_at=STARTED_AT, has_party_group_stage=False
    )
    categories = list(campaign.category_set.categories.order_by("order"))
    unit_register = RegisterFactory(campaign=campaign, unit=cast.bureau, level=RegisterLevel.UNIT)
    dept_register = RegisterFactory(
        campaign=campaign, unit=cast.dept, level=RegisterLevel.DEPARTMENT
    )
    other_register = RegisterFactory(
        campaign=campaign, unit=cast.other_dept, level=RegisterLevel.DEPARTMENT
    )
    post_register = RegisterFactory(
        campaign=campaign, unit=cast.dept, level=RegisterLevel.POST, post=cast.key_post
    )
    make_entries(unit_register, categories, 40)
    make_entries(dept_register, categories, 6)
    make_entries(other_register, categories, 4)
    make_entries(post_register, categories, 5)
    walk_to(unit_register, RegisterState.SIGNED)  # signed by the bureau's principal
    walk_to(other_register, RegisterState.PUBLISHED)
    return Data(
        campaign=campaign,
        categories=categories,
        unit_register=unit_register,
        dept_register=dept_register,
        other_register=other_register,
        post_register=post_register,
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Export jobs save their files: keep them out of var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
