"""xlsx writers (openpyxl): the Annexes in their printed layout, Annex 3, the campaign workbook and
the statistics. Every text goes through `put`, which stores a value beginning with =, +, - or @ as
text: a register's content must never become a formula in the reader's spreadsheet."""

from collections.abc import Iterable, Sequence
from copy import copy
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from reports.annex import TEMPLATE_MARK, AnnexRow, AnnexTable, ScheduleTable

FORMULA_PREFIXES = ("=", "+", "-", "@")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
HEADER_FONT = Font(name="黑体", size=11, bold=True)
BODY_FONT = Font(name="宋体", size=10.5)

ANNEX_WIDTHS = [14, 60, 10, 18, 14]
SELFCHECK_WIDTHS = [6, 14, 36, 30, 10, 36]
ANNEX3_WIDTHS = [6, 16, 48, 14, 28, 14]
# Excel ignores sheet names longer than 31 characters or containing these.
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


class Styler:
    """Applies a (font, alignment, border) combination to cells. openpyxl hashes the style
    objects on every assignment, which dominated large exports; the combination's style array is
    computed once and copied to later cells (same result, ~10× faster)."""

    def __init__(self) -> None:
        self._arrays: dict[tuple[int, int, int], Any] = {}

    def __call__(
        self, cell: Cell, *, font: Font, alignment: Alignment, border: Border | None = None
    ) -> None:
        key = (id(font), id(alignment), id(border))
        array = self._arrays.get(key)
        if array is not None:
            cell._style = copy(array)
            return
        cell.font = font
        cell.alignment = alignment
        if border is not None:
            cell.border = border
        self._arrays[key] = copy(cell._style)


