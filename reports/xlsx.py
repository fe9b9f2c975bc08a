"""xlsx writers (openpyxl): the Annexes in their printed layout, Annex 3, the campaign workbook and
the statistics. Every text goes through `put`, which stores a value beginning with =, +, - or @ as
text: a register's content must never become a formula in the reader's spreadsheet."""

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from reports.annex import NUMBERED_FORMS, TEMPLATE_MARK, AnnexRow, AnnexTable, ScheduleTable

FORMULA_PREFIXES = ("=", "+", "-", "@")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
HEADER_FONT = Font(name="黑体", size=11, bold=True)
BODY_FONT = Font(name="宋体", size=10.5)
CATEGORY_FONT = Font(
    name="宋体", size=10.5, bold=True
)  # the category and stage cells, as in the PDF

# Column widths in Excel's unit (see POINTS_PER_WIDTH_UNIT): each form adds up to about the
# printable width of A4 landscape (143 units), so that the table fills the page as in the PDF.
ANNEX_WIDTHS = [16, 72, 11, 22, 17]
SELFCHECK_WIDTHS = [6, 15, 38, 32, 10, 37]
MAJOR_WIDTHS = [6, 15, 32, 28, 10, 32, 12]
ANNEX3_WIDTHS = [6, 18, 50, 16, 30, 18]
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


# --- Print layout --------------------------------------------------------------------------------
# openpyxl neither measures text nor paginates, and a spreadsheet application only fits row heights
# to wrapped text when it computes them itself (it does not for heights set in the file, and Excel
# does not at all on opening). So the row heights and the page breaks are computed here, for the
# narrowest layout a reader's application plausibly makes: Excel on Windows, where a column-width
# unit is 7 px of Calibri 11 and 宋体 draws a CJK character 1 em wide and others ½ em. LibreOffice
# lays out no narrower (Carlito, Calibri's twin) or about a third wider (any other default font),
# so a row fitted here holds its text there too, and a page computed here is never too long.

PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28  # A4 landscape, in points
MARGINS = PageMargins(left=0.6, right=0.6, top=0.75, bottom=0.75, header=0.3, footer=0.3)
POINTS_PER_WIDTH_UNIT = 5.25  # 7 px at 96 dpi
CELL_INSET = 3.0  # points between a cell's border and its text, each side
# Line height as a multiple of the font size: Noto CJK, LibreOffice's stand-in for 宋体 and 黑体,
# spaces its lines 1.45 em apart, 宋体 itself about 1.3 em.
LINE_SPACING = 1.5
ROW_PADDING = 5.0  # points above and below the lines of a row, together
ROW_GRID = 0.75  # Excel rounds row heights to whole pixels (0.75 pt)
MAX_ROW_HEIGHT = 409.0  # Excel's limit: a longer text is cut
PAGE_SLACK = 6.0  # points of a page left free for the renderer's own rounding
MAX_LAYOUT_PASSES = 8

# Where a line may not break: before closing punctuation (、。,) or after opening punctuation.
_OPENING = "([{（〔［｛〈《「『【“‘"
_CLOSING = ")]}）〕］｝〉》」』】”’、。，．：；！？,.:;!?%…·"
_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
# One unbreakable piece of a line: a CJK character or a run of other characters (a Latin word or
# number), with the punctuation that sticks to it; or a space; or a stray character.
_OPEN_SET, _CLOSE_SET = re.escape(_OPENING), re.escape(_CLOSING)
_TOKEN_RE = re.compile(
    rf"[{_OPEN_SET}]*(?:[{_WIDE}]|[^\s{_WIDE}{_OPEN_SET}{_CLOSE_SET}]+)[{_CLOSE_SET}]*|\s|."
)


