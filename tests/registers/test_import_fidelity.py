"""The import changes no character silently, has no dead ends, maps values as well as columns,
says how it read grades, and drops nothing unseen (issue 12)."""

import pytest
from openpyxl import Workbook

from orgs.models import User
from registers.importing.columns import EXTRA, IGNORE, grade_read
from registers.importing.mapping import category_values, mapping_initial, mapping_needed
from registers.importing.numbering import AnnexNumbering, annex_layout, entry_number
from registers.importing.reader import workbook_read
from registers.importing.storage import SKIP_ROWS, PendingImport
from registers.importing.validation import Preview, campaign_categories, preview_build
from registers.models import Category, ImportCategoryChoice, Register
from tests.conftest import Cast
from tests.factories import RegisterFactory
from tests.registers.import_workbooks import annex2_workbook, simple_workbook, to_bytes


@pytest.fixture
def register(cast: Cast) -> Register:
    return RegisterFactory(unit=cast.dept)


def _pending(data: bytes, register: Register) -> PendingImport:
    sheet = workbook_read(name="清单.xlsx", data=data)
    return PendingImport(
        token="00000000-0000-0000-0000-000000000000",
        user_id=1,
        register_id=register.pk,
        file_name="清单.xlsx",
        sheet=sheet,
        mapping=mapping_initial(sheet),
    )


def _needed(pending: PendingImport, register: Register) -> bool:
    return mapping_needed(
        pending=pending, register=register, categories=campaign_categories(register)
    )


def _risks(preview: Preview) -> list[str]:
    return [row.values["risk"] for row in preview.rows_to_import]


# --- 1. never change a character silently ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1、违规审批", (1, "违规审批")),
        ("12. 违规审批", (12, "违规审批")),
        ("2.1 现场核查走过场", None),  # a section number, not an item number
        ("1.加强审核;2.落实公示", None),  # the cell's own list
        ("1、未经集体研究 2、会议纪要不全", None),
        ("1、未经集体研究(2)会议纪要不全", None),
        ("2025年度预算编制不规范", None),
        ("1、", None),
    ],
)
def test_an_entry_number_is_one_number_before_a_single_item(
    text: str, expected: tuple[int, str] | None
) -> None:
    assert entry_number(text) == expected


def test_only_the_next_number_of_the_category_is_the_annex_numbering() -> None:
    numbering = AnnexNumbering()
    assert numbering.strip("1、甲", category="A") == "甲"
    assert numbering.strip("2、乙", category="A") == "乙"
    assert numbering.strip("5、丙", category="A") == "5、丙"  # the filler's own number
    assert numbering.strip("1、丁", category="B") == "丁"  # numbering restarts per category


def test_annex_layout_is_document_000s_header() -> None:
    assert annex_layout(["排查类别", "主要廉政风险", "风险类别", "责任部门", "责任领导"])
    assert not annex_layout(["序号", "风险点", "风险等级", "防控措施"])
    # The full export has every field: not the Annex's five columns.
    assert not annex_layout(
        ["序号", "排查类别", "主要廉政风险", "表现形式", "形成原因", "风险等级", "防控措施"]
    )


def test_outside_the_annex_layout_every_text_is_kept_whole(register: Register) -> None:
    data = simple_workbook(
        ["类别", "风险点", "防控措施", "风险等级"],
        [
            ["权力运行类", "1、违规审批", "1.加强审核;2.落实公示", "高"],
            ["权力运行类", "2.1 现场核查走过场", "(1)双人核查", "中"],
        ],
    )
    preview = preview_build(pending=_pending(data, register), register=register)
    assert preview.is_valid
    assert not preview.annex_numbering and preview.numbers_removed == 0
    assert _risks(preview) == ["1、违规审批", "2.1 现场核查走过场"]
    assert [row.values["prevention_measures"] for row in preview.rows] == [
        "1.加强审核;2.落实公示",
        "(1)双人核查",
    ]


def test_annex_numbers_are_shown_removed_and_can_be_kept(register: Register) -> None:
    pending = _pending(annex2_workbook(), register)
    preview = preview_build(pending=pending, register=register)
    assert preview.annex_numbering and preview.numbers_removed == 5
    first = preview.rows[0].cells[0]
    assert (first.before, first.text) == (
        "1、“三重一大”事项未经集体研究决定",
        "“三重一大”事项未经集体研究决定",
    )
    pending.keep_numbering = True
    kept = preview_build(pending=pending, register=register)
    assert kept.numbers_removed == 0
    assert _risks(kept)[0] == "1、“三重一大”事项未经集体研究决定"


