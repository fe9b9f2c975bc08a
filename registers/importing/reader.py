"""Check an uploaded file and read its sheet into plain rows.

Every check that can refuse a file runs before openpyxl parses it: the size, the file's signature
(an encrypted workbook is an OLE compound file, not a zip), the zip's declared uncompressed sizes
(a zip bomb declares far more than it weighs) and macros. The sheet is then read in two passes: a
streaming read_only pass counts the rows (cheap, bounded by the row limit), and a normal load reads
the values and the merged ranges, which read_only mode does not expose and the Annex 2 layout needs
(its category cells are merged over their rows).
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from registers.exceptions import DomainError
from registers.importing.columns import header_score, normalize

HEADER_SEARCH_ROWS = 15
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURE = b"PK\x03\x04"
CORRUPT = gettext_noop(
    "无法读取该工作簿,文件可能已损坏。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试。"
)
NOTE_PREFIXES = ("备注", "注:", "说明:", "填表说明")


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


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def file_check(*, name: str, data: bytes) -> None:
    """Refuse what is not a plain .xlsx workbook within the limits, before anything parses it."""
    lower = name.lower()
    if len(data) > _max_bytes():
        raise ImportFileError(
            _("文件过大(%(size)s),导入文件不能超过 %(limit)s。")
            % {"size": _megabytes(len(data)), "limit": _megabytes(_max_bytes())}
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


def _count_rows(data: bytes) -> list[str]:
    """Stream every sheet once (read_only) and refuse a sheet longer than the row limit before
    the full load builds it in memory. Returns the titles of the sheets that have any value."""
    limit = _max_rows() + HEADER_SEARCH_ROWS
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        filled: list[str] = []
        for sheet in workbook.worksheets:
            count = 0
            for values in sheet.iter_rows(values_only=True):
                if any(normalize(value) for value in values):
                    count += 1
                    if count > limit:
                        raise ImportFileError(
                            _(
                                "工作表“%(sheet)s”超过 %(limit)s 行,"
                                "一次最多导入 %(limit)s 行。请分批导入。"
                            )
                            % {"sheet": sheet.title, "limit": _max_rows()}
                        )
            if count:
                filled.append(sheet.title)
        return filled
    finally:
        workbook.close()


def workbook_read(*, name: str, data: bytes) -> ParsedSheet:
    """Check the file, then read its first sheet that has a recognizable header."""
    file_check(name=name, data=data)
    try:
        filled = _count_rows(data)
        if not filled:
            raise ImportFileError(_("工作簿中没有任何内容(工作表是空的)。"))
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except ImportFileError:
        raise
    except Exception as error:
        # openpyxl raises many kinds (KeyError for a missing part, XML errors, ...): to the
        # filler they all mean the same thing.
        raise ImportFileError(_(CORRUPT)) from error
    for title in filled:
        if workbook[title].sheet_state != "visible":
            continue  # a hidden sheet holds lookups or old versions, not the register
        try:
            parsed = _sheet_read(workbook[title])
        except ImportFileError:
            raise
        except Exception as error:
            raise ImportFileError(_(CORRUPT)) from error
        if parsed is not None:
            return parsed
    raise ImportFileError(
        _(
            "没有找到表头行。请确认前 %(rows)s 行中有一行列名,"
            "例如“排查类别、主要廉政风险、风险类别、"
            "责任部门、责任领导”或“序号、风险点、风险内容及表现形式、风险等级、防控措施、责任人”。"
        )
        % {"rows": HEADER_SEARCH_ROWS}
    )


def _sheet_read(sheet: Worksheet) -> ParsedSheet | None:
    grid: list[list[Any]] = [list(row) for row in sheet.iter_rows(values_only=False)]
    best_row, best_score = -1, 1
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        score = header_score([cell.value for cell in cells])
        if score > best_score:
            best_row, best_score = index, score
    if best_row < 0:
        return None
    header_cells = grid[best_row]
    headers = [_text(cell.value) for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    # Merged ranges: every cell of a range shows the value of its top-left cell.
    merged_value: dict[tuple[int, int], Any] = {}
    for merged in sheet.merged_cells.ranges:
        top_left = sheet.cell(row=merged.min_row, column=merged.min_col)
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if (row, col) != (merged.min_row, merged.min_col):
                    merged_value[(row, col)] = top_left
    rows: list[SheetRow] = []
    # Blank rows count only between data rows: the trailing ones are just the sheet's formatting.
    blank = pending_blank = notes = 0
    for cells in grid[best_row + 1 :]:
        if not cells:
            continue
        number = cells[0].row
        texts: list[str] = []
        inherited: list[int] = []
        formulas: list[int] = []
        for col in range(width):
            cell = cells[col] if col < len(cells) else None
            source = merged_value.get((number, col + 1))
            if source is not None:
                inherited.append(col)
                cell = source
            value = cell.value if cell is not None else None
            if cell is not None and (
                cell.data_type == "f" or (isinstance(value, str) and value.startswith("="))
            ):
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
        rows.append(SheetRow(number=number, cells=texts, inherited=inherited, formulas=formulas))
    if len(rows) > _max_rows():
        raise ImportFileError(
            _("工作表“%(sheet)s”超过 %(limit)s 行,一次最多导入 %(limit)s 行。请分批导入。")
            % {"sheet": sheet.title, "limit": _max_rows()}
        )
    return ParsedSheet(
        sheet_title=sheet.title,
        header_row=header_cells[0].row,
        headers=headers,
        rows=rows,
        blank_rows=blank,
        note_rows=notes,
    )