def text_units(text: str) -> int:
    """Width of `text` in half-em units: a CJK (wide, or ambiguous and drawn wide by CJK fonts)
    character counts two, any other one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


# Tokens repeat (a CJK character, a common word): measure each once.
_token_units = lru_cache(maxsize=8192)(text_units)


def line_capacity(width: float, *, size: float) -> int:
    """How many half-em units of a `size`-point font fit on one line of a column `width` wide."""
    inner = width * POINTS_PER_WIDTH_UNIT - 2 * CELL_INSET
    return max(1, int(inner / (size / 2)))


def _paragraph_lines(paragraph: str, capacity: int) -> int:
    if text_units(paragraph) <= capacity:
        return 1
    lines, used = 1, 0
    for token in _TOKEN_RE.findall(paragraph):
        units = _token_units(token)
        if used + units <= capacity:
            used += units
        elif token.isspace():
            used = capacity  # a space at the end of a line is dropped; the next token starts anew
        else:
            if used:
                lines += 1
            # A token longer than a line (a URL, a long number) breaks anywhere.
            extra = (units - 1) // capacity
            lines += extra
            used = units - extra * capacity
    return lines


def wrapped_lines(text: str, width: float, *, size: float) -> int:
    """Lines `text` takes when wrapped in a column `width` wide: each line break starts a new
    line, and a line breaks between CJK characters or at spaces, never before closing
    punctuation."""
    capacity = line_capacity(width, size=size)
    return sum(_paragraph_lines(paragraph, capacity) for paragraph in text.split("\n"))


def row_height(cells: Iterable[tuple[Any, float]], *, size: float) -> float:
    """Height (points) of a row whose tallest wrapped cell must show in full; `cells` are
    (value, column width) pairs, a merged cell's width being its columns' sum."""
    lines = max(
        (wrapped_lines(str(value), width, size=size) for value, width in cells if value), default=1
    )
    height = lines * size * LINE_SPACING + ROW_PADDING
    return min(MAX_ROW_HEIGHT, math.ceil(height / ROW_GRID) * ROW_GRID)


def fit_row(ws: Worksheet, row: int, cells: Iterable[tuple[Any, float]], *, font: Font) -> None:
    ws.row_dimensions[row].height = row_height(cells, size=font.size)


def print_scale(widths: Sequence[float]) -> float:
    """The fit-to-width factor: the table shrinks to the printable width, never grows."""
    printable = PAGE_WIDTH - (MARGINS.left + MARGINS.right) * 72
    return min(1.0, printable / (sum(widths) * POINTS_PER_WIDTH_UNIT))


def page_room(widths: Sequence[float]) -> float:
    """Rows of how many points (sheet points, before scaling) a printed page holds."""
    printable = PAGE_HEIGHT - (MARGINS.top + MARGINS.bottom) * 72
    return printable / print_scale(widths) - PAGE_SLACK


def page_starts(heights: Sequence[float], *, first: float, rest: float) -> list[int]:
    """Indices of the rows that begin pages 2, 3, …, filling each page while the next row fits;
    `first` is the room for these rows on the first page, `rest` on the others (their repeated
    header row taken off). A row taller than a page gets a page of its own."""
    starts: list[int] = []
    room, used = first, 0.0
    for index, height in enumerate(heights):
        if used + height > room and (used > 0 or room < rest):
            starts.append(index)
            room, used = rest, 0.0
        used += height
    return starts


def split_span(first: int, last: int, starts: Iterable[int]) -> list[tuple[int, int]]:
    """Rows first..last cut before each page start inside them: the pieces printed on each page."""
    cuts = sorted(row for row in starts if first < row <= last)
    bounds = [first, *cuts, last + 1]
    return [(bounds[i], bounds[i + 1] - 1) for i in range(len(bounds) - 1)]


@dataclass
class Span:
    """A cell merged down rows first..last (a category, a stage): cut at page breaks, each piece
    shows `text` again at the top of its page, as the PDF does."""

    first: int
    last: int
    text: str
    height: float  # the height its text needs


def _height(ws: Worksheet, row: int) -> float:
    return float(ws.row_dimensions[row].height or 15.0)


def _paginate(
    ws: Worksheet, *, header_row: int, widths: Sequence[float], column: int, spans: Sequence[Span]
) -> list[int]:
    """Break the sheet into pages and write the spans' merged cells, one piece per page. A piece
    lower than its text gets its last row heightened, which may move later breaks: repeat until
    nothing moves. Returns the first rows of pages 2, 3, …"""
    room = page_room(widths)
    first = room - sum(_height(ws, row) for row in range(1, header_row + 1))
    rest = room - _height(ws, header_row)
    body = list(range(header_row + 1, ws.max_row + 1))
    base = {row: _height(ws, row) for row in body}
    extra: dict[int, float] = {}
    starts: list[int] = []
    for _ in range(MAX_LAYOUT_PASSES):
        heights = [base[row] + extra.get(row, 0.0) for row in body]
        starts = [body[index] for index in page_starts(heights, first=first, rest=rest)]
        short = {
            last: span.height - sum(base[row] for row in range(top, last + 1))
            for span in spans
            for top, last in split_span(span.first, span.last, starts)
        }
        grown = {row: gap for row, gap in short.items() if gap > extra.get(row, 0.0)}
        if not grown:
            break
        extra.update(grown)
    for row, gap in extra.items():
        ws.row_dimensions[row].height = min(
            MAX_ROW_HEIGHT, base[row] + math.ceil(gap / ROW_GRID) * ROW_GRID
        )
    for row in starts:
        ws.row_breaks.append(Break(id=row - 1))  # a break's id is the last row above it
    for span in spans:
        for top, last in split_span(span.first, span.last, starts):
            put(ws, top, column, span.text)
            if last > top:
                merge(ws, top, column, last, column)
    return starts


def _print_setup(ws: Worksheet, *, header_row: int, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = copy(MARGINS)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"
    ws.print_options.horizontalCentered = True


def sheet_title(name: str, taken: set[str]) -> str:
    base = name.translate(_SHEET_FORBIDDEN)[:28] or "Sheet"
    title, n = base, 2
    while title in taken:
        title, n = f"{base}({n})"[:31], n + 1
    taken.add(title)
    return title


def _annex_values(table: AnnexTable, entry: AnnexRow | None) -> list[Any]:
    """An entry's cells in the form's columns, the category's left empty (`_paginate` fills it)."""
    if table.form in NUMBERED_FORMS:
        major = table.form == "major"
        if entry is None:
            return ["", None, "", "", "", "", *([""] if major else [])]
        values = [entry.serial, None, entry.risk, entry.manifestations, entry.grade, entry.measures]
        return [*values, entry.leader] if major else values
    if entry is None:
        return [None, "", "", "", ""]
    return [None, entry.risk, entry.grade, entry.department, entry.leader]


