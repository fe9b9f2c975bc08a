"""Reading and validating workbooks: layouts, lenient matching, bad files."""

import io
import zipfile

import pytest
from django.test import override_settings
from openpyxl import Workbook

from registers.importing.columns import (
    category_match,
    clean_text,
    field_for_header,
    grade_match,
    impact_match,
    likelihood_match,
)
from registers.importing.mapping import mapping_initial, mapping_needed
from registers.importing.reader import ImportFileError, workbook_read
from registers.importing.storage import PendingImport
from registers.importing.validation import campaign_categories, preview_build
from registers.models import Category, CategorySet, Register
from tests.conftest import Cast
from tests.factories import RegisterFactory
from tests.registers.import_workbooks import (
    annex2_workbook,
    list_workbook,
    simple_workbook,
    to_bytes,
    with_extra_member,
)


@pytest.fixture
def register(cast: Cast) -> Register:
    return RegisterFactory(unit=cast.dept)


def _pending(data: bytes, register: Register, name: str = "清单.xlsx") -> PendingImport:
    sheet = workbook_read(name=name, data=data)
    return PendingImport(
        token="00000000-0000-0000-0000-000000000000",
        user_id=1,
        register_id=register.pk,
        file_name=name,
        sheet=sheet,
        mapping=mapping_initial(sheet),
    )


def _needed(pending: PendingImport, register: Register) -> bool:
    return mapping_needed(
        pending=pending, register=register, categories=campaign_categories(register)
    )


def test_annex2_layout_with_merged_categories_and_numbering(register: Register) -> None:
    pending = _pending(annex2_workbook(), register)
    assert pending.sheet.header_row == 4
    assert not _needed(pending, register)
    preview = preview_build(pending=pending, register=register)
    assert preview.errors == []
    assert preview.is_valid
    # 议事决策 2, 权力运行 2, 纪律作风 1; skipped: the "… …" row and 制度机制类's blank
    # "1、/2、" rows.
    assert [row.number for row in preview.rows] == [5, 6, 7, 8, 12]
    assert preview.skipped_empty == 3
    values = [row.values for row in preview.rows]
    assert [v["category"].name for v in values] == [
        "议事决策类",
        "议事决策类",
        "权力运行类",
        "权力运行类",
        "纪律作风类",
    ]
    assert values[0]["risk"] == "“三重一大”事项未经集体研究决定"
    assert values[3]["risk"] == "审批过程中吃拿卡要"
    # 风险类别 is the grade in document 000 (高/中/低).
    assert [v["grade"] for v in values] == [1, 2, 1, 3, 2]
    assert values[3]["responsible_leader_name"] == "陈处长"
    assert values[0]["responsible_department"] == "审批处"


def test_list_with_other_columns_needs_the_mapping_step(register: Register) -> None:
    pending = _pending(list_workbook(), register)
    assert pending.sheet.header_row == 3
    assert pending.mapping == {
        0: "",  # 序号: known, ignored
        1: "responsible_department",  # 科室
        2: "extra",  # 岗位: no field takes it, kept with each entry
        3: "risk",  # 风险点
        4: "manifestations",  # 风险内容及表现形式
        5: "grade",
        6: "prevention_measures",
        7: "responsible_leader_name",  # 责任人
    }
    assert _needed(pending, register)  # no category column: the rows need one
    pending.default_category_id = Category.objects.get(name="岗位履职类").pk
    pending.mapping_confirmed = True
    preview = preview_build(pending=pending, register=register)
    assert preview.is_valid, preview.errors
    assert [row.number for row in preview.rows] == [4, 5, 7]
    assert preview.skipped_empty == 1
    assert [row.values["grade"] for row in preview.rows] == [1, 2, 3]
    assert {row.values["category"].name for row in preview.rows} == {"岗位履职类"}
    # A cell's own line breaks survive.
    assert preview.rows[0].values["prevention_measures"] == "集体会审;\n全程留痕"
    # The 岗位 column stays with each entry under its header.
    assert preview.rows[0].values["extra_fields"][0][0] == "岗位"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("排查类别", "category"),
        ("  主要廉政风险 ", "risk"),
        ("风险点", "risk"),
        ("风险内容及表现形式", "manifestations"),
        ("风险等级(高/中/低)", "grade"),
        ("风险等级（高、中、低）", "grade"),
        ("风险类别", "grade"),
        ("防控措施", "prevention_measures"),
        ("责任人", "responsible_leader_name"),
        ("责任领导", "responsible_leader_name"),
        ("科室/岗位", "responsible_department"),
        ("科室（岗位）", "responsible_department"),
        ("可能性", "likelihood"),
        ("危害程度", "impact"),
        ("序号", ""),
        ("备注", None),  # content: kept as an extra field
        ("岗位职责", None),
    ],
)
def test_header_synonyms(header: str, field: str | None) -> None:
    assert field_for_header(header) == field


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("一级", 1),
        ("1级", 1),
        ("1", 1),
        ("１级", 1),
        ("高", 1),
        ("高风险", 1),
        ("A", 1),
        ("a级", 1),
        ("High", 1),
        ("二级", 2),
        ("中", 2),
        ("B", 2),
        ("Ⅱ级", 2),
        ("三级", 3),
        ("低", 3),
        ("C", 3),
        (" low ", 3),
        ("四级", None),
        ("很高", None),
    ],
)
def test_grades_in_any_scheme(value: str, grade: int | None) -> None:
    assert grade_match(value) == grade


