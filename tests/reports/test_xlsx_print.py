"""The Annex sheets as they print: row heights that hold their wrapped text, page breaks placed by
the writer, the category named again at the top of each page, and Annex 3 dated in the campaign's
year. The print tests convert the sheets with LibreOffice (once for the module) and read the pages
back with poppler's pdftotext."""

import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from registers.choices import RegisterLevel
from reports import forms_text as ft
from reports.annex import AnnexGroup, AnnexRow, AnnexTable, annex_table, schedule_table
from reports.xlsx import (
    ANNEX_WIDTHS,
    SELFCHECK_WIDTHS,
    annex_xlsx,
    page_room,
    page_starts,
    schedule_xlsx,
    split_span,
    wrapped_lines,
)
from schedule.models import ScheduleTask
from schedule.services import schedule_prefill
from tests.factories import RegisterFactory
from tests.reports.conftest import LONG, Data, make_entries

CATEGORIES = ["议事决策类", "权力运行类", "制度机制类", "工作流程类", "岗位履职类", "纪律作风类"]
# Entries per category (制度机制类 stays empty): 200 in all.
ANNEX2_COUNTS = [10, 120, 0, 40, 20, 10]
SELFCHECK_COUNTS = [3, 12, 0, 6, 3, 2]
LATIN = "Approval outside the statutory procedure and time limit, favours from applicants. "
MARKER_RE = re.compile(r"R(\d{3})")
BODY_SIZE = 10.5
# LibreOffice spaces the lines of Noto CJK (its stand-in for 宋体) 1.45 em apart: a row lower than
# its lines at that spacing cuts or overlaps its text.
RENDERED_LINE = 1.45 * BODY_SIZE


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_text(serial: int) -> str:
    """Texts of every kind the sheet must hold: 300+ characters, line breaks, Latin words, short."""
    if serial % 9 == 0:
        return LONG * 8  # 344 characters
    if serial % 9 == 4:
        return "第一行\n第二行\n第三行\n第四行\n第五行"
    if serial % 9 == 2:
        return LATIN * 3
    return LONG


def annex_rows(counts: list[int], *, selfcheck: bool) -> list[AnnexGroup]:
    groups, serial = [], 0
    for category, count in zip(CATEGORIES, counts, strict=True):
        rows = []
        for number in range(1, count + 1):
            serial += 1
            risk = f"R{serial:03d}{body_text(serial)}"
            rows.append(
                AnnexRow(
                    risk=risk if selfcheck else f"{number}、{risk}",
                    grade="高",
                    department="审批处行政许可科" * (5 if serial % 6 == 0 else 1),
                    leader="李副局长\n(分管审批)" if serial % 10 == 0 else "李副局长",
                    manifestations=f"表现形式{serial}" + (LONG * 7 if serial % 4 == 0 else ""),
                    measures=f"防控措施{serial}" + (LONG * 8 if serial % 5 == 0 else LONG),
                    number=number,
                    category=category,
                    serial=serial,
                )
            )
        groups.append(AnnexGroup(category=category, rows=rows))
    return groups


def annex2_table() -> AnnexTable:
    """A department register's Annex 2 as reports.annex.annex_table gives it: 200 entries."""
    return AnnexTable(
        form="annex2",
        title_lines=[f"测试局{ft.ANNEX2_TITLE_SUFFIX}", ft.ANNEX2_TITLE_SECOND],
        filler_label=ft.ANNEX2_FILLER_LABEL,
        filler="审批处",
        signer_label=ft.ANNEX2_SIGNER_LABEL,
        signer="",
        signed_on="",
        headers=list(ft.ANNEX_HEADERS),
        groups=annex_rows(ANNEX2_COUNTS, selfcheck=False),
        notes=list(ft.ANNEX2_NOTE_LINES),
        sheet_name="审批处",
    )


def selfcheck_table() -> AnnexTable:
    return AnnexTable(
        form="selfcheck",
        title_lines=[ft.SELFCHECK_TITLE],
        filler_label="",
        filler="审批处  岗位:审批岗  姓名:张三",
        signer_label=ft.SELFCHECK_SIGNER_LABEL,
        signer="",
        signed_on="",
        headers=list(ft.SELFCHECK_HEADERS),
        groups=annex_rows(SELFCHECK_COUNTS, selfcheck=True),
        notes=[],
    )


def sheet(content: bytes) -> Worksheet:
    return load_workbook(io.BytesIO(content)).worksheets[0]


def heights(ws: Worksheet) -> dict[int, float]:
    return {row: ws.row_dimensions[row].height or 15.0 for row in range(1, ws.max_row + 1)}


