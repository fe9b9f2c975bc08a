"""Turn the parsed rows into a preview: each row's parsed values and its errors, cell by cell.
The same values, once every row is valid, are what `entries_import` writes."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from registers.choices import Impact, Likelihood
from registers.data import EntryData
from registers.exceptions import DomainError
from registers.grading import grade_label
from registers.importing.columns import (
    FIELD_LABELS,
    category_match,
    clean_text,
    field_for_header,
    grade_match,
    impact_match,
    likelihood_match,
    mapping_propose,
)
from registers.importing.storage import PendingImport
from registers.models import Category, Register
from registers.services import entry_clean, entry_values

TEXT_FIELDS = ("risk", "manifestations", "prevention_measures", "grade_override_reason")
MAX_LENGTHS = {"responsible_department": 200, "responsible_leader_name": 100}
# A second numbered item in the same cell: then the numbering is the cell's own list, kept.
_INNER_NUMBERING = re.compile(r"\n\s*(?:\d{1,3}\s*[、.．)）]|[\(（]\d{1,3}[\)）]|[①-⑳])")


@dataclass
class ImportRow:
    """A valid row, ready to write: its number in the sheet and the entry."""

    number: int
    data: EntryData


@dataclass
class PreviewCell:
    text: str
    errors: list[str] = field(default_factory=list)


@dataclass
class PreviewColumn:
    letter: str
    header: str
    field: str
    label: str


@dataclass
class PreviewRow:
    number: int
    cells: list[PreviewCell]
    errors: list[str] = field(default_factory=list)
    # The parsed values by entry field (as the rules complete them, once the row is valid)…
    values: dict[str, Any] = field(default_factory=dict)
    # …and the entry they make, for a valid row.
    entry: EntryData | None = None

    @property
    def is_valid(self) -> bool:
        return not self.errors and not any(cell.errors for cell in self.cells)


@dataclass
class ErrorLine:
    """One error as the summary lists it: 第 5 行 · C 列“风险等级”: …"""

    row: int
    letter: str
    header: str
    message: str


@dataclass
class Preview:
    columns: list[PreviewColumn]
    rows: list[PreviewRow]
    skipped_empty: int
    default_category: Category | None
    errors: list[ErrorLine]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors

    def import_rows(self) -> list[ImportRow]:
        """The rows to write; complete only when the preview `is_valid`."""
        return [
            ImportRow(number=row.number, data=row.entry)
            for row in self.rows
            if row.entry is not None
        ]


def campaign_categories(register: Register) -> list[Category]:
    return list(
        Category.objects.filter(category_set_id=register.campaign.category_set_id).order_by(
            "order", "id"
        )
    )


def mapping_needed(pending: PendingImport) -> bool:
    """The user must map columns when a header is unknown or no column gives the category."""
    if pending.mapping_confirmed:
        return False
    mapping = pending.mapping or mapping_propose(pending.sheet.headers)
    if any(field is None for field in mapping.values()):
        return True
    return "category" not in mapping.values() or "risk" not in mapping.values()


def mapping_refine(
    *, mapping: dict[int, str | None], pending: PendingImport, categories: list[Category]
) -> dict[int, str | None]:
    """Document 000 calls the grade 风险类别, but many lists put the category under that header
    (岗位职责类, 权力运行类…). Without another category column, a "grade" column whose values
    are mostly category names is taken as the category."""
    if "category" in mapping.values():
        return mapping
    for index, field_name in mapping.items():
        if field_name != "grade":
            continue
        values = [row.cells[index] for row in pending.sheet.rows if index < len(row.cells)]
        values = [value for value in values if value.strip()]
        as_category = sum(1 for value in values if category_match(value, categories))
        as_grade = sum(1 for value in values if grade_match(value) is not None)
        if values and as_category > as_grade and as_category * 2 >= len(values):
            refined = {**mapping, index: "category"}
            # A later grade header (风险等级) was left to the user only because this column
            # had taken the grade: it gets it back.
            for other, header in enumerate(pending.sheet.headers):
                if refined.get(other) is None and field_for_header(header) == "grade":
                    refined[other] = "grade"
                    break
            return refined
    return mapping


def _strip_numbering(text: str) -> str:
    if _INNER_NUMBERING.search(text):
        return text.strip()
    return clean_text(text)


def preview_build(*, pending: PendingImport, register: Register) -> Preview:
    categories = campaign_categories(register)
    mapping = pending.mapping or mapping_propose(pending.sheet.headers)
    letters = pending.sheet.letters
    columns = [
        PreviewColumn(
            letter=letters[index],
            header=pending.sheet.headers[index],
            field=str(field_name),
            label=FIELD_LABELS[str(field_name)],
        )
        for index, field_name in sorted(mapping.items())
        if field_name and index < len(letters)
    ]
    default_category = next((c for c in categories if c.pk == pending.default_category_id), None)
    has_category_column = any(column.field == "category" for column in columns)
    scheme, level = register.campaign.grading_scheme, register.level
    category_names = "、".join(category.name for category in categories)
    rows: list[PreviewRow] = []
    errors: list[ErrorLine] = []
    skipped = pending.sheet.blank_rows
    indexes = [index for index, field_name in sorted(mapping.items()) if field_name]
    for sheet_row in pending.sheet.rows:
        content_columns = [
            i
            for i in indexes
            if mapping[i] != "category"
            and i not in sheet_row.inherited
            and i < len(sheet_row.cells)
        ]
        if not any(_value_text(mapping[i], sheet_row.cells[i]) for i in content_columns):
            skipped += 1
            continue
        row = PreviewRow(number=sheet_row.number, cells=[])
        values: dict[str, Any] = {}
        for column, index in zip(columns, indexes, strict=True):
            raw = sheet_row.cells[index] if index < len(sheet_row.cells) else ""
            cell = PreviewCell(text=raw)
            if index in sheet_row.formulas:
                cell.errors.append(
                    _("单元格 %(cell)s 是公式,不予导入;请复制该列后“选择性粘贴为数值”再导入。")
                    % {"cell": f"{column.letter}{sheet_row.number}"}
                )
            else:
                _parse_cell(column.field, raw, cell, values, categories, category_names)
                cell.text = _display(column.field, values, raw, scheme, level)
            row.cells.append(cell)
        if not has_category_column:
            values["category"] = default_category
        risk_cell_errors = any(
            cell.errors
            for column, cell in zip(columns, row.cells, strict=True)
            if column.field == "risk"
        )
        if not values.get("risk") and not risk_cell_errors:
            _error(row, columns, "risk", _("请填写主要廉政风险。"))
        if row.is_valid and values.get("category") is None:
            # The mapping step asks for a category; one deleted meanwhile is none.
            row.errors.append(_("请选择排查类别。"))
        if row.is_valid:
            try:
                row.entry = entry_clean(register=register, data=EntryData(**{"risk": "", **values}))
            except DomainError as error:
                _error(row, columns, error.field or "risk", error.message)
            else:
                values = entry_values(row.entry)
        row.values = values
        rows.append(row)
        for column, cell in zip(columns, row.cells, strict=True):
            errors.extend(
                ErrorLine(row.number, column.letter, column.header, message)
                for message in cell.errors
            )
        errors.extend(ErrorLine(row.number, "", "", message) for message in row.errors)
    return Preview(
        columns=columns,
        rows=rows,
        skipped_empty=skipped,
        default_category=default_category,
        errors=errors,
    )


def _value_text(field_name: str | None, raw: str) -> str:
    if field_name in TEXT_FIELDS:
        return _strip_numbering(raw)
    return raw.strip()


def _error(row: PreviewRow, columns: list[PreviewColumn], field_name: str, message: str) -> None:
    for column, cell in zip(columns, row.cells, strict=True):
        if column.field == field_name:
            cell.errors.append(message)
            return
    row.errors.append(message)


def _parse_cell(
    field_name: str,
    raw: str,
    cell: PreviewCell,
    values: dict[str, Any],
    categories: list[Category],
    category_names: str,
) -> None:
    text = raw.strip()
    if field_name == "category":
        if not text:
            cell.errors.append(_("请填写排查类别(可选:%(names)s)。") % {"names": category_names})
            return
        category = category_match(text, categories)
        if category is None:
            cell.errors.append(
                _("排查类别“%(value)s”不是本次排查的类别,应为:%(names)s。")
                % {"value": text, "names": category_names}
            )
        values["category"] = category
    elif field_name == "grade":
        if text:
            grade = grade_match(text)
            if grade is None:
                cell.errors.append(
                    _("无法识别风险等级“%(value)s”,请填写 高/中/低、一级/二级/三级 或 A/B/C。")
                    % {"value": text}
                )
            values["grade"] = grade
    elif field_name in ("likelihood", "impact"):
        if text:
            match = likelihood_match if field_name == "likelihood" else impact_match
            level = match(text)
            if level is None:
                hint = (
                    _("可能性较大/有一定可能/可能性较小")
                    if field_name == "likelihood"
                    else _("后果严重/后果较严重/后果较轻微")
                )
                cell.errors.append(
                    _("无法识别“%(value)s”,请填写 %(hint)s(或 3/2/1)。")
                    % {"value": text, "hint": hint}
                )
            values[field_name] = level
    elif field_name in TEXT_FIELDS:
        values[field_name] = _strip_numbering(raw)
    else:
        limit = MAX_LENGTHS.get(field_name)
        if limit is not None and len(text) > limit:
            cell.errors.append(_("内容过长(最多 %(limit)s 字)。") % {"limit": limit})
        values[field_name] = text


def _display(field_name: str, values: dict[str, Any], raw: str, scheme: str, level: str) -> str:
    """What the preview shows for a cell: the parsed value where parsing changes it."""
    value = values.get(field_name)
    if field_name == "category" and value is not None:
        return str(value.name)
    if field_name == "grade" and value is not None:
        return grade_label(grade=value, scheme=scheme, level=level)
    if field_name in ("likelihood", "impact") and value is not None:
        choices = Likelihood if field_name == "likelihood" else Impact
        return str(choices(value).label)
    if field_name in TEXT_FIELDS:
        return str(value or "")
    return raw.strip()
