"""Check an uploaded file and read its sheet into plain rows.

Nothing parses the file before it has passed every check that can refuse it, cheapest first:

1. `file_check`, on the bytes and the zip's directory alone: the real size, the signature (an
   encrypted workbook is an OLE compound file, not a zip), macros, and the uncompressed sizes the
   zip declares, in all and for each part (a zip bomb declares far more than it weighs; zipfile
   never inflates a part beyond its declared size).
2. `scan.workbook_scan` streams every XML part through expat without building a tree: the rows
   holding a value in each sheet, whatever size the sheet declares, the XML elements of the whole
   workbook and the shared strings, each refused as soon as its limit is passed.
3. Only then does openpyxl open the workbook, read-only, so that no sheet is ever built in memory:
   the rows are streamed, up to the header row and then the data rows, and refused at the row
   limit. The merged ranges, which read-only mode does not expose and the Annex 2 layout needs (its
   category cells are merged over their rows), come from the scan.
"""

import io
import itertools
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from registers.exceptions import DomainError
from registers.importing.columns import header_score, normalize
from registers.importing.scan import (
    TOO_MANY_ROWS,
    TOO_MUCH_CONTENT,
    Bounds,
    Limits,
    ScanRefused,
    WorkbookScan,
    workbook_scan,
)

HEADER_SEARCH_ROWS = 15
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURE = b"PK\x03\x04"
CORRUPT = gettext_noop(
    "无法读取该工作簿,文件可能已损坏。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试。"
)
NOTE_PREFIXES = ("备注", "注:", "说明:", "填表说明")
# A register has a dozen columns: cells past the 100th are not read, so that a stray cell in
# column XFD does not make every row 16,384 cells wide.
MAX_COLUMNS = 100
# The scan's budgets, per row allowed (the header rows included), the whole workbook's over a
# floor for the parts every workbook has (theme, styles). A row of 20 columns takes 41 XML
# elements in its sheet (61 with inline strings) and about as many in the shared strings, several
# times more as rich text pasted from Word; it rarely holds 20 distinct strings. openpyxl spends
# some 5-10 µs on an element: at these budgets a workbook at its limits is read in about a second.
STREAMED_PER_ROW = 80
ELEMENTS_PER_ROW = 100
BASE_ELEMENTS = 20_000
STRINGS_PER_ROW = 25
BASE_STRINGS = 1_000


class ImportFileError(DomainError):
    """The file cannot be imported at all; `message` says why, in words the filler understands."""


@dataclass
class SheetRow:
    """One data row: its number in the sheet, its cells as text, and which cells took their value
    from a merged range above them or hold a formula."""

    number: int
    cells: list[str]
    inherited: list[int] = field(default_factory=list)
    formulas: list[int] = field(default_factory=list)
    # A heading between the data rows ("一、岗位职责风险" across the table): it names the
    # category of the rows below it.
    section: bool = False


@dataclass
class ParsedSheet:
    sheet_title: str
    header_row: int
    headers: list[str]
    rows: list[SheetRow]
    blank_rows: int
    note_rows: int = 0

    @property
    def letters(self) -> list[str]:
        return [get_column_letter(index + 1) for index in range(len(self.headers))]


def _max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 5 * 1024 * 1024))


def _max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 2000))


def _max_uncompressed() -> int:
    return int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024))


def _max_part() -> int:
    return int(getattr(settings, "IMPORT_MAX_PART_BYTES", 10 * 1024 * 1024))


def _megabytes(size: int) -> str:
    """A size as the filler reads it, rounded up to 0.1 MB (or 1 KB): a file just over a limit
    never shows as the limit itself."""
    if size >= 1024 * 1024:
        return f"{math.ceil(size * 10 / (1024 * 1024)) / 10:g} MB"
    return f"{math.ceil(size / 1024)} KB"