def page_rows(ws: Worksheet) -> list[list[int]]:
    """The sheet's rows page by page, as its manual row breaks cut them."""
    breaks = sorted(brk.id for brk in ws.row_breaks.brk)
    bounds = [0, *breaks, ws.max_row]
    return [list(range(bounds[i] + 1, bounds[i + 1] + 1)) for i in range(len(bounds) - 1)]


def header_row(ws: Worksheet) -> int:
    return int(ws.print_title_rows.split(":")[0].strip("$"))


# --- Row heights ---------------------------------------------------------------------------------


def test_wrapped_lines_counts_line_breaks_and_wide_characters() -> None:
    assert wrapped_lines("第一行\n第二行\n\n第四行", 72, size=BODY_SIZE) == 4
    # 70 half-em units fit on a line of a 72-wide column: 35 CJK characters, or 70 Latin ones.
    assert wrapped_lines("审" * 35, 72, size=BODY_SIZE) == 1
    assert wrapped_lines("审" * 36, 72, size=BODY_SIZE) == 2
    assert wrapped_lines("a" * 70, 72, size=BODY_SIZE) == 1
    # A line never starts with closing punctuation: the character before it moves down with it,
    # and the second line (审、 and 34 more) runs over into a third.
    assert wrapped_lines("审" * 35 + "、" + "审" * 34, 72, size=BODY_SIZE) == 3
    # Latin words do not break, unless longer than a line.
    assert wrapped_lines("abcdefghij " * 7, 72, size=BODY_SIZE) == 2
    assert wrapped_lines("x" * 150, 72, size=BODY_SIZE) == 3


def test_every_row_is_as_high_as_its_tallest_cell() -> None:
    """Each column counts, not only the risk's: here the department, the leader (line breaks) and,
    on the self-check form, the measures are the tallest cells of their rows."""
    table = annex2_table()
    table.groups = [AnnexGroup(category="权力运行类", rows=table.groups[1].rows[:3])]
    first = table.groups[0].rows
    # 48 CJK characters: a 22-wide column (154 px in Excel) holds 10 of 14 px a line.
    first[0].risk, first[0].department = "1、短", "审批处行政许可科" * 6
    first[1].risk, first[1].leader = "2、短", "李\n副\n局\n长"
    ws = sheet(annex_xlsx(table))
    top = header_row(ws) + 1
    assert ws.row_dimensions[top].height >= 5 * RENDERED_LINE
    assert ws.row_dimensions[top + 1].height >= 4 * RENDERED_LINE
    check = selfcheck_table()
    check.groups = [AnnexGroup(category="权力运行类", rows=check.groups[1].rows[:1])]
    entry = check.groups[0].rows[0]
    entry.risk, entry.manifestations, entry.measures = "短", "短", LONG * 8  # 688 units
    ws = sheet(annex_xlsx(check))
    lines = wrapped_lines(entry.measures, SELFCHECK_WIDTHS[5], size=BODY_SIZE)
    assert lines >= 688 // 70
    assert ws.row_dimensions[header_row(ws) + 1].height >= lines * RENDERED_LINE


# --- Page breaks ---------------------------------------------------------------------------------


def test_page_starts_fill_each_page() -> None:
    # 250 pt on the first page, 300 on the others.
    assert page_starts([100.0] * 10, first=250, rest=300) == [2, 5, 8]
    assert page_starts([100.0] * 2, first=250, rest=300) == []
    # A row taller than a page gets one of its own.
    assert page_starts([50.0, 400.0, 50.0], first=250, rest=300) == [1, 2]


def test_split_span_cuts_at_page_starts_inside_it() -> None:
    assert split_span(5, 20, [3, 9, 15, 21]) == [(5, 8), (9, 14), (15, 20)]
    assert split_span(5, 20, [5, 21]) == [(5, 20)]  # a page starting with the span: one piece
    assert split_span(7, 7, [7, 8]) == [(7, 7)]


def assert_pages_fit_and_name_their_category(
    ws: Worksheet, *, column: int, widths: list[int]
) -> int:
    """Each page's rows fit the printed page, each page after the first begins with a cell naming
    its category, and no merged category cell runs over a page break (it would print its name
    once only). Returns the page count."""
    room = page_room(widths)
    row_heights = heights(ws)
    title = header_row(ws)
    pages = page_rows(ws)
    page_of = {row: index for index, rows in enumerate(pages) for row in rows}
    for index, rows in enumerate(pages):
        repeated = 0.0 if index == 0 else row_heights[title]
        assert sum(row_heights[row] for row in rows) + repeated <= room, f"page {index + 1}"
        if index:
            assert ws.cell(rows[0], column).value in CATEGORIES, f"page {index + 1}"
    for rng in ws.merged_cells.ranges:
        if rng.min_col == column and rng.min_row > title:
            assert page_of[rng.min_row] == page_of[rng.max_row], str(rng)
    return len(pages)


