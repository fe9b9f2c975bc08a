"""Hostile workbooks (issue 10, item 1): the limits hold whatever a file declares about itself, a
refused file is never parsed past the limit, and the filler gets a message in Chinese, never a
500. The workbooks are written by hand, part by part, and the limits lowered to keep them small."""

import math
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl.worksheet._reader import WorkSheetParser
from pytest_django.fixtures import Settings as SettingsWrapper

from registers.importing.reader import HEADER_SEARCH_ROWS, ImportFileError, workbook_read
from registers.models import Register, RiskEntry
from tests.conftest import Cast
from tests.factories import RegisterFactory
from tests.registers.import_workbooks import (
    annex2_workbook,
    blank_row,
    handmade_workbook,
    text_row,
)

HEADER = ["排查类别", "主要廉政风险", "风险等级"]
LIMIT = 5


@pytest.fixture(autouse=True)
def _limits(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.IMPORT_MAX_ROWS = LIMIT
    settings.IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def register(cast: Cast) -> Register:
    return RegisterFactory(unit=cast.dept)


@pytest.fixture
def parsed_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many sheet rows openpyxl parses (one entry per row), in any mode."""
    parsed: list[int] = []
    parse_row = WorkSheetParser.parse_row

    def counting(parser: WorkSheetParser, row: Any) -> Any:
        parsed.append(1)
        return parse_row(parser, row)

    monkeypatch.setattr(WorkSheetParser, "parse_row", counting)
    return parsed


def _refused(data: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        workbook_read(name="清单.xlsx", data=data)
    return caught.value.message


def _rows(count: int, first: int = 2) -> Iterator[bytes]:
    for number in range(first, first + count):
        yield text_row(number, ["权力运行类", f"风险{number}", "高"])


def _lying(data_rows: int) -> bytes:
    """A sheet that declares A1:A2 and holds a header and `data_rows` entries."""
    return handmade_workbook([text_row(1, HEADER), *_rows(data_rows)], dimension="A1:A2")


def test_a_lying_dimension_does_not_hide_rows_past_the_limit(parsed_rows: list[int]) -> None:
    message = _refused(_lying(400))
    assert message == "工作表“风险清单”超过 5 行,一次最多导入 5 行。请分批导入。"
    # Refused at the limit: the 400 rows are never parsed, only those up to it.
    assert len(parsed_rows) <= LIMIT + HEADER_SEARCH_ROWS + 1


def test_rows_after_the_notes_count_towards_the_limit() -> None:
    # The Annex's 备注 lines are skipped, not imported: a million of them are still read.
    notes = (text_row(number, [f"备注{number}"]) for number in range(4, 104))
    data = handmade_workbook([text_row(1, HEADER), *_rows(1), text_row(3, ["备注:"]), *notes])
    assert "超过 5 行" in _refused(data)


def test_a_lying_dimension_does_not_cut_rows_off() -> None:
    sheet = workbook_read(name="清单.xlsx", data=_lying(LIMIT))
    assert [row.number for row in sheet.rows] == [2, 3, 4, 5, 6]
    assert sheet.rows[-1].cells == ["权力运行类", "风险6", "高"]


def test_a_lying_dimension_through_the_view_is_a_message_not_a_500(
    client: Client,
    cast: Cast,
    register: Register,
    settings: SettingsWrapper,
    parsed_rows: list[int],
) -> None:
    client.force_login(cast.filler)
    response = client.post(
        reverse("registers:import", args=[register.pk]),
        {"file": SimpleUploadedFile("清单.xlsx", _lying(400))},
    )
    assert response.status_code == 200
    assert "工作表“风险清单”超过 5 行" in response.text
    assert len(parsed_rows) <= LIMIT + HEADER_SEARCH_ROWS + 1
    assert not RiskEntry.objects.filter(register=register).exists()
    assert not list(Path(settings.IMPORT_DIR).glob("*.json"))


def test_the_size_message_states_the_real_size(
    client: Client, cast: Cast, register: Register, settings: SettingsWrapper
) -> None:
    settings.IMPORT_MAX_BYTES = 1024
    data = annex2_workbook()
    client.force_login(cast.filler)
    response = client.post(
        reverse("registers:import", args=[register.pk]),
        {"file": SimpleUploadedFile("清单.xlsx", data)},
    )
    # The view reads no more than the limit + 1 byte; the message still has the file's size.
    assert f"文件过大:大小为 {math.ceil(len(data) / 1024)} KB,超过上限 1 KB。" in response.text


def test_the_size_message_in_megabytes(settings: SettingsWrapper) -> None:
    settings.IMPORT_MAX_BYTES = 5 * 1024 * 1024
    with pytest.raises(ImportFileError) as caught:
        workbook_read(name="清单.xlsx", data=b"PK\x03\x04", size=int(6.2 * 1024 * 1024))
    assert caught.value.message.startswith("文件过大:大小为 6.2 MB,超过上限 5 MB。")


def test_a_shared_strings_part_over_the_part_limit_is_refused_before_it_is_parsed(
    settings: SettingsWrapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.IMPORT_MAX_PART_BYTES = 64 * 1024
    read: list[int] = []
    monkeypatch.setattr("openpyxl.reader.excel.read_string_table", lambda source: read.append(1))
    # 150 KB of strings that compress to almost nothing: well under the file and whole-zip limits.
    data = handmade_workbook([text_row(1, HEADER)], strings=["廉政风险" * 100] * 130)
    assert len(data) < 8 * 1024
    message = _refused(data)
    assert message.startswith("工作簿中的“xl/sharedStrings.xml”解压后过大(")
    assert "单个部分的上限为 64 KB" in message
    assert read == []


def test_too_many_shared_strings_are_refused(parsed_rows: list[int]) -> None:
    # Each string tiny, the part small: it is their number that costs (openpyxl loads them all).
    data = handmade_workbook(
        [text_row(1, HEADER), *_rows(1)], strings=[str(n) for n in range(2000)]
    )
    assert "粘贴为数值" in _refused(data)
    assert parsed_rows == []


def test_blank_formatted_rows_between_the_data_are_refused_past_the_budget(
    parsed_rows: list[int],
) -> None:
    blanks = (blank_row(number) for number in range(3, 1003))
    data = handmade_workbook([text_row(1, HEADER), *_rows(1), *blanks, *_rows(1, first=1003)])
    assert "远超 5 行的清单所需" in _refused(data)
    assert parsed_rows == []


def test_blank_formatting_below_the_data_is_never_read(parsed_rows: list[int]) -> None:
    blanks = (blank_row(number) for number in range(5, 1005))
    data = handmade_workbook([text_row(1, HEADER), *_rows(3), *blanks], dimension="A1:C1004")
    sheet = workbook_read(name="清单.xlsx", data=data)
    assert [row.number for row in sheet.rows] == [2, 3, 4]
    assert len(parsed_rows) <= 4 + 1  # the sheet's rows down to its last value, once


def test_a_huge_merged_range_costs_only_the_rows_there_are() -> None:
    # One mergeCell element over 200,000 rows: a full load would build a cell for each of them.
    data = handmade_workbook(
        [
            text_row(1, HEADER),
            text_row(2, ["权力运行类", "风险甲", "高"]),
            text_row(3, ["", "风险乙", "中"]),
        ],
        merges=["A2:A200000"],
    )
    tracemalloc.start()
    try:
        sheet = workbook_read(name="清单.xlsx", data=data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [row.cells[0] for row in sheet.rows] == ["权力运行类", "权力运行类"]
    assert sheet.rows[1].inherited == [0]
    assert peak < 20 * 1024 * 1024


def test_overlapping_merged_ranges_are_refused() -> None:
    data = handmade_workbook(
        [text_row(1, HEADER), *_rows(4)], merges=["A2:A5", "A3:B4"], dimension="A1:C5"
    )
    assert "无法读取" in _refused(data)


@pytest.mark.parametrize(
    "make",
    [
        # An internal entity: the start of every entity-expansion bomb.
        lambda: handmade_workbook(
            [
                text_row(1, HEADER),
                b'<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row>',
            ],
            prolog='<!DOCTYPE worksheet [<!ENTITY x "权力运行类">]>',
        ),
        # Past Excel's last row, the reader would fill the gap with empty rows for ever.
        lambda: handmade_workbook([text_row(1, HEADER), text_row(1_048_577, ["权力运行类"])]),
    ],
    ids=["dtd", "row-past-the-last"],
)
def test_malformed_sheets_are_refused(make: Callable[[], bytes]) -> None:
    assert "无法读取" in _refused(make())
