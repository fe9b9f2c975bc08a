"""The xlsx exports read back with openpyxl: merges, headers, values, print set-up, no formulas."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from registers.choices import RegisterState
from registers.models import RiskEntry
from reports import forms_text as ft
from reports.annex import annex_table, schedule_table
from reports.choices import ExportKind
from reports.exports import export_build
from reports.xlsx import annex_xlsx, schedule_xlsx
from schedule.models import ScheduleTask
from tests.reports.conftest import Data
from workflow.models import Signature

pytestmark = pytest.mark.django_db


def sheet(content: bytes, index: int = 0) -> Worksheet:
    return load_workbook(io.BytesIO(content)).worksheets[index]


def no_formulas(ws: Worksheet) -> None:
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_annex1_xlsx_layout(data: Data) -> None:
    ws = sheet(annex_xlsx(annex_table(data.unit_register)))
    assert ws["A1"].value == "附件1"
    assert ws["A2"].value == "测试局廉政风险清单"
    assert ws["A3"].value == "填报单位:测试局"
    signed = timezone.localdate(Signature.objects.get(register=data.unit_register).signed_at)
    day = f"{signed.year}年{signed.month}月{signed.day}日"
    assert ws["C3"].value == f"单位主要负责人(签字):王局长  {day}"
    assert [ws.cell(4, c).value for c in range(1, 6)] == ft.ANNEX_HEADERS
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    merged = {str(rng) for rng in ws.merged_cells.ranges}
    assert "A1:E1" in merged and "A2:E2" in merged
    # 议事决策类 holds entries 0-2 (rows 5-7), 权力运行类 the next 35 (rows 8-42): its cell is cut
    # where the pages break, each piece named again (tests/reports/test_xlsx_print.py).
    assert "A5:A7" in merged
    pieces = [rng for rng in ws.merged_cells.ranges if rng.max_col == 1 and rng.min_row >= 8]
    assert min(rng.min_row for rng in pieces) == 8
    assert {ws.cell(rng.min_row, 1).value for rng in pieces if rng.max_row <= 42} == {"权力运行类"}
    assert ws["A5"].value == "议事决策类" and ws["A8"].value == "权力运行类"
    assert ws["B5"].value.startswith("1、") and ws["B8"].value.startswith("1、")
    assert ws["B9"].value.startswith("2、")
    # The empty category still has its row.
    assert ws["A43"].value == "制度机制类" and ws["B43"].value in (None, "")
    assert ws["C5"].value == "高" and ws["E5"].value == "李副局长"
    assert ws["B5"].alignment.wrap_text and ws["B5"].border.left.style == "thin"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    last = ws.max_row
    assert ws.cell(last, 1).value == ft.ANNEX1_NOTE_LINES[0]
    texts = {ws.cell(r, 2).value for r in range(1, last + 1)}
    for number, entry in enumerate(
        RiskEntry.objects.filter(register=data.unit_register, category=data.categories[1]).order_by(
            "order"
        ),
        start=1,
    ):
        assert f"{number}、{entry.risk}" in texts
    no_formulas(ws)


def test_annex2_xlsx_title_lines_and_notes(data: Data) -> None:
    ws = sheet(annex_xlsx(annex_table(data.dept_register)))
    assert ws["A1"].value == "附件2"
    assert ws["A2"].value == "测试局机关处室、城区分局、直属单位"
    assert ws["A3"].value == "廉政风险清单"
    assert ws["A4"].value == "填报部门(单位):审批处"
    assert ws["C4"].value == "分管领导(签字):"
    assert ws.print_title_rows == "$5:$5"
    assert [ws.cell(ws.max_row - 1, 1).value, ws.cell(ws.max_row, 1).value] == ft.ANNEX2_NOTE_LINES


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_formula_like_values_are_text(data: Data, payload: str) -> None:
    entry = RiskEntry.objects.filter(register=data.dept_register).order_by("order").first()
    entry.risk = payload
    entry.responsible_department = payload
    entry.save()
    ws = sheet(annex_xlsx(annex_table(data.dept_register)))
    assert ws["B6"].value == f"1、{payload}"
    assert ws["D6"].value == payload
    assert ws["D6"].data_type == "s"
    no_formulas(ws)


def test_annex3_xlsx_template_and_stage_merges(data: Data) -> None:
    ws = sheet(schedule_xlsx(schedule_table(data.campaign)))
    assert ws["A2"].value == "市生态环境局深入开展廉政风险排查防控工作安排"
    assert "模板" in ws["A3"].value
    assert [ws.cell(4, c).value for c in range(1, 7)] == [
        "序号",
        "阶段",
        "主要任务内容",
        "牵头单位",
        "责任单位",
        "完成时间",
    ]
    merged = {str(rng) for rng in ws.merged_cells.ranges}
    # Stages of 8, 4 and 1 rows, as in document 000.
    assert "B5:B12" in merged and "B13:B16" in merged
    assert ws["B17"].value == "巩固成果形成防控体系阶段"
    assert ws.print_title_rows == "$4:$4"


def test_annex3_uses_the_campaigns_rows(data: Data) -> None:
    ScheduleTask.objects.create(
        campaign=data.campaign,
        order=1,
        stage="部署",
        task="开会",
        lead_unit="机关党委",
        responsible_units="各处室",
        due_text="7月",
    )
    table = schedule_table(data.campaign)
    assert not table.is_template and [row.task for row in table.rows] == ["开会"]
    ws = sheet(schedule_xlsx(table))
    assert ws["A3"].value == "序号" and ws["C4"].value == "开会"


def test_campaign_workbook_summary_and_published_sheets(data: Data) -> None:
    content = export_build(kind=ExportKind.WORKBOOK_XLSX, params={"campaign": data.campaign.pk})
    wb = load_workbook(io.BytesIO(content.content))
    assert wb.sheetnames == ["汇总", "财务处"]  # only the published register gets a sheet
    summary = wb["汇总"]
    headers = [cell.value for cell in summary[2]]
    assert headers[:3] == ["单位/部门", "层面", "状态"]
    assert "议事决策类" in headers and "高" in headers and "高风险占比(%)" in headers
    assert "提交日期" in headers and "签字日期" in headers and "公示日期" in headers
    rows = {row[0]: row for row in summary.iter_rows(min_row=3, values_only=True)}
    bureau = rows["测试局"]
    assert bureau[2] == str(RegisterState.SIGNED.label)
    signed = Signature.objects.get(register=data.unit_register).signed_at
    assert bureau[headers.index("签字日期")] == timezone.localtime(signed).strftime("%Y-%m-%d")
    assert bureau[headers.index("提交日期")] and not bureau[headers.index("公示日期")]
    assert rows["财务处"][2] == str(RegisterState.PUBLISHED.label)
    assert rows["财务处"][headers.index("公示日期")]
    assert bureau[headers.index("合计")] == 40
    assert bureau[headers.index("高")] == 8
    assert bureau[headers.index("高风险占比(%)")] == 20.0
    published = wb["财务处"]
    assert published["A3"].value == "廉政风险清单"
    no_formulas(summary)
    no_formulas(published)


def test_summary_counts_ungraded_entries_apart(data: Data) -> None:
    """Imported entries without a grade: in 合计 and in their own 未评定 column, not in the
    grade columns or the share."""
    RiskEntry.objects.filter(register=data.dept_register).update(grade=None)
    content = export_build(kind=ExportKind.WORKBOOK_XLSX, params={"campaign": data.campaign.pk})
    summary = load_workbook(io.BytesIO(content.content))["汇总"]
    headers = [cell.value for cell in summary[2]]
    rows = {row[0]: row for row in summary.iter_rows(min_row=3, values_only=True)}
    dept = rows["审批处"]
    assert dept[headers.index("未评定")] == 6 and dept[headers.index("合计")] == 6
    assert dept[headers.index("高")] == 0 and dept[headers.index("高风险占比(%)")] == 0