def test_a_200_entry_register_breaks_into_pages_that_each_name_their_category(
    data: Data,
) -> None:
    register = RegisterFactory(campaign=data.campaign, level=RegisterLevel.DEPARTMENT)
    make_entries(register, data.categories, 200)
    ws = sheet(annex_xlsx(annex_table(register)))
    assert assert_pages_fit_and_name_their_category(ws, column=1, widths=ANNEX_WIDTHS) >= 10
    # Every entry's row is still there, under a cell naming its category.
    named = [ws.cell(row, 1).value for row in range(1, ws.max_row + 1)]
    assert named.count("权力运行类") >= 2  # the long category is named again on later pages


def test_the_self_check_form_names_its_category_in_column_two(data: Data) -> None:
    make_entries(data.post_register, data.categories, 40)
    ws = sheet(annex_xlsx(annex_table(data.post_register)))
    assert assert_pages_fit_and_name_their_category(ws, column=2, widths=SELFCHECK_WIDTHS) >= 3


# --- Printing through LibreOffice ----------------------------------------------------------------


@dataclass
class Printed:
    annex2: AnnexTable
    selfcheck: AnnexTable
    annex2_pages: int  # as the sheet's row breaks cut it
    selfcheck_pages: int
    annex2_pdf: Path
    selfcheck_pdf: Path


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (scripts/test installs it: ensure_libreoffice)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """Both forms converted to PDF by one LibreOffice run, with a profile of its own (a user's
    running LibreOffice or a parallel test would otherwise hold the default one)."""
    soffice = tool("soffice")
    tool("pdftotext")
    folder = tmp_path_factory.mktemp("print")
    annex2, selfcheck = annex2_table(), selfcheck_table()
    sheets = {"annex2": annex_xlsx(annex2), "selfcheck": annex_xlsx(selfcheck)}
    for name, content in sheets.items():
        (folder / f"{name}.xlsx").write_bytes(content)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "annex2.xlsx"),
            str(folder / "selfcheck.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return Printed(
        annex2=annex2,
        selfcheck=selfcheck,
        annex2_pages=len(page_rows(sheet(sheets["annex2"]))),
        selfcheck_pages=len(page_rows(sheet(sheets["selfcheck"]))),
        annex2_pdf=folder / "annex2.pdf",
        selfcheck_pdf=folder / "selfcheck.pdf",
    )