# --- 2. no dead ends -------------------------------------------------------------------------


def test_rows_without_a_grade_import_ungraded_or_with_one_grade_for_all(
    register: Register,
) -> None:
    data = simple_workbook(["排查类别", "风险点", "防控措施"], [["权力运行类", "违规审批", "会审"]])
    pending = _pending(data, register)
    preview = preview_build(pending=pending, register=register)
    assert preview.is_valid and preview.ungraded == 1
    assert preview.import_rows()[0].data.grade is None
    pending.default_grade = 2
    preview = preview_build(pending=pending, register=register)
    assert preview.ungraded == 0 and preview.import_rows()[0].data.grade == 2


def test_a_skipped_row_neither_blocks_nor_imports(register: Register) -> None:
    data = simple_workbook(
        ["排查类别", "风险点", "风险等级"],
        [["权力运行类", "违规审批", "高"], ["权力运行类", "吃拿卡要", "特级"]],
    )
    pending = _pending(data, register)
    preview = preview_build(pending=pending, register=register)
    assert not preview.is_valid
    message = preview.errors[0].message
    assert "特级" in message and "跳过此行" in message and "调整列对应" in message
    pending.skipped_rows = [3]
    preview = preview_build(pending=pending, register=register)
    assert preview.is_valid
    assert [row.number for row in preview.import_rows()] == [2]


# --- 3. map values, not only columns ---------------------------------------------------------


def _own_categories(register: Register) -> bytes:
    return simple_workbook(
        ["风险类型", "风险点", "风险等级"],
        [
            ["岗位职责风险", "审批把关不严", "高"],
            ["外部环境风险", "被管理服务对象围猎", "中"],
            ["岗位职责风险", "泄露审批信息", "低"],
            ["权力运行", "违规处罚", "中"],
        ],
    )


def test_the_files_own_categories_are_mapped_value_by_value_and_remembered(
    register: Register, cast: Cast
) -> None:
    pending = _pending(_own_categories(register), register)
    categories = campaign_categories(register)
    values = category_values(pending=pending, register=register, categories=categories)
    assert [(v.text, v.rows) for v in values] == [
        ("岗位职责风险", 2),
        ("外部环境风险", 1),
        ("权力运行", 1),
    ]
    by_name = {category.name: category for category in categories}
    # 权力运行 matches 权力运行类 leniently; the other two need the user.
    assert [v.choice for v in values] == [None, None, by_name["权力运行类"].pk]
    assert _needed(pending, register)
    pending.category_values = {
        values[0].key: by_name["岗位履职类"].pk,
        values[1].key: SKIP_ROWS,
    }
    preview = preview_build(pending=pending, register=register)
    assert preview.is_valid
    imported = [(row.values["category"].name, row.values["risk"]) for row in preview.rows_to_import]
    assert imported == [
        ("岗位履职类", "审批把关不严"),
        ("岗位履职类", "泄露审批信息"),
        ("权力运行类", "违规处罚"),
    ]
    assert preview.rows[0].category.before == "岗位职责风险"
    assert [row.skipped for row in preview.rows] == [False, True, False, False]
    # Remembered for the unit: the next file of the unit maps itself.
    ImportCategoryChoice.objects.create(
        unit=cast.dept,
        category_set=register.campaign.category_set,
        value=values[0].key,
        category=by_name["岗位履职类"],
    )
    again = _pending(_own_categories(register), register)
    values = category_values(pending=again, register=register, categories=categories)
    assert values[0].choice == by_name["岗位履职类"].pk


def test_section_headings_give_the_category_of_the_rows_below(register: Register) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "风险点", "风险等级", "防控措施"])
    sheet.append(["一、议事决策类"])
    sheet.merge_cells("A2:D2")
    sheet.append([1, "临时动议决定重大事项", "高", "会前酝酿"])
    sheet.append(["二、纪律作风类", None, None, None])
    sheet.append([2, "接受宴请", "低", "廉政提醒"])
    preview = preview_build(pending=_pending(to_bytes(workbook), register), register=register)
    assert preview.is_valid and preview.sections == 2
    assert [row.values["category"].name for row in preview.rows] == ["议事决策类", "纪律作风类"]


