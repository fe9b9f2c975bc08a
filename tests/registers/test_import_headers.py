"""The header dictionary: the layouts of real published lists are read and mapped, and the
generic rules (qualifiers, notes in brackets, full width, combined headers, names two fields
share) hold header by header."""

import pytest

from registers.importing.columns import (
    FIELD_LABELS,
    IGNORE,
    field_for_header,
    mapping_propose,
    normalize,
)
from registers.importing.headers import HEADER_SYNONYMS, KNOWN_IGNORED, SHARED_NAMES
from registers.importing.reader import ParsedSheet, workbook_read
from tests.registers.import_layouts import IGNORED, LAYOUTS, Expected

# Built once, at collection: the marks below depend on what each layout expects.
BUILT: dict[str, tuple[bytes, Expected]] = {build.__name__: build() for build in LAYOUTS}


def _layouts() -> list[str]:
    return list(BUILT)


@pytest.fixture(scope="module")
def sheets() -> dict[str, ParsedSheet]:
    return {
        name: workbook_read(name=f"{name}.xlsx", data=data) for name, (data, _) in BUILT.items()
    }


def test_layouts_are_many_and_distinct(sheets: dict[str, ParsedSheet]) -> None:
    assert IGNORED == IGNORE
    assert len(sheets) >= 6
    assert len({tuple(sheet.headers) for sheet in sheets.values()}) == len(sheets)


@pytest.mark.parametrize("name", _layouts())
def test_layout_header_row_and_data_rows_found(name: str, sheets: dict[str, ParsedSheet]) -> None:
    _data, expected = BUILT[name]
    sheet = sheets[name]
    assert sheet.header_row == expected.header_row
    assert len(sheet.headers) == len(expected.mapping)
    assert len(sheet.rows) == expected.data_rows


@pytest.mark.parametrize("name", _layouts())
def test_layout_columns_named_within_their_row(name: str, sheets: dict[str, ParsedSheet]) -> None:
    _data, expected = BUILT[name]
    headers = sheets[name].headers
    named = {index: field_for_header(header, row=headers) for index, header in enumerate(headers)}
    assert named == expected.mapping


@pytest.mark.parametrize("name", _layouts())
def test_layout_mapping_proposed(name: str, sheets: dict[str, ParsedSheet]) -> None:
    _data, expected = BUILT[name]
    assert mapping_propose(sheets[name].headers) == expected.mapping


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # Qualifiers in front: 主要, 具体, 重点, and 廉政 / 廉洁, alone or stacked.
        ("主要风险点", "risk"),
        ("主要表现形式", "manifestations"),
        ("具体表现形式", "manifestations"),
        ("重点防控措施", "prevention_measures"),
        ("主要预防措施", "prevention_measures"),
        ("廉洁风险点", "risk"),
        ("主要廉洁风险点", "risk"),
        ("廉政风险等级", "grade"),
        ("主要", None),
        ("廉政", None),
        # Notes in brackets, half- or full-width, at the end or in the middle.
        ("风险等级(高/中/低)", "grade"),
        ("风险等级（一级、二级、三级）", "grade"),
        ("风险等级【Ⅰ级/Ⅱ级/Ⅲ级】", "grade"),
        ("防控措施[按1.2.3.分条填写]", "prevention_measures"),
        ("责任（牵头）部门", "responsible_department"),
        ("风险防控责任股室(单位)", "responsible_department"),
        ("科室（岗位）", "responsible_department"),
        # Full width, spaces and line breaks of Word tables, edge punctuation.
        ("风险　点", "risk"),
        ("序  号", IGNORE),
        ("ＮＯ．", IGNORE),
        ("风险\n类别", "grade"),
        ("监测\n指标", "monitoring_indicator"),
        ("责任领导:", "responsible_leader_name"),
        ("*风险点", "risk"),
        # Combined headers: the parts in order, a part naming nothing left out.
        ("风险内容及表现形式", "manifestations"),
        ("廉政风险主要内容及表现形式", "manifestations"),
        ("风险点及表现形式", "risk"),
        ("廉政风险点表现形式", "risk"),
        ("防控要点及防控措施", "prevention_measures"),
        ("岗位职责及权限", None),
        # 涉及 joins nothing.
        ("风险点涉及的岗位", "responsible_post"),
        ("涉及风险点", None),
        # The fields new in this dictionary.
        ("形成原因", "cause"),
        ("风险成因", "cause"),
        ("责任岗位", "responsible_post"),
        ("监测指标", "monitoring_indicator"),
        # Generic names stay sensible; 风险类别 alone is document 000's grade.
        ("类别", "category"),
        ("等级", "grade"),
        ("措施", "prevention_measures"),
        ("风险类别", "grade"),
        ("风险领域", "category"),
        ("风险级次", "grade"),
        ("建议风险级别", "grade"),
        ("防控方法", "prevention_measures"),
        ("防控对策", "prevention_measures"),
        ("责任主体", "responsible_department"),
        ("单位/科室", "responsible_department"),
        ("风险名称", "risk"),
        ("风险描述", "manifestations"),
        ("风险情况描述", "manifestations"),
        # Columns real lists have that no field takes: kept as extra fields.
        ("岗位", None),
        ("岗位类别", None),
        ("岗位职责", None),
        ("职权名称", None),
        ("职权内容", None),
        ("权力事项", None),
        ("重要环节", None),
        ("主管领导", None),
        ("部门负责人", None),
        ("直接责任人", None),
    ],
)
def test_header_alone(header: str, field: str | None) -> None:
    assert field_for_header(header) == field


