"""The full register export: every field of every entry, one row each, and imported into an
empty register it gives the same register back, field by field."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from audit import actions
from audit.models import AuditEntry
from registers.choices import Impact, Likelihood
from registers.data import ENTRY_ATTNAMES
from registers.models import AuthorityItem, Register, RiskEntry
from tests.conftest import Cast
from tests.factories import RegisterFactory, RiskEntryFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def source(cast: Cast) -> Register:
    """A register whose entries use every field, with texts the import must keep as they are:
    numbering that is the filler's own, a section number, line breaks, a leading "=", an
    ungraded entry and extra fields from an earlier import."""
    register = RegisterFactory(unit=cast.dept)
    categories = list(register.campaign.category_set.categories.order_by("order"))
    item = AuthorityItem.objects.create(
        unit=cast.dept, name="建设项目环评审批", kind="power", category="approval"
    )
    RiskEntryFactory(
        register=register,
        category=categories[1],
        order=1,
        risk="1、违规审批建设项目环评文件",
        manifestations="1.降低标准审批;2.超时限办理",
        cause="审批权集中,自由裁量空间大",
        likelihood=Likelihood.HIGH,
        impact=Impact.SEVERE,
        grade=1,
        prevention_measures="集体会审;\n全程留痕",
        monitoring_indicator="每季度抽查审批卷宗不少于10%",
        responsible_department="审批处",
        responsible_post="审批岗",
        responsible_leader=cast.leader,
        responsible_leader_name=cast.leader.name,
        authority_item=item,
        extra_fields=[["岗位职责", "负责环评文件受理审查"], ["备注", "2025年新增"]],
    )
    RiskEntryFactory(
        register=register,
        category=categories[1],
        order=2,
        risk="2.1 现场核查走过场",
        likelihood=Likelihood.LOW,
        impact=Impact.MINOR,
        grade=1,
        grade_override_reason="近三年发生过两起",
        responsible_leader_name="外聘专家组",
    )
    RiskEntryFactory(
        register=register,
        category=categories[5],
        order=1,
        risk="=接受管理服务对象宴请",
        grade=None,
        extra_fields=[["备注", "待评定"]],
    )
    RiskEntryFactory(register=register, category=categories[0], order=1, risk="议事不民主", grade=3)
    return register


def _compared(register: Register) -> list[dict[str, object]]:
    entries = RiskEntry.objects.filter(register=register).order_by("category__order", "order", "id")
    return [
        {"order": entry.order, **{name: getattr(entry, a) for name, a in ENTRY_ATTNAMES.items()}}
        for entry in entries
    ]


def test_the_full_export_imports_back_as_the_same_register(
    client: Client, cast: Cast, source: Register
) -> None:
    client.force_login(cast.filler)
    response = client.get(reverse("reports:register_export", args=[source.pk, "full.xlsx"]))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=actions.REGISTER_EXPORT_FULL_XLSX).count() == 1
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[2]]
    assert headers[:3] == ["序号", "排查类别", "主要廉政风险"]
    assert {"形成原因", "监测指标", "责任岗位", "关联权责事项", "岗位职责", "备注"} <= set(headers)
    assert sheet.max_row == 2 + 4

    target = RegisterFactory(unit=cast.dept)
    upload = client.post(
        reverse("registers:import", args=[target.pk]),
        {"file": SimpleUploadedFile("完整.xlsx", response.content, content_type=XLSX)},
    )
    token = upload["Location"].split("/import/")[1].split("/")[0]
    preview_url = reverse("registers:import_preview", args=[target.pk, token])
    assert upload["Location"] == preview_url  # every column known: no mapping step
    preview = client.get(preview_url)
    assert 'data-testid="import-commit"' in preview.text, preview.text
    assert 'data-testid="import-numbering"' not in preview.text  # not the Annex layout
    client.post(
        reverse("registers:import_commit", args=[target.pk, token]),
        {"expected_revision": target.revision},
    )
    assert _compared(target) == _compared(source)