def file_check(*, name: str, data: bytes, size: int | None = None) -> None:
    """Refuse what is not a plain .xlsx workbook within the limits, before anything parses it.

    `size` is the uploaded file's real size when `data` was cut short at the size limit."""
    lower = name.lower()
    size = len(data) if size is None else size
    if size > _max_bytes():
        raise ImportFileError(
            _("文件过大:大小为 %(size)s,超过上限 %(limit)s。请删除多余的内容或分批导入。")
            % {"size": _megabytes(size), "limit": _megabytes(_max_bytes())}
        )
    if not data:
        raise ImportFileError(_("文件是空的。"))
    if lower.endswith(".xlsm") or lower.endswith(".xltm"):
        raise ImportFileError(
            _("不接受含宏的工作簿(.xlsm)。请另存为“Excel 工作簿(*.xlsx)”后再导入。")
        )
    if data.startswith(OLE_SIGNATURE):
        if lower.endswith(".xls"):
            raise ImportFileError(
                _(
                    "不支持旧版 Excel 97-2003 格式(.xls)。"
                    "请在 Excel 或 WPS 中另存为 .xlsx 后再导入。"
                )
            )
        raise ImportFileError(
            _("该工作簿已加密或设置了打开密码,无法读取。请取消密码保护并另存为 .xlsx 后再导入。")
        )
    if not lower.endswith(".xlsx"):
        raise ImportFileError(
            _("只能导入 Excel 工作簿(.xlsx)文件,“%(name)s”不是 .xlsx 文件。") % {"name": name}
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise ImportFileError(
            _("文件“%(name)s”的内容不是 Excel 工作簿(可能是改了扩展名的其他文件)。")
            % {"name": name}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportFileError(_("文件已损坏或不是有效的 Excel 工作簿。")) from error
    names = {member.filename.lower() for member in members}
    if "[content_types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ImportFileError(
            _("文件“%(name)s”的内容不是 Excel 工作簿(可能是改了扩展名的其他文件)。")
            % {"name": name}
        )
    if any(n.endswith("vbaproject.bin") for n in names):
        raise ImportFileError(_("工作簿中含有宏(VBA),不予导入。请删除宏并另存为 .xlsx 后再导入。"))
    declared = sum(member.file_size for member in members)
    if declared > _max_uncompressed():
        raise ImportFileError(
            _(
                "工作簿解压后过大(%(size)s,上限 %(limit)s),不予读取。"
                "请删除多余的工作表或内容后再导入。"
            )
            % {"size": _megabytes(declared), "limit": _megabytes(_max_uncompressed())}
        )
    # One part over the limit is refused even when the whole is not: openpyxl loads the shared
    # strings and the styles whole, and a 45 MB table of strings costs far more than 45 MB.
    largest = max(members, key=lambda member: member.file_size)
    if largest.file_size > _max_part():
        raise ImportFileError(
            _(
                "工作簿中的“%(part)s”解压后过大(%(size)s,单个部分的上限为 %(limit)s),"
                "不予读取。请删除多余的内容或分批导入。"
            )
            % {
                "part": largest.filename,
                "size": _megabytes(largest.file_size),
                "limit": _megabytes(_max_part()),
            }
        )


def _text(value: Any) -> str:
    """A cell as the text the filler sees: whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _scan_limits() -> Limits:
    rows = _max_rows() + HEADER_SEARCH_ROWS
    return Limits(
        rows=rows,
        streamed=STREAMED_PER_ROW * rows,
        elements=BASE_ELEMENTS + ELEMENTS_PER_ROW * rows,
        strings=BASE_STRINGS + STRINGS_PER_ROW * rows,
    )


def _too_many_rows(sheet: str) -> ImportFileError:
    if not sheet:
        return ImportFileError(
            _("工作表超过 %(limit)s 行,一次最多导入 %(limit)s 行。请分批导入。")
            % {"limit": _max_rows()}
        )
    return ImportFileError(
        _("工作表“%(sheet)s”超过 %(limit)s 行,一次最多导入 %(limit)s 行。请分批导入。")
        % {"sheet": sheet, "limit": _max_rows()}
    )


def _too_much_content() -> ImportFileError:
    return ImportFileError(
        _(
            "工作簿中的内容(格式、空白行或文字)远超 %(limit)s 行的清单所需,不予读取。"
            "请把要导入的内容复制并“粘贴为数值”到一个新建的工作簿中,再导入新工作簿。"
        )
        % {"limit": _max_rows()}
    )


def _scan(data: bytes) -> WorkbookScan:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return workbook_scan(archive, limits=_scan_limits())
    except ScanRefused as refused:
        if refused.reason == TOO_MANY_ROWS:
            raise _too_many_rows(refused.sheet) from refused
        if refused.reason == TOO_MUCH_CONTENT:
            raise _too_much_content() from refused
        raise ImportFileError(_(CORRUPT)) from refused
    except Exception as error:
        # zipfile while inflating: a bad CRC (a part longer than it declared), a broken deflate
        # stream, an unknown compression method.
        raise ImportFileError(_(CORRUPT)) from error


def workbook_read(*, name: str, data: bytes, size: int | None = None) -> ParsedSheet:
    """Check the file, then read its first visible sheet that has a recognizable header.

    `size` is the uploaded file's real size when `data` was cut short at the size limit."""
    file_check(name=name, data=data, size=size)
    scan = _scan(data)
    try:
        # keep_links=False: an external link part holds a cached copy of another workbook.
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as error:
        # openpyxl raises many kinds (KeyError for a missing part, XML errors, ...): to the
        # filler they all mean the same thing.
        raise ImportFileError(_(CORRUPT)) from error
    try:
        if not scan.has_values:
            raise ImportFileError(_("工作簿中没有任何内容(工作表是空的)。"))
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue  # a hidden sheet holds lookups or old versions, not the register
            # The part openpyxl reads the sheet from, or else the scan's own resolution; failing
            # both (a future openpyxl), the sheet is streamed to its end: slower, never wrong.
            part = getattr(sheet, "_worksheet_path", None) or scan.sheet_parts.get(sheet.title)
            last_row = scan.last_rows.get(part, 0) if part else None
            if last_row == 0:
                continue  # no value in it
            try:
                parsed = _sheet_read(
                    sheet, merged=scan.merged.get(part or "", []), last_row=last_row
                )
            except ImportFileError:
                raise
            except Exception as error:
                raise ImportFileError(_(CORRUPT)) from error
            if parsed is not None:
                return parsed
    finally:
        workbook.close()
    raise ImportFileError(
        _(
            "没有找到表头行。请确认前 %(rows)s 行中有一行列名,"
            "例如“排查类别、主要廉政风险、风险类别、"
            "责任部门、责任领导”或“序号、风险点、风险内容及表现形式、风险等级、防控措施、责任人”。"
        )
        % {"rows": HEADER_SEARCH_ROWS}
    )


class _MergedCells:
    """The merged ranges that reach the data rows, walked down with the streamed rows: every cell
    of a range shows the value of the range's top-left cell."""

    def __init__(self, ranges: list[Bounds], *, width: int, header_row: int) -> None:
        self.width = width
        # Last to first by top row, so that the next range to open is popped off the end.
        self.waiting = sorted(
            (bounds for bounds in ranges if bounds[0] <= width and bounds[3] > header_row),
            key=lambda bounds: bounds[1],
            reverse=True,
        )
        self.open: list[tuple[Bounds, Any]] = []
        self.across = 1

    def row(self, number: int, cells: Sequence[Any]) -> dict[int, Any]:
        """Column index → the cell whose value it shows, for the cells of row `number` that lie
        in a range without being its top-left cell. `self.across` is then the widest number of
        columns a range starting on this row spans."""
        while self.waiting and self.waiting[-1][1] <= number:
            bounds = self.waiting.pop()
            # A range whose top row was blank (and so never passed here) has nothing to show.
            self.open.append((bounds, cells[bounds[0] - 1] if bounds[1] == number else None))
        self.open = [(bounds, source) for bounds, source in self.open if bounds[3] >= number]
        self.across = max(
            (
                min(bounds[2], self.width) - bounds[0] + 1
                for bounds, _source in self.open
                if bounds[1] == number
            ),
            default=1,
        )
        sources: dict[int, Any] = {}
        for (min_col, min_row, max_col, _max_row), source in self.open:
            for col in range(min_col - 1, min(max_col, self.width)):
                if number == min_row and col == min_col - 1:
                    continue
                if col in sources:
                    # Overlapping ranges: Excel never writes them, and a few thousand of them
                    # would make every row cost millions of steps.
                    raise ImportFileError(_(CORRUPT))
                sources[col] = source
        return sources


# A heading numbered 一、 or (一) alone in a row: a section of the list, as many lists write them.
_SECTION_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[\(（][一二三四五六七八九十]{1,3}[\)）])"
)


