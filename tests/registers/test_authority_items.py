"""Power and duty lists (权责清单): the services (steps kept in order, audited, only the unit's
people keep its list) and the pages (filters and search, the form with its steps, rights across
the cast)."""

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from registers.choices import AuthorityCategory, AuthorityKind
from registers.data import AuthorityItemData, ProcedureStepData
from registers.exceptions import DomainError
from registers.models import AuthorityItem, ProcedureStep
from registers.services import (
    authority_item_create,
    authority_item_delete,
    authority_item_update,
)
from tests.conftest import Cast

STEPS = [
    ProcedureStepData(name="受理", handler="窗口岗", time_limit="1日"),
    ProcedureStepData(name="", handler="空行被忽略"),
    ProcedureStepData(name="审查", handler="审批岗"),
    ProcedureStepData(name="决定", handler="处长"),
]

ITEM = AuthorityItemData(
    name="建设项目环评审批",
    kind=AuthorityKind.POWER,
    category=AuthorityCategory.LICENSING,
    legal_basis="《环境影响评价法》第二十二条",
)


def make_item(cast: Cast, data: AuthorityItemData = ITEM) -> AuthorityItem:
    return authority_item_create(actor=cast.filler, unit=cast.dept, data=data, steps=STEPS)


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
        data=replace(ITEM, name="环评文件审批"),
        steps=[ProcedureStepData(name="决定"), ProcedureStepData(name="受理")],
    )
    item.refresh_from_db()
    assert item.name == "环评文件审批"
    assert list(item.steps.order_by("order").values_list("name", flat=True)) == ["决定", "受理"]
    assert AuditEntry.objects.filter(action="authority_item.update").count() == 1


def test_only_the_units_people_keep_its_list(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        authority_item_create(
            actor=cast.outsider, unit=cast.dept, data=replace(ITEM, name="越权添加"), steps=[]
        )
    item = make_item(cast)
    with pytest.raises(PermissionDenied):
        authority_item_update(
            item=item, actor=cast.outsider, data=replace(ITEM, name="x"), steps=[]
        )
    with pytest.raises(PermissionDenied):
        authority_item_delete(item=item, actor=cast.leader)
    authority_item_delete(item=item, actor=cast.admin)
    assert not AuthorityItem.objects.exists()
    assert not ProcedureStep.objects.exists()
    assert AuditEntry.objects.filter(action="authority_item.delete").exists()


def test_authority_item_needs_a_name(cast: Cast) -> None:
    with pytest.raises(DomainError):
        make_item(cast, replace(ITEM, name="  "))


def test_authority_list_filters_and_search(client: Client, cast: Cast) -> None:
    make_item(cast)
    authority_item_create(
        actor=cast.outsider,
        unit=cast.other_dept,
        data=AuthorityItemData(
            name="专项资金拨付", kind=AuthorityKind.DUTY, category=AuthorityCategory.INTERNAL
        ),
        steps=[],
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