def test_likelihood_and_impact_words() -> None:
    assert likelihood_match("可能性较大") == 3
    assert likelihood_match("有一定可能") == 2
    assert likelihood_match("较小") == 1
    assert impact_match("后果严重") == 3
    assert impact_match("较严重") == 2
    assert impact_match("轻微") == 1
    assert impact_match("不知道") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("权力运行", "权力运行类"),
        ("权力运行类", "权力运行类"),
        ("权 力 运 行 类", "权力运行类"),
        ("　议事决策类　", "议事决策类"),
        ("纪律作风类型", "纪律作风类"),  # the Annex's own note writes it so
        ("一、工作流程类", "工作流程类"),
        ("岗位职责", None),
        ("", None),
    ],
)
def test_category_matching_is_lenient(value: str, name: str | None) -> None:
    categories = list(CategorySet.objects.get(is_default=True).categories.all())
    match = category_match(value, categories)
    assert (match.name if match else None) == name


def test_numbering_is_stripped() -> None:
    assert clean_text("1、违规审批") == "违规审批"
    assert clean_text("（2）违规审批") == "违规审批"
    assert clean_text("3.违规审批") == "违规审批"
    assert clean_text("① 违规审批") == "违规审批"
    assert clean_text("… …") == ""
    assert clean_text("2、") == ""
    assert clean_text("2025年度预算") == "2025年度预算"


def test_a_category_value_without_a_campaign_category_is_asked_for(register: Register) -> None:
    data = simple_workbook(
        ["排查类别", "主要廉政风险", "风险等级"],
        [["权力运行", "违规审批", "高"], ["外部环境类", "受到围猎", "中"], [None, "无类别", "低"]],
    )
    pending = _pending(data, register)
    # 外部环境类 is none of the campaign's six; row 4 has no category and none is chosen for all.
    assert _needed(pending, register)
    preview = preview_build(pending=pending, register=register)
    assert not preview.is_valid
    assert preview.rows[0].is_valid
    assert [e.row for e in preview.errors] == [3, 4]
    assert "外部环境类" in preview.errors[0].message
    assert "调整列对应" in preview.errors[0].message
    assert "调整列对应" in preview.errors[1].message
    pending.category_values = {"外部环境类": Category.objects.get(name="纪律作风类").pk}
    pending.default_category_id = Category.objects.get(name="工作流程类").pk
    assert not _needed(pending, register)
    preview = preview_build(pending=pending, register=register)
    assert preview.is_valid, preview.errors
    assert [row.values["category"].name for row in preview.rows] == [
        "权力运行类",
        "纪律作风类",
        "工作流程类",
    ]


def test_row_errors_name_row_and_column(register: Register) -> None:
    data = simple_workbook(
        ["排查类别", "主要廉政风险", "风险等级", "责任领导"],
        [
            ["权力运行类", "违规审批", "特级", "李"],
            ["权力运行类", "", "高", "李"],
            ["权力运行类", "风险", "", "李"],
            ["权力运行类", "风险", "高", "李" * 101],
        ],
    )
    preview = preview_build(pending=_pending(data, register), register=register)
    lines = [(e.row, e.letter, e.header) for e in preview.errors]
    # Row 4 has no grade: it is imported ungraded, not an error.
    assert lines == [(2, "C", "风险等级"), (3, "B", "主要廉政风险"), (5, "D", "责任领导")]
    assert preview.rows[2].is_valid and preview.rows[2].entry.grade is None
    assert "特级" in preview.errors[0].message
    assert "高/中/低" in preview.errors[0].message


