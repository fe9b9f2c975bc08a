"""The full register as a plain table: every field of every entry, one row per entry, under the
headers the import reads. It is the register's complete copy in Excel: imported into an empty
register it gives the same register back (tests/reports/test_full_register.py)."""

from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from registers.choices import Impact, Likelihood
from registers.grading import register_grade_label
from registers.importing.columns import FIELD_LABELS
from registers.models import Register, RiskEntry
from reports.xlsx import BODY_FONT, BORDER, HEADER_FONT, WRAP_LEFT, Styler, put, to_bytes

# The header row: the import finds it among the first rows by these names.
HEADER_ROW = 2
WIDE = {"risk", "manifestations", "cause", "prevention_measures", "monitoring_indicator"}


def _cell_value(entry: RiskEntry, field: str, register: Register) -> Any:
    value = getattr(entry, field)
    if field == "category":
        return entry.category.name
    if field == "grade":
        return register_grade_label(register, value)
    if field in ("likelihood", "impact"):
        choices = Likelihood if field == "likelihood" else Impact
        return str(choices(value).label) if value is not None else ""
    if field == "authority_item":
        return value.name if value is not None else ""
    return value or ""


def full_register_xlsx(register: Register) -> bytes:
    entries = list(
        RiskEntry.objects.filter(register=register)
        .select_related("category", "authority_item")
        .order_by("category__order", "category_id", "order", "id")
    )
    fields = list(FIELD_LABELS)
    extra_names: list[str] = []
    for entry in entries:
        for name, _text in entry.extra_fields:
            if name not in extra_names:
                extra_names.append(name)
    headers = [_("序号"), *FIELD_LABELS.values(), *extra_names]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("完整清单")
    put(sheet, 1, 1, _("%(title)s(完整)") % {"title": register.title}).font = HEADER_FONT
    style = Styler()
    for column, header in enumerate(headers, start=1):
        style(put(sheet, HEADER_ROW, column, header), font=HEADER_FONT, alignment=WRAP_LEFT,
              border=BORDER)  # fmt: skip
    for number, entry in enumerate(entries, start=1):
        row = HEADER_ROW + number
        extras = dict(entry.extra_fields)
        values = [
            number,
            *[_cell_value(entry, field, register) for field in fields],
            *[extras.get(name, "") for name in extra_names],
        ]
        for column, value in enumerate(values, start=1):
            style(put(sheet, row, column, value), font=BODY_FONT, alignment=WRAP_LEFT,
                  border=BORDER)  # fmt: skip
    for column, name in enumerate(["", *fields, *extra_names], start=1):
        letter = sheet.cell(row=HEADER_ROW, column=column).column_letter
        sheet.column_dimensions[letter].width = 40 if name in WIDE else (6 if column == 1 else 14)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    return to_bytes(workbook)