# --- 4. say how grades were read -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "grade", "numeric"),
    [("1", 1, True), ("Ⅰ级", 1, True), ("三级", 3, True), ("二", 2, True), ("高", 1, False)],
)
def test_numbers_are_read_as_grades_and_flip(value: str, grade: int, numeric: bool) -> None:
    reading = grade_read(value)
    assert reading is not None and (reading.grade, reading.numeric) == (grade, numeric)
    flipped = grade_read(value, reversed_numbers=True)
    assert flipped is not None
    assert flipped.grade == (4 - grade if numeric else grade)


def test_the_preview_shows_the_reading_of_numeric_grades_and_flips_it(register: Register) -> None:
    data = simple_workbook(
        ["排查类别", "风险点", "风险等级"],
        [["权力运行类", "违规审批", "1"], ["权力运行类", "吃拿卡要", "Ⅲ级"]],
    )
    pending = _pending(data, register)
    preview = preview_build(pending=pending, register=register)
    assert preview.grade_readings == [("1", "高"), ("Ⅲ级", "低")]
    assert preview.rows[0].cells[1].note == "1 → 高"
    pending.grades_reversed = True
    preview = preview_build(pending=pending, register=register)
    assert preview.grade_readings == [("1", "低"), ("Ⅲ级", "高")]
    assert [row.values["grade"] for row in preview.rows] == [3, 1]


def test_grade_comes_from_the_grade_column_when_risk_category_holds_categories(
    register: Register,
) -> None:
    data = simple_workbook(
        ["风险等级", "风险点", "风险类别"],
        [["高", "违规审批", "岗位职责风险"], ["低", "接受宴请", "纪律作风类"]],
    )
    pending = _pending(data, register)
    assert pending.mapping == {0: "grade", 1: "risk", 2: "category"}


# --- 5. nothing dropped unseen ---------------------------------------------------------------


def test_unknown_columns_are_kept_unless_ignored_and_ignored_ones_are_listed(
    register: Register,
) -> None:
    data = simple_workbook(
        ["序号", "排查类别", "风险点", "岗位职责", "备注", "空列"],
        [
            [1, "权力运行类", "违规审批", "负责审批", "2025年新增", None],
            [2, "权力运行类", "吃拿卡要", "负责受理", None, None],
        ],
    )
    pending = _pending(data, register)
    assert pending.mapping == {0: IGNORE, 1: "category", 2: "risk", 3: EXTRA, 4: EXTRA, 5: IGNORE}
    preview = preview_build(pending=pending, register=register)
    assert [row.entry.extra_fields for row in preview.rows] == [
        (("岗位职责", "负责审批"), ("备注", "2025年新增")),
        (("岗位职责", "负责受理"),),
    ]
    assert [(c.header, c.samples) for c in preview.ignored] == [("序号", ["1", "2"]), ("空列", [])]
    pending.mapping[3] = IGNORE
    preview = preview_build(pending=pending, register=register)
    assert [c.header for c in preview.ignored] == ["序号", "岗位职责", "空列"]
    assert preview.ignored[1].samples == ["负责审批", "负责受理"]


# --- 7. responsible leader proposed ----------------------------------------------------------


def test_a_file_without_leaders_gets_the_leader_of_each_grade(
    register: Register, cast: Cast
) -> None:
    data = simple_workbook(
        ["排查类别", "风险点", "风险等级"],
        [
            ["权力运行类", "违规审批", "中"],
            ["权力运行类", "吃拿卡要", "低"],
            ["权力运行类", "x", ""],
        ],
    )
    preview = preview_build(pending=_pending(data, register), register=register)
    assert [row.proposed_leader for row in preview.rows] == [
        cast.leader.name,  # grade 2: the leader in charge (document 003)
        cast.head.name,  # grade 3: the department head
        "",  # ungraded: nobody to propose
    ]
    entries = [row.data for row in preview.import_rows()]
    assert [entry.responsible_leader for entry in entries] == [cast.leader, cast.head, None]
    assert entries[0].responsible_leader_name == cast.leader.name
    assert preview.leaders_proposed == 2


def test_a_leader_column_is_kept_as_the_file_has_it(register: Register, cast: Cast) -> None:
    data = simple_workbook(
        ["排查类别", "风险点", "风险等级", "责任领导"],
        [["权力运行类", "违规审批", "中", cast.head.name], ["权力运行类", "吃拿卡要", "低", None]],
    )
    preview = preview_build(pending=_pending(data, register), register=register)
    entries = [row.data for row in preview.import_rows()]
    assert [(e.responsible_leader, e.responsible_leader_name) for e in entries] == [
        (cast.head, cast.head.name),
        (None, ""),
    ]
    assert User.objects.filter(name=cast.head.name).count() == 1
    assert Category.objects.exists()