def test_grade_from_likelihood_and_impact(register: Register) -> None:
    data = simple_workbook(
        ["排查类别", "主要廉政风险", "可能性", "危害程度"],
        [["权力运行类", "违规审批", "可能性较大", "后果严重"]],
    )
    preview = preview_build(pending=_pending(data, register), register=register)
    assert preview.is_valid
    assert preview.rows[0].values["grade"] == 1


def test_an_entry_rule_marks_the_column_it_is_about(register: Register) -> None:
    # The grade differs from the likelihood × impact proposal without a reason: the service's
    # rule names the grade, so the preview marks the grade column, not the risk.
    data = simple_workbook(
        ["排查类别", "主要廉政风险", "可能性", "危害程度", "风险等级"],
        [["权力运行类", "违规审批", "可能性较大", "后果严重", "低"]],
    )
    preview = preview_build(pending=_pending(data, register), register=register)
    assert [(e.row, e.letter, e.header) for e in preview.errors] == [(2, "E", "风险等级")]
    assert "调整理由" in preview.errors[0].message


def test_formulas_are_refused_with_their_cells_unless_the_column_is_ignored(
    register: Register,
) -> None:
    data = simple_workbook(
        ["序号", "排查类别", "主要廉政风险", "风险等级"],
        [
            ["=ROW()-1", "权力运行类", '=CONCAT("违规","审批")', "高"],
            ["=ROW()-1", "权力运行类", "收受红包", "中"],
        ],
    )
    preview = preview_build(pending=_pending(data, register), register=register)
    assert [(e.row, e.letter) for e in preview.errors] == [(2, "C")]
    assert "C2" in preview.errors[0].message and "公式" in preview.errors[0].message


def _refused(data: bytes, name: str = "清单.xlsx") -> str:
    with pytest.raises(ImportFileError) as caught:
        workbook_read(name=name, data=data)
    return caught.value.message


def test_old_xls_is_refused() -> None:
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600
    assert ".xls" in _refused(ole, "清单.xls")


def test_encrypted_workbook_is_refused() -> None:
    # Excel stores a password-protected .xlsx as an OLE compound file.
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600
    assert "加密" in _refused(ole, "清单.xlsx")


def test_csv_is_refused() -> None:
    assert "只能导入" in _refused("排查类别,主要廉政风险\n".encode(), "清单.csv")


def test_renamed_pdf_is_refused() -> None:
    assert "不是 Excel 工作簿" in _refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "清单.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "不是 Excel 工作簿" in _refused(buffer.getvalue())


def test_macros_are_refused() -> None:
    assert "宏" in _refused(annex2_workbook(), "清单.xlsm")
    with_vba = with_extra_member(annex2_workbook(), "xl/vbaProject.bin", b"\0" * 100)
    assert "宏" in _refused(with_vba, "清单.xlsx")


@override_settings(IMPORT_MAX_BYTES=1024)
def test_over_the_size_limit_is_refused() -> None:
    assert "文件过大" in _refused(annex2_workbook())


@override_settings(IMPORT_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
def test_zip_bomb_is_refused_by_its_declared_size() -> None:
    # 2 MB of zeros compress to a few KB: the file is small, its declared size is not.
    bomb = with_extra_member(annex2_workbook(), "xl/media/padding.bin", b"\0" * (2 * 1024 * 1024))
    assert len(bomb) < 50 * 1024
    assert "解压后过大" in _refused(bomb)


@override_settings(IMPORT_MAX_ROWS=3)
def test_over_the_row_limit_is_refused(register: Register) -> None:
    rows = [["权力运行类", f"风险{i}", "高"] for i in range(30)]
    message = _refused(simple_workbook(["排查类别", "主要廉政风险", "风险等级"], rows))
    assert "3 行" in message


def test_empty_sheet_is_refused() -> None:
    assert "没有任何内容" in _refused(to_bytes(Workbook()))


def test_sheet_without_a_header_is_refused() -> None:
    data = simple_workbook(["今年的工作总结"], [["我们做了很多工作"], ["效果很好"]])
    assert "没有找到表头行" in _refused(data)


def test_corrupt_workbook_is_refused() -> None:
    broken = with_extra_member(
        annex2_workbook(), "xl/worksheets/sheet1.xml", b"<not xml", replace=True
    )
    assert "无法读取" in _refused(broken)