@pytest.mark.parametrize(
    ("header", "row", "field"),
    [
        # Document 000's Annex: 风险类别 beside 排查类别 is the grade.
        ("风险类别", ["排查类别", "主要廉政风险", "风险类别", "责任部门", "责任领导"], "grade"),
        # Beside a grade column it is the category.
        ("风险\n类别", ["序号", "风险\n类别", "风险点", "风险等级"], "category"),
        ("风险类别", ["序号", "风险类别", "风险点", "建议风险\n级别"], "category"),
        ("风险类别", ["风险类别", "风险点", "风险等级（高/中/低）"], "category"),
        # Both fields named elsewhere: the first, the user settles the clash.
        ("风险类别", ["排查类别", "风险类别", "风险等级"], "grade"),
        # 风险描述 after a short risk name describes how it shows; beside 表现形式 it is the risk.
        ("风险描述", ["风险名称", "风险描述", "防控措施"], "manifestations"),
        ("风险描述", ["风险描述", "表现形式", "防控措施"], "risk"),
        # A combined header gives way to a column naming its first part.
        ("风险点及表现形式", ["风险点", "风险点及表现形式"], "manifestations"),
        ("廉政风险点表现形式", ["部门", "廉政风险点表现形式", "风险等级"], "risk"),
        # A name only one field has ignores the row.
        ("风险等级", ["风险类别", "风险等级"], "grade"),
    ],
)
def test_header_within_its_row(header: str, row: list[str], field: str) -> None:
    assert field_for_header(header, row=row) == field


def test_dictionary_fields_are_entry_fields() -> None:
    fields = set(HEADER_SYNONYMS) | {field for pair in SHARED_NAMES.values() for field in pair}
    assert fields <= set(FIELD_LABELS)
    assert {"cause", "responsible_post", "monitoring_indicator"} <= set(HEADER_SYNONYMS)


def test_dictionary_names_are_unique_and_read_back() -> None:
    names = [normalize(name) for synonyms in HEADER_SYNONYMS.values() for name in synonyms]
    names += [normalize(name) for name in SHARED_NAMES]
    names += [normalize(name) for name in KNOWN_IGNORED]
    assert len(names) == len(set(names))
    for field, synonyms in HEADER_SYNONYMS.items():
        for name in synonyms:
            assert field_for_header(name) == field, name
    for name, (first, _second) in SHARED_NAMES.items():
        assert field_for_header(name) == first, name
