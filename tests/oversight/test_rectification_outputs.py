"""The official outputs and the ledgers: the 整改情况报告 PDF in an official letter's layout, a
unit's ledgers (整改台账 / 措施落实台账) on screen and as xlsx, within the viewer's scope, and
the statistics page's section of warnings and rectification per unit and quarter."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from audit import actions
from audit.models import AuditEntry
from oversight.choices import ActionStatus
from oversight.models import Action, Rectification
from oversight.rectification import services
from registers.models import RiskEntry
from tests.clients import client_for
from tests.conftest import Cast
from tests.oversight.rectification_world import in_days, issued_warning, open_item, warning_item

pytestmark = pytest.mark.django_db


def test_the_report_pdf_is_an_official_letter(cast: Cast) -> None:
    item = open_item(cast)
    services.rectification_submit(rectification=item, actor=cast.filler, report="已补齐3件会审记录")
    response = client_for(cast.head).get(reverse("oversight:rectification_pdf", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    flat = "".join(text.split())
    year = timezone.localdate().year
    # Title, number, addressee, facts, requirement, deadline, report, issuing body and date.
    for part in (
        "整改情况报告",
        f"整改〔{year}〕{item.pk}号",
        "机关纪委:",
        "一、存在问题",
        "抽查的12件审批档案中有3件缺少集体会审记录",
        "二、整改措施",
        "补齐会审记录",
        "三、整改期限",
        f"{item.deadline.year}年{item.deadline.month}月{item.deadline.day}日前完成",
        "四、整改情况",
        "已补齐3件会审记录",
        "审批处",
        f"{year}年",
    ):
        assert part in flat, part
    assert AuditEntry.objects.filter(
        action=actions.RECTIFICATION_EXPORT_PDF, actor=cast.head, object_id=str(item.pk)
    ).exists()
    # Outside the item's circle there is no report to export.
    response = client_for(cast.outsider).get(reverse("oversight:rectification_pdf", args=[item.pk]))
    assert response.status_code == 404


def test_ledger_scope(cast: Cast) -> None:
    open_item(cast, title="审批处事项")
    open_item(cast, title="财务处事项", unit=cast.other_dept, owner=cast.outsider)
    own = reverse("oversight:ledger")
    dept, other = (
        reverse("oversight:ledger_unit", args=[u.pk]) for u in (cast.dept, cast.other_dept)
    )
    # Staff: his own unit's ledger by default; another unit's is a 404, its export too.
    page = client_for(cast.filler).get(own)
    assert page.context["unit"] == cast.dept
    assert [r.title for r, _overdue in page.context["rectifications"]] == ["审批处事项"]
    assert client_for(cast.filler).get(other).status_code == 404
    xlsx = reverse("oversight:ledger_xlsx", args=[cast.other_dept.pk])
    assert client_for(cast.filler).get(xlsx).status_code == 404
    # The leader in charge of 审批处 sees it, not 财务处; the committee and admin see both.
    assert client_for(cast.leader).get(dept).status_code == 200
    assert client_for(cast.leader).get(other).status_code == 404
    for user in (cast.committee, cast.admin, cast.principal):
        assert client_for(user).get(other).status_code == 200


def test_ledger_hides_a_confidential_item_from_those_outside_its_circle(cast: Cast) -> None:
    warning_item(cast)
    url = reverse("oversight:ledger_unit", args=[cast.dept.pk])
    titles = {
        name: [r.title for r, _o in client_for(user).get(url).context["rectifications"]]
        for name, user in (("filler", cast.filler), ("head", cast.head), ("admin", cast.admin))
    }
    assert titles == {"filler": [], "head": ["预警整改:简化审批程序"], "admin": []}


def test_ledger_xlsx_has_both_ledgers(cast: Cast, party: Cast, high_entry: RiskEntry) -> None:
    item = open_item(cast, title='=HYPERLINK("x")')  # a formula stays text
    Rectification.objects.filter(pk=item.pk).update(deadline=in_days(-1))
    Action.objects.create(
        entry=high_entry,
        content="建立集体会审台账",
        owner=cast.filler,
        deadline=in_days(3),
        status=ActionStatus.IN_PROGRESS,
    )
    response = client_for(cast.head).get(reverse("oversight:ledger_xlsx", args=[cast.dept.pk]))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["整改台账", "措施落实台账"]
    items = workbook["整改台账"]
    assert items["A1"].value == "审批处整改台账"
    assert [c.value for c in items[2]][:8] == [
        "整改事项", "来源", "存在问题", "整改措施", "整改责任人", "整改期限", "状态", "是否逾期",
    ]  # fmt: skip
    row = [c.value for c in items[3]]
    assert row[0] == '=HYPERLINK("x")' and items["A3"].data_type == "s"
    assert row[1:8] == [
        "监督检查",
        "抽查的12件审批档案中有3件缺少集体会审记录。",
        "补齐会审记录;建立档案核查制度",
        "刘经办",
        in_days(-1).isoformat(),
        "整改中",
        "逾期",
    ]
    measures = workbook["措施落实台账"]
    assert [c.value for c in measures[3]][:6] == [
        "建立集体会审台账",
        "违规审批建设项目环评文件",
        high_entry.register.campaign.title,
        "刘经办",
        in_days(3).isoformat(),
        "落实中",
    ]
    export = AuditEntry.objects.get(action=actions.OVERSIGHT_EXPORT_LEDGER)
    assert (export.actor, export.data) == (cast.head, {"rectifications": 1, "actions": 1})


def test_statistics_per_unit_and_quarter(cast: Cast, party: Cast, high_entry: RiskEntry) -> None:
    campaign = high_entry.register.campaign
    campaign.year = timezone.localdate().year
    campaign.save(update_fields=["year"])
    open_item(cast, title="审批处事项")
    closed = open_item(cast, title="已销号")
    services.rectification_submit(rectification=closed, actor=cast.filler, report="完成")
    services.rectification_close(rectification=closed, actor=cast.committee, note="同意")
    open_item(cast, title="财务处事项", unit=cast.other_dept, owner=cast.outsider)
    warning_item(cast, issued_warning(cast))
    quarter = (timezone.localdate().month - 1) // 3 + 1

    committee = client_for(cast.committee).get(reverse("reports:stats"), {"campaign": campaign.pk})
    section = committee.context["stats_sections"][0]
    lines = {(s.unit, s.quarter): s for s in section.context["lines"]}
    dept = lines[("审批处", quarter)]
    assert dept.warnings == [0, 1, 0]  # one 重要预警
    assert (dept.new, dept.closed, dept.open, dept.overdue) == (3, 1, 2, 0)
    assert lines[("财务处", quarter)].new == 1
    assert "廉情预警" in committee.content.decode()

    # The leader in charge of 审批处: its counts only, no warnings, no confidential item.
    leader = client_for(cast.leader).get(reverse("reports:stats"), {"campaign": campaign.pk})
    section = leader.context["stats_sections"][0]
    assert section.context["with_warnings"] is False
    assert [(s.unit, s.new, s.warnings) for s in section.context["lines"]] == [
        ("审批处", 2, [0, 0, 0])
    ]
    assert 'data-stats-section="oversight"' in leader.content.decode()
    assert "重要预警" not in leader.content.decode()