def pdf_pages(pdf: Path, *mode: str) -> list[str]:
    out = subprocess.run(
        ["pdftotext", *mode, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[:-1]


def entries(table: AnnexTable) -> Iterator[AnnexRow]:
    for group in table.groups:
        yield from group.rows


@pytest.mark.parametrize("form", ["annex2", "selfcheck"])
def test_printed_pages_are_the_sheets_pages(printed: Printed, form: str) -> None:
    """LibreOffice breaks where the sheet says and nowhere else: no page runs over."""
    pages = pdf_pages(getattr(printed, f"{form}_pdf"), "-layout")
    expected = getattr(printed, f"{form}_pages")
    assert expected >= 3
    assert len(pages) == expected
    assert f"共 {expected} 页" in pages[0]


@pytest.mark.parametrize("form", ["annex2", "selfcheck"])
def test_each_printed_page_begins_with_its_category(printed: Printed, form: str) -> None:
    table: AnnexTable = getattr(printed, form)
    category_of = {row.serial: row.category for row in entries(table)}
    names = re.compile("|".join(CATEGORIES))
    for number, page in enumerate(pdf_pages(getattr(printed, f"{form}_pdf"), "-layout"), 1):
        body = page.split("备注")[0]  # the notes name categories too
        serials = [int(found) for found in MARKER_RE.findall(body)]
        if not serials:
            continue
        # Lines run top to bottom: the first category named on the page is the first row's.
        first = names.search(body)
        assert first is not None and first.group() == category_of[serials[0]], f"page {number}"
        assert {category_of[serial] for serial in serials} <= set(names.findall(body))


@pytest.mark.parametrize("form", ["annex2", "selfcheck"])
def test_every_text_prints_in_full(printed: Printed, form: str) -> None:
    table: AnnexTable = getattr(printed, form)
    # -raw keeps the drawing order: each cell's lines come together.
    text = squash("".join(pdf_pages(getattr(printed, f"{form}_pdf"), "-raw")))
    for entry in entries(table):
        cells = (
            [entry.risk, entry.manifestations, entry.measures]
            if form == "selfcheck"
            else [entry.risk, entry.department, entry.leader]
        )
        for cell in cells:
            assert squash(cell) in text, cell[:20]
    assert "制度机制类" in text  # the empty category keeps its row


def word_boxes(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    xhtml = "{http://www.w3.org/1999/xhtml}"
    return [
        [
            (
                float(word.get("xMin", 0)),
                float(word.get("yMin", 0)),
                float(word.get("xMax", 0)),
                float(word.get("yMax", 0)),
                word.text or "",
            )
            for word in page.iter(f"{xhtml}word")
        ]
        for page in ElementTree.fromstring(out).iter(f"{xhtml}page")  # noqa: S314 (our own PDF)
    ]


@pytest.mark.parametrize("form", ["annex2", "selfcheck"])
def test_no_printed_text_overlaps(printed: Printed, form: str) -> None:
    """Text that overflows its row is drawn over the next row's (by 5 pt or more): no two words
    may cover each other by more than the 1.5 pt the fonts' boxes of adjacent lines share."""
    for number, words in enumerate(word_boxes(getattr(printed, f"{form}_pdf")), 1):
        for index, (x0, y0, x1, y1, text) in enumerate(words):
            for a0, b0, a1, b1, other in words[index + 1 :]:
                overlap = min(x1, a1) - max(x0, a0), min(y1, b1) - max(y0, b0)
                assert min(overlap) <= 3, f"page {number}: {text[:12]} / {other[:12]}"


# --- Annex 3 in the campaign's year ------------------------------------------------------------


def due_column(content: bytes) -> list[str]:
    ws = sheet(content)
    first = header_row(ws) + 1
    return [str(ws.cell(row, 6).value) for row in range(first, ws.max_row + 1)]


def test_annex3_prints_the_campaigns_year_not_the_documents(data: Data) -> None:
    """Document 000 (2019) writes "8月10日前" and "2020年1月"; a 2026 campaign's schedule, as
    prefilled from it, prints 2026 for the first and moves the second on with the campaign."""
    schedule_prefill(campaign=data.campaign)
    due = due_column(schedule_xlsx(schedule_table(data.campaign)))
    assert due[5] == "2026年8月10日前" and due[6] == "2026年8月底前" and due[1] == "2026年7月"
    assert due[8:] == ["2027年1月", "2027年3月", "2027年12月底", "2027年底", "2028年"]
    assert not any(re.search(r"2019|2020|2021", text) for text in due)
    assert all(text.startswith(("2026年", "2027年", "2028年")) for text in due)


def test_annex3_prints_a_deadline_the_administrator_moved(data: Data) -> None:
    data.campaign.year = 2027
    data.campaign.save()
    schedule_prefill(campaign=data.campaign)
    moved = ScheduleTask.objects.get(campaign=data.campaign, due_text="8月10日前")
    moved.deadline = date(2027, 8, 20)
    moved.save()
    dated = ScheduleTask.objects.get(campaign=data.campaign, due_text="2020年1月")
    dated.deadline = date(2028, 2, 15)
    dated.save()
    table = schedule_table(data.campaign)
    due = {row.task: row.due for row in table.rows}
    assert due[moved.task] == "2027年8月20日前"
    assert due[dated.task] == "2028年2月15日前"
    assert due["健全廉政档案"] == "2028年底"


def test_annex3_template_is_dated_in_the_campaigns_year(data: Data) -> None:
    table = schedule_table(data.campaign)
    assert table.is_template
    due = due_column(schedule_xlsx(table))
    assert due[5] == "2026年8月10日前" and due[-1] == "2028年"


def test_annex3_stage_is_named_again_after_a_page_break(data: Data) -> None:
    ScheduleTask.objects.bulk_create(
        ScheduleTask(
            campaign=data.campaign,
            order=index,
            stage="动员部署深入排查分析阶段",
            task=f"T{index:02d}" + LONG * 2,
            lead_unit="机关纪委",
            responsible_units="机关处室、城区分局、直属单位",
            due_text="7月",
        )
        for index in range(40)
    )
    ws = sheet(schedule_xlsx(schedule_table(data.campaign)))
    pages = page_rows(ws)
    assert len(pages) >= 2
    for rows in pages[1:]:
        assert ws.cell(rows[0], 2).value == "动员部署深入排查分析阶段"