def _is_section(texts: Sequence[str], inherited: Sequence[int], *, across: int) -> bool:
    """A row with one text of its own that spans most of the table (a merged heading), or that
    is numbered 一、 in a table of three columns or more."""
    own = [col for col, text in enumerate(texts) if text and col not in inherited]
    if len(own) != 1 or len(texts) < 3:
        return False
    return across * 2 >= len(texts) or bool(_SECTION_NUMBER.match(texts[own[0]]))


def _sheet_read(
    sheet: ReadOnlyWorksheet, *, merged: list[Bounds], last_row: int | None
) -> ParsedSheet | None:
    """Stream the sheet down to `last_row`, its last row holding a value: the header among its
    first rows, then the data rows, up to the limit."""
    # The declared <dimension> may lie, and read-only mode would stop at it (or fill it up with
    # empty rows): the scan found where the values end.
    sheet.reset_dimensions()
    stream = enumerate(sheet.iter_rows(max_row=last_row, max_col=MAX_COLUMNS), start=1)
    head = list(itertools.islice(stream, HEADER_SEARCH_ROWS))
    header_row, best_score = 0, 1
    for number, cells in head:
        score = header_score([cell.value for cell in cells])
        if score > best_score:
            header_row, best_score = number, score
    if not header_row:
        return None
    headers = [_text(cell.value) for cell in head[header_row - 1][1]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    merges = _MergedCells(merged, width=width, header_row=header_row)
    for number, cells in head[:header_row]:
        merges.row(number, cells)  # ranges whose top-left cell is above the data
    rows: list[SheetRow] = []
    # Blank rows count only between data rows: the trailing ones are just the sheet's formatting.
    blank = pending_blank = notes = characters = sections = 0
    gap: object = None
    for number, cells in itertools.chain(head[header_row:], stream):
        if cells is gap:
            pending_blank += 1
            continue
        if all(cell.value is None for cell in cells[:width]):
            # openpyxl yields one shared tuple for every row missing from the file: known by its
            # identity, a gap of a million rows costs a million comparisons, no more.
            gap = cells
            pending_blank += 1
            continue
        sources = merges.row(number, cells)
        texts: list[str] = []
        inherited: list[int] = []
        formulas: list[int] = []
        for col in range(width):
            cell = cells[col]
            if col in sources:
                inherited.append(col)
                cell = sources[col]
            value = cell.value if cell is not None else None
            # A formula, not a text that begins with "=" (a cell stored as text keeps it).
            if cell is not None and cell.data_type == "f":
                formulas.append(col)
            texts.append(_text(value))
        if not any(text for col, text in enumerate(texts) if col not in inherited):
            pending_blank += 1
            continue
        blank, pending_blank = blank + pending_blank, 0
        first = next((normalize(text) for text in texts if text), "")
        if notes or first.startswith(NOTE_PREFIXES):
            # The Annex ends with its 备注 lines ("备注:1.…", "2.…"): the form's notes, not entries.
            notes += 1
            continue
        section = _is_section(texts, inherited, across=merges.across)
        rows.append(
            SheetRow(
                number=number,
                cells=texts,
                inherited=inherited,
                formulas=formulas,
                section=section,
            )
        )
        # The limit is of entries: the section headings between them are not counted.
        sections += section
        if len(rows) - sections > _max_rows():
            raise _too_many_rows(sheet.title)
        # One long shared string shown in every cell would weigh thousands of times its size
        # once the rows are kept: the cells may hold no more text than one part may hold bytes.
        characters += sum(len(text) for text in texts)
        if characters > _max_part():
            raise _too_much_content()
    return ParsedSheet(
        sheet_title=sheet.title,
        header_row=header_row,
        headers=headers,
        rows=rows,
        blank_rows=blank,
        note_rows=notes,
    )
