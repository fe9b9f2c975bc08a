"""Services added with the browser side: authority items, campaign create/update, demo."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from demo.registers import build_demo_campaign
from registers.choices import AuthorityCategory, AuthorityKind
from registers.exceptions import DomainError
from registers.models import AuthorityItem, Campaign, CategorySet, ProcedureStep, RiskEntry
from registers.services import (
    authority_item_create,
    authority_item_delete,
    authority_item_update,
    campaign_create,
    campaign_update,
)
from schedule.annex3 import ANNEX3_ROWS
from tests.conftest import Cast

STEPS = [
    {"name": "受理", "handler": "窗口岗", "time_limit": "1日"},
    {"name": "", "handler": "空行被忽略"},
    {"name": "审查", "handler": "审批岗"},
    {"name": "决定", "handler": "处长"},
]


def make_item(cast: Cast, **overrides: object) -> AuthorityItem:
    data = {
        "name": "建设项目环评审批",
        "kind": AuthorityKind.POWER,
        "category": AuthorityCategory.LICENSING,
        "legal_basis": "《环境影响评价法》第二十二条",
        **overrides,
    }
    return authority_item_create(actor=cast.filler, unit=cast.dept, steps=STEPS, **data)


def test_authority_item_create_keeps_steps_in_order_and_audits(cast: Cast) -> None:
    item = make_item(cast)
    assert list(item.steps.order_by("order").values_list("order", "name")) == [
        (1, "受理"),
        (2, "审查"),
        (3, "决定"),
    ]
    audit = AuditEntry.objects.get(action="authority_item.create")
    assert audit.actor == cast.filler
    assert audit.data["steps"] == ["受理", "审查", "决定"]


def test_authority_item_update_replaces_steps(cast: Cast) -> None:
    item = make_item(cast)
    authority_item_update(
        item=item,
        actor=cast.head,
        name="环评文件审批",
        steps=[{"name": "决定"}, {"name": "受理"}],
    )
    item.refresh_from_db()
    assert item.name == "环评文件审批"
    assert list(item.steps.order_by("order").values_list("name", flat=True)) == ["决定", "受理"]
    assert AuditEntry.objects.filter(action="authority_item.update").count() == 1


def test_only_the_units_people_keep_its_list(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        authority_item_create(actor=cast.outsider, unit=cast.dept, steps=[], name="越权添加")
    item = make_item(cast)
    with pytest.raises(PermissionDenied):
        authority_item_update(item=item, actor=cast.outsider, steps=[], name="x")
    with pytest.raises(PermissionDenied):
        authority_item_delete(item=item, actor=cast.leader)
    authority_item_delete(item=item, actor=cast.admin)
    assert not AuthorityItem.objects.exists()
    assert not ProcedureStep.objects.exists()
    assert AuditEntry.objects.filter(action="authority_item.delete").exists()


def test_authority_item_needs_a_name(cast: Cast) -> None:
    with pytest.raises(DomainError):
        make_item(cast, name="  ")


def test_campaign_create_prefills_annex3_schedule(cast: Cast) -> None:
    campaign = campaign_create(
        actor=cast.admin,
        year=2027,
        title="2027年度廉政风险排查",
        category_set=CategorySet.objects.get(is_default=True),
    )
    rows = list(campaign.schedule.order_by("order"))
    assert len(rows) == len(ANNEX3_ROWS)
    assert rows[0].task == "制定下发局廉政风险排查防控工作方案"
    assert rows[5].required_state == "submitted"
    assert AuditEntry.objects.filter(action="campaign.create").exists()
    with pytest.raises(PermissionDenied):
        campaign_create(actor=cast.filler, year=2027, title="x")


def test_campaign_update_rules(cast: Cast) -> None:
    default = CategorySet.objects.get(is_default=True)
    other = CategorySet.objects.exclude(pk=default.pk).first()
    campaign = campaign_create(actor=cast.admin, year=2027, title="甲", category_set=default)
    with pytest.raises(DomainError):
        campaign_update(
            campaign=campaign,
            actor=cast.admin,
            publication_start="2027-09-10",
            publication_end="2027-09-01",
        )
    campaign_update(campaign=campaign, actor=cast.admin, title="乙", category_set=other)
    campaign.refresh_from_db()
    assert campaign.title == "乙" and campaign.category_set == other
    Campaign.objects.filter(pk=campaign.pk).update(started_at="2027-07-01T00:00:00+08:00")
    with pytest.raises(DomainError):
        campaign_update(campaign=campaign, actor=cast.admin, category_set=default)


def test_demo_is_idempotent(db: None) -> None:
    from demo.organization import build_demo_organization

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


# --- Authority and campaign pages ---------------------------------------------------------------


def test_authority_list_filters_and_search(client: Client, cast: Cast) -> None:
    make_item(cast)
    authority_item_create(
        actor=cast.outsider,
        unit=cast.other_dept,
        steps=[],
        name="专项资金拨付",
        kind=AuthorityKind.DUTY,
        category=AuthorityCategory.INTERNAL,
    )
    client.force_login(cast.outsider)
    url = reverse("registers:authority_list")
    assert "建设项目环评审批" in client.get(url).text
    assert "专项资金拨付" not in client.get(url, {"unit": cast.dept.pk}).text
    assert "建设项目环评审批" not in client.get(url, {"kind": "duty"}).text
    assert "专项资金拨付" not in client.get(url, {"category": "licensing"}).text
    found = client.get(url, {"q": "影响评价法"}).text
    assert "建设项目环评审批" in found and "专项资金拨付" not in found


def test_authority_form_with_steps(client: Client, cast: Cast) -> None:
    client.force_login(cast.filler)
    data = {
        "unit": cast.dept.pk,
        "name": "排污许可证核发",
        "kind": "power",
        "category": "licensing",
        "legal_basis": "",
        "responsible_subject": "审批处",
        "supervision_method": "",
        "order": 0,
        "steps-TOTAL_FORMS": 3,
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
        "steps-0-name": "发证",
        "steps-0-ORDER": 2,
        "steps-1-name": "受理",
        "steps-1-ORDER": 1,
        "steps-2-name": "",
    }
    response = client.post(reverse("registers:authority_create"), data)
    item = AuthorityItem.objects.get(name="排污许可证核发")
    assert response["Location"] == reverse("registers:authority_detail", args=[item.pk])
    assert list(item.steps.order_by("order").values_list("name", flat=True)) == ["受理", "发证"]
    detail = client.get(response["Location"]).text
    assert detail.index("受理") < detail.index("发证")
    assert 'data-testid="procedure-flow"' in detail
    # Another department's member may read it but not change it.
    client.force_login(cast.outsider)
    assert client.get(reverse("registers:authority_detail", args=[item.pk])).status_code == 200
    assert client.get(reverse("registers:authority_edit", args=[item.pk])).status_code == 403
    delete = reverse("registers:authority_delete", args=[item.pk])
    assert client.post(delete).status_code == 403
    # ... and cannot file an item under it.
    data["name"] = "冒名添加"
    response = client.post(reverse("registers:authority_create"), data)
    assert response.status_code == 200
    assert not AuthorityItem.objects.filter(name="冒名添加").exists()


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
        },
    )
    campaign = Campaign.objects.get(year=2027)
    assert response["Location"] == reverse("registers:campaign_edit", args=[campaign.pk])
    page = client.get(response["Location"]).text
    assert "局党组召开会议进行动员部署" in page
    start = reverse("registers:campaign_start", args=[campaign.pk])
    client.post(start)
    campaign.refresh_from_db()
    assert campaign.started_at is not None
    assert campaign.registers.filter(unit=cast.dept).exists()
    # Starting twice is a message, not an error page.
    response = client.post(start, follow=True)
    assert response.status_code == 200
    assert "该排查工作已经开始" in response.text


@pytest.mark.parametrize(
    ("who", "can_edit"),
    [
        ("filler", True),
        ("head", True),
        ("leader", False),
        ("principal", False),
        ("committee", False),
        ("admin", True),
        ("outsider", False),
    ],
)
def test_authority_item_rights_across_the_cast(
    client: Client, cast: Cast, who: str, can_edit: bool
) -> None:
    item = make_item(cast)
    client.force_login(cast.users()[who])
    detail = client.get(reverse("registers:authority_detail", args=[item.pk]))
    assert detail.status_code == 200  # the lists are public within the organization
    assert (reverse("registers:authority_edit", args=[item.pk]) in detail.text) == can_edit
    edit = client.get(reverse("registers:authority_edit", args=[item.pk]))
    assert edit.status_code == (200 if can_edit else 403)
    delete = client.post(reverse("registers:authority_delete", args=[item.pk]))
    assert delete.status_code == (302 if can_edit else 403)
    assert AuthorityItem.objects.filter(pk=item.pk).exists() != can_edit