def _title_rows(ws: Worksheet, table: AnnexTable, widths: Sequence[int]) -> int:
    """The label, the title lines and the sign line; returns the next free row."""
    selfcheck = table.form in NUMBERED_FORMS
    ncols = len(widths)
    row = 1
    if table.label:
        label = table.label
        _merge_text(ws, row, 1, ncols, label, font=HEADER_FONT, align=WRAP_LEFT)
        fit_row(ws, row, [(label, sum(widths))], font=HEADER_FONT)
        row += 1
    for line in table.title_lines:
        _merge_text(ws, row, 1, ncols, line, font=TITLE_FONT, align=WRAP_CENTER)
        fit_row(ws, row, [(line, sum(widths))], font=TITLE_FONT)
        row += 1
    left = f"{table.filler_label}{table.filler}"
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
        align=Alignment(horizontal="right", vertical="center", wrap_text=True),
    )
    fit_row(ws, row, [(left, sum(widths[:split])), (right, sum(widths[split:]))], font=BODY_FONT)
    return row + 1


def _header_row(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[int]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = put(ws, row, column, header)
        cell.font, cell.alignment, cell.border = HEADER_FONT, WRAP_CENTER, BORDER
    fit_row(ws, row, zip(headers, widths, strict=True), font=HEADER_FONT)


def annex_sheet(ws: Worksheet, table: AnnexTable) -> None:
    """One Annex in its printed layout on `ws`: every row as high as its wrapped text, the page
    breaks placed, and the category repeated at the top of each page."""
    selfcheck = table.form in NUMBERED_FORMS
    if table.form == "major":
        widths = MAJOR_WIDTHS
    else:
        widths = SELFCHECK_WIDTHS if selfcheck else ANNEX_WIDTHS
    cat_col = 2 if selfcheck else 1
    ncols = len(widths)
    header_row = _title_rows(ws, table, widths)
    _header_row(ws, header_row, table.headers, widths)
    row = header_row + 1
    style = Styler()
    # Text columns wrap left-aligned; short ones (category, grade, department, leader) centre.
    if selfcheck:
        aligns = [WRAP_CENTER, WRAP_CENTER, WRAP_LEFT, WRAP_LEFT, WRAP_CENTER, WRAP_LEFT]
        if table.form == "major":
            aligns.append(WRAP_CENTER)
    else:
        aligns = [WRAP_CENTER, WRAP_LEFT, WRAP_CENTER, WRAP_CENTER, WRAP_CENTER]
    category_width = widths[cat_col - 1]
    spans: list[Span] = []
    for group in table.groups:
        first = row
        rows: list[AnnexRow | None] = list(group.rows) or [None]
        for entry in rows:
            values = _annex_values(table, entry)
            for column, value in enumerate(values, start=1):
                cell = put(ws, row, column, value)
                font = CATEGORY_FONT if column == cat_col else BODY_FONT
                style(cell, font=font, alignment=aligns[column - 1], border=BORDER)
            fit_row(ws, row, zip(values, widths, strict=True), font=BODY_FONT)
            row += 1
        height = row_height([(group.category, category_width)], size=BODY_FONT.size)
        spans.append(Span(first=first, last=row - 1, text=group.category, height=height))
    for line in table.notes:
        _merge_text(ws, row, 1, ncols, line, font=BODY_FONT, align=WRAP_LEFT)
        fit_row(ws, row, [(line, sum(widths))], font=BODY_FONT)
        row += 1
    _paginate(ws, header_row=header_row, widths=widths, column=cat_col, spans=spans)
    _print_setup(ws, header_row=header_row, widths=widths)


def schedule_sheet(ws: Worksheet, table: ScheduleTable) -> None:
    """Annex 3 in its printed layout; a stage cut by a page break shows again on the next page."""
    widths = ANNEX3_WIDTHS
    ncols = len(widths)
    _merge_text(ws, 1, 1, ncols, "附件3", font=HEADER_FONT, align=WRAP_LEFT)
    fit_row(ws, 1, [("附件3", sum(widths))], font=HEADER_FONT)
    _merge_text(ws, 2, 1, ncols, table.title, font=TITLE_FONT, align=WRAP_CENTER)
    fit_row(ws, 2, [(table.title, sum(widths))], font=TITLE_FONT)
    row = 3
    if table.is_template:
        mark = str(TEMPLATE_MARK)
        _merge_text(ws, row, 1, ncols, mark, font=BODY_FONT, align=WRAP_CENTER)
        fit_row(ws, row, [(mark, sum(widths))], font=BODY_FONT)
        row += 1
    header_row = row
    _header_row(ws, header_row, table.headers, widths)
    row += 1
    first_data = row
    for item in table.rows:
        values = [item.number, None, item.task, item.lead_unit, item.responsible_units, item.due]
        for column, value in enumerate(values, start=1):
            cell = put(ws, row, column, value)
            cell.border = BORDER
            cell.font = CATEGORY_FONT if column == 2 else BODY_FONT
            cell.alignment = WRAP_LEFT if column == 3 else WRAP_CENTER
        fit_row(ws, row, zip(values, widths, strict=True), font=BODY_FONT)
        row += 1
    spans = [
        Span(
            first=first_data + start,
            last=first_data + start + count - 1,
            text=table.rows[start].stage,
            height=row_height([(table.rows[start].stage, widths[1])], size=BODY_FONT.size),
        )
        for start, count in table.stage_spans
    ]
    _paginate(ws, header_row=header_row, widths=widths, column=2, spans=spans)
    _print_setup(ws, header_row=header_row, widths=widths)


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
