"""The assessment's workbooks: a quarter's 通报 list (results by layer, and the count of each
grade) and the year's roll-up. Every cell goes through reports.xlsx.put (via grid_sheet), which
keeps a name that looks like a formula a text."""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from assessment.choices import Grade
from assessment.models import Assessment, AssessmentPeriod
from assessment.selectors import GRADE_ORDER, LayerResults, YearLine
from reports.xlsx import grid_sheet, to_bytes


def _name(person: object) -> str:
    return str(getattr(person, "name", "") or getattr(person, "username", "") or "")


def _grade(assessment: Assessment) -> str:
    return assessment.get_grade_display() if assessment.grade else _("未评分")


def _total(value: Decimal | None) -> Decimal | str:
    return value if value is not None else ""


def results_xlsx(*, period: AssessmentPeriod, results: list[LayerResults]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = _("考核结果通报")
    rows: list[list[object]] = []
    for layer in results:
        for number, a in enumerate(layer.rows, start=1):
            rows.append(
                [
                    layer.label,
                    number,
                    _name(a.person),
                    a.unit.name,
                    getattr(a.person, "job_title", ""),
                    _total(a.total),
                    _grade(a),
                ]
            )
    grid_sheet(
        sheet,
        title=_("%(period)s结果通报") % {"period": period},
        headers=[
            _("考核层面"),
            _("序号"),
            _("姓名"),
            _("单位/部门"),
            _("职务"),
            _("总分"),
            _("等级"),
        ],
        rows=rows,
    )
    grid_sheet(
        wb.create_sheet(_("等级统计")),
        title=_("%(period)s等级统计") % {"period": period},
        headers=[
            _("考核层面"),
            *(str(g.label) for g in GRADE_ORDER),
            _("未评分"),
            _("合计"),
        ],
        rows=(
            [
                layer.label,
                *(layer.counts.get(g.value, 0) for g in GRADE_ORDER),
                layer.counts.get("", 0),
                len(layer.rows),
            ]
            for layer in results
        ),
    )
    return to_bytes(wb)


def _quarter_cell(assessment: Assessment | None) -> str:
    if assessment is None:
        return "—"
    if assessment.total is None:
        return _("未评分")
    return f"{assessment.total}({assessment.get_grade_display()})"


def annual_xlsx(*, year: int, lines: list[YearLine]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = _("年度汇总")
    grid_sheet(
        sheet,
        title=_("%(year)s年度廉政考核汇总") % {"year": year},
        headers=[
            _("姓名"),
            _("单位/部门"),
            _("考核层面"),
            _("第一季度"),
            _("第二季度"),
            _("第三季度"),
            _("第四季度"),
            _("平均分"),
            _("年度等级"),
            _("“不良”次数"),
        ],
        rows=(
            [
                _name(line.person),
                line.unit.name,
                str(line.layer.label),
                *(_quarter_cell(cell) for cell in line.quarter_cells()),
                _total(line.average),
                str(Grade(line.grade).label) if line.grade else "",
                line.adverse,
            ]
            for line in lines
        ),
    )
    return to_bytes(wb)
