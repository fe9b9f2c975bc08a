"""The blank import template: document 000's Annex 2 form for one register, which the import
reads back as it is (its "1、/2、/… …" rows count as empty, its 备注 lines as notes)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from registers.models import Category, Register

ANNEX2_HEADER = ("排查类别", "主要廉政风险", "风险类别", "责任部门", "责任领导")
# Annex 2's own notes, word for word (document 000).
ANNEX2_NOTES = (
    "备注:1.内设机构针对六个类别排查风险时应有所侧重,比如议事决策类风险不涉及 可不填报。",
    "2.下属单位承担权力事项较多,可参考市直单位本级样式制定廉政风险清单。",
)
ROWS_PER_CATEGORY = 3


def template_workbook(*, register: Register, categories: list[Category]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new Workbook always has its first sheet
    sheet.title = "廉政风险清单"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    sheet.append([register.title])
    sheet.merge_cells("A1:E1")
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"填报部门(单位):{register.unit.name}", None, None, "分管领导(签字):"])
    sheet.append(list(ANNEX2_HEADER))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for category in categories:
        first = sheet.max_row + 1
        for number in range(1, ROWS_PER_CATEGORY + 1):
            text = f"{number}、" if number < ROWS_PER_CATEGORY else "… …"
            sheet.append([category.name if number == 1 else None, text, None, None, None])
        sheet.merge_cells(start_row=first, start_column=1, end_row=sheet.max_row, end_column=1)
        for row in sheet.iter_rows(min_row=first, max_row=sheet.max_row, max_col=5):
            for cell in row:
                cell.border = border
                cell.alignment = wrap
    for note in ANNEX2_NOTES:
        sheet.append([note])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=5
        )
    for letter, width in zip("ABCDE", (14, 60, 10, 16, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