def merge(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Merge a range whose cells we have already styled: openpyxl's merge_cells re-formats every
    cell of the range (slow on a long category), so register the range directly."""
    ref = f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"
    ws.merged_cells.add(MergedCellRange(ws, ref))


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one value; a string that Excel would read as a formula is forced to text."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
    return cell  # type: ignore[no-any-return]


def _merge_text(
    ws: Worksheet, row: int, first: int, last: int, value: str, *, font: Font, align: Alignment
) -> None:
    cell = put(ws, row, first, value)
    cell.font = font
    cell.alignment = align
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _print_setup(ws: Worksheet, *, header_row: int, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"
    ws.print_options.horizontalCentered = True


def _estimated_height(text: str, width: int, *, line: float = 15.0) -> float:
    """Row height for wrapped text: openpyxl does not measure, so estimate (a CJK character is two
    width units)."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-units // max(1, int(width * 1.1)))) * line


def sheet_title(name: str, taken: set[str]) -> str:
    base = name.translate(_SHEET_FORBIDDEN)[:28] or "Sheet"
    title, n = base, 2
    while title in taken:
        title, n = f"{base}({n})"[:31], n + 1
    taken.add(title)
    return title


def annex_sheet(ws: Worksheet, table: AnnexTable) -> None:
    """One Annex in its printed layout on `ws`."""
    selfcheck = table.form == "selfcheck"
    widths = SELFCHECK_WIDTHS if selfcheck else ANNEX_WIDTHS
    ncols = len(widths)
    row = 1
    if not selfcheck:
        label = "附件1" if table.form == "annex1" else "附件2"
        _merge_text(ws, row, 1, ncols, label, font=HEADER_FONT, align=WRAP_LEFT)
        row += 1
    for line in table.title_lines:
        _merge_text(ws, row, 1, ncols, line, font=TITLE_FONT, align=WRAP_CENTER)
        ws.row_dimensions[row].height = 26
        row += 1
    left = f"{table.filler_label}{table.filler}" if not selfcheck else f"部门:{table.filler}"
    right = f"{table.signer_label}{table.signer}"
    if table.signed_on:
        right += f"  {table.signed_on}"
    split = 2 if not selfcheck else 3
    _merge_text(ws, row, 1, split, left, font=BODY_FONT, align=WRAP_LEFT)
    _merge_text(
        ws,
        row,
        split + 1,
        ncols,
        right,
        font=BODY_FONT,
        align=Alignment(horizontal="right", vertical="center"),
    )
    row += 1
    header_row = row
    for column, header in enumerate(table.headers, start=1):
        cell = put(ws, row, column, header)
        cell.font, cell.alignment, cell.border = HEADER_FONT, WRAP_CENTER, BORDER
    row += 1
    style = Styler()
    # Text columns wrap left-aligned; short ones (category, grade, department, leader) centre.
    if selfcheck:
        aligns = [WRAP_CENTER, WRAP_CENTER, WRAP_LEFT, WRAP_LEFT, WRAP_CENTER, WRAP_LEFT]
    else:
        aligns = [WRAP_CENTER, WRAP_LEFT, WRAP_CENTER, WRAP_CENTER, WRAP_CENTER]
    for group in table.groups:
        first = row
        rows: list[AnnexRow | None] = list(group.rows) or [None]
        for entry in rows:
            if selfcheck:
                values = [
                    entry.serial if entry else "",
                    group.category,
                    entry.risk if entry else "",
                    entry.manifestations if entry else "",
                    entry.grade if entry else "",
                    entry.measures if entry else "",
                ]
                cat_col = 2
            else:
                values = [
                    group.category,
                    entry.risk if entry else "",
                    entry.grade if entry else "",
                    entry.department if entry else "",
                    entry.leader if entry else "",
                ]
                cat_col = 1
            for column, value in enumerate(values, start=1):
                cell = put(ws, row, column, value if (column != cat_col or row == first) else None)
                style(cell, font=BODY_FONT, alignment=aligns[column - 1], border=BORDER)
            if entry is not None:
                text_col = 3 if selfcheck else 2
                ws.row_dimensions[row].height = _estimated_height(
                    str(values[text_col - 1]), widths[text_col - 1]
                )
            row += 1
        if row - 1 > first:
            merge(ws, first, cat_col, row - 1, cat_col)
    for line in table.notes:
        _merge_text(ws, row, 1, ncols, line, font=BODY_FONT, align=WRAP_LEFT)
        ws.row_dimensions[row].height = _estimated_height(line, sum(widths))
        row += 1
    _print_setup(ws, header_row=header_row, widths=widths)


def schedule_sheet(ws: Worksheet, table: ScheduleTable) -> None:
    ncols = len(ANNEX3_WIDTHS)
    _merge_text(ws, 1, 1, ncols, "附件3", font=HEADER_FONT, align=WRAP_LEFT)
    _merge_text(ws, 2, 1, ncols, table.title, font=TITLE_FONT, align=WRAP_CENTER)
    ws.row_dimensions[2].height = 26
    row = 3
    if table.is_template:
        _merge_text(ws, row, 1, ncols, str(TEMPLATE_MARK), font=BODY_FONT, align=WRAP_CENTER)
        row += 1
    header_row = row
    for column, header in enumerate(table.headers, start=1):
        cell = put(ws, row, column, header)
        cell.font, cell.alignment, cell.border = HEADER_FONT, WRAP_CENTER, BORDER
    row += 1
    first_data = row
    for item in table.rows:
        values = [
            item.number,
            item.stage,
            item.task,
            item.lead_unit,
            item.responsible_units,
            item.due,
        ]
        for column, value in enumerate(values, start=1):
            cell = put(ws, row, column, value)
            cell.border, cell.font = BORDER, BODY_FONT
            cell.alignment = WRAP_LEFT if column == 3 else WRAP_CENTER
        ws.row_dimensions[row].height = _estimated_height(item.task, ANNEX3_WIDTHS[2])
        row += 1
    for start, count in table.stage_spans:
        if count > 1:
            ws.merge_cells(
                start_row=first_data + start,
                start_column=2,
                end_row=first_data + start + count - 1,
                end_column=2,
            )
    _print_setup(ws, header_row=header_row, widths=ANNEX3_WIDTHS)


def grid_sheet(
    ws: Worksheet, *, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """A plain table with a title row: the summary and statistics sheets."""
    ncols = len(headers)
    _merge_text(ws, 1, 1, ncols, title, font=TITLE_FONT, align=WRAP_CENTER)
    for column, header in enumerate(headers, start=1):
        cell = put(ws, 2, column, header)
        cell.font, cell.alignment, cell.border = HEADER_FONT, WRAP_CENTER, BORDER
    row = 3
    for values in rows:
        for column, value in enumerate(values, start=1):
            cell = put(ws, row, column, value)
            cell.border, cell.font = BORDER, BODY_FONT
            cell.alignment = WRAP_CENTER
        row += 1
    widths = [max(10, min(40, 2 * len(str(h)) + 4)) for h in headers]
    widths[0] = 28
    _print_setup(ws, header_row=2, widths=widths)
    ws.freeze_panes = "B3"


def to_bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def annex_xlsx(table: AnnexTable) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(table.sheet_name or "清单", set())
    annex_sheet(ws, table)
    return to_bytes(wb)


def schedule_xlsx(table: ScheduleTable) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "工作安排"
    schedule_sheet(ws, table)
    return to_bytes(wb)
