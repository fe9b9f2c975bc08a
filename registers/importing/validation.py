"""Turn the parsed rows into a preview: each row's parsed values, what the import did to them, and
its errors, cell by cell. The same values, once every row not skipped is valid, are what
`entries_import` writes.

Text is kept as the file has it (only the blanks around it go, as in the editor); the one change
made to a text, the Annex's own entry number, is shown as before → after and can be switched off
(registers.importing.numbering). Numbers read as grades are shown with their reading, which can be
flipped. A row without a grade becomes an ungraded entry.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from orgs.models import User
from registers.choices import Impact, Likelihood
from registers.data import EntryData
from registers.exceptions import DomainError
from registers.grading import register_grade_label
from registers.importing.columns import (
    EXTRA,
    EXTRA_LABEL,
    FIELD_LABELS,
    clean_text,
    grade_read,
    impact_match,
    likelihood_match,
)
from registers.importing.mapping import (
    CategoryValue,
    category_key,
    category_values,
    column_values,
    row_category_texts,
)
from registers.importing.numbering import AnnexNumbering, annex_layout
from registers.importing.reader import SheetRow
from registers.importing.storage import SKIP_ROWS, PendingImport
from registers.models import AuthorityItem, Category, Register
from registers.selectors import categories_for
from registers.services import entry_clean, entry_values, responsible_leader_propose

TEXT_FIELDS = (
    "risk",
    "manifestations",
    "cause",
    "prevention_measures",
    "monitoring_indicator",
    "grade_override_reason",
)
MAX_LENGTHS = {
    "responsible_department": 200,
    "responsible_post": 200,
    "responsible_leader_name": 100,
}
SAMPLES = 3


@dataclass
class ImportRow:
    """A valid row, ready to write: its number in the sheet and the entry."""

    number: int
    data: EntryData


@dataclass
class PreviewCell:
    text: str
    errors: list[str] = field(default_factory=list)
    # The file's text where the import changed it (the Annex number removed)…
    before: str = ""
    # …or a note on how the value was read or proposed ("1 → 高", "按等级建议").
    note: str = ""

    @property
    def removed_prefix(self) -> str:
        """What the import cut from the start of the text (the Annex number "1、"), if it only
        cut a start; the preview then shows just that, struck through, before the text."""
        if self.before and self.before != self.text and self.before.endswith(self.text):
            return self.before[: len(self.before) - len(self.text)]
        return ""


@dataclass
class PreviewColumn:
    letter: str
    header: str
    field: str
    label: str


@dataclass
class IgnoredColumn:
    letter: str
    header: str
    samples: list[str]


@dataclass
class PreviewRow:
    number: int
    category: PreviewCell
    cells: list[PreviewCell]
    errors: list[str] = field(default_factory=list)
    skipped: bool = False
    # Skipped because the user chose to skip the rows of its category value.
    skipped_by_category: bool = False
    # The leader document 003 assigns to the grade, proposed where the file names none.
    proposed_leader: str = ""
    # The parsed values by entry field (as the rules complete them, once the row is valid)…
    values: dict[str, Any] = field(default_factory=dict)
    # …and the entry they make, for a valid row.
    entry: EntryData | None = None

    @property
    def shown_cells(self) -> list[PreviewCell]:
        """The cells in the preview's order: the category first, then the mapped columns."""
        return [self.category, *self.cells]

    @property
    def is_valid(self) -> bool:
        return not self.errors and not any(cell.errors for cell in self.shown_cells)


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
    ignored: list[IgnoredColumn]
    rows: list[PreviewRow]
    skipped_empty: int
    sections: int
    default_category: Category | None
    errors: list[ErrorLine]
    annex_numbering: bool
    numbers_removed: int
    grade_readings: list[tuple[str, str]]
    leaders_proposed: int

    @property
    def rows_to_import(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.skipped]

    @property
    def ungraded(self) -> int:
        return sum(1 for row in self.rows_to_import if row.entry and row.entry.grade is None)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows_to_import) and not self.errors

    def import_rows(self) -> list[ImportRow]:
        """The rows to write; complete only when the preview `is_valid`."""
        return [
            ImportRow(number=row.number, data=row.entry)
            for row in self.rows_to_import
            if row.entry is not None
        ]


def campaign_categories(register: Register) -> list[Category]:
    return list(categories_for(register))


class _Context:
    """What every row of one preview is checked against, looked up once."""

    def __init__(
        self,
        *,
        pending: PendingImport,
        register: Register,
        categories: list[Category] | None,
        values: list[CategoryValue] | None,
    ) -> None:
        self.pending = pending
        self.register = register
        self.categories = campaign_categories(register) if categories is None else categories
        by_pk = {category.pk: category for category in self.categories}
        if values is None:
            values = category_values(pending=pending, register=register, categories=self.categories)
        self.value_choices = {value.key: value.choice for value in values}
        self.by_pk = by_pk
        self.row_texts = row_category_texts(pending)
        self.default_category = by_pk.get(pending.default_category_id or 0)
        self.scheme = register.campaign.grading_scheme
        self.numbering = (
            AnnexNumbering()
            if annex_layout(pending.sheet.headers) and not pending.keep_numbering
            else None
        )
        self.items = {
            item.name.strip(): item
            for item in AuthorityItem.objects.filter(unit_id=register.unit_id, is_active=True)
        }
        self.leaders: dict[int, User | None] = {}
        self.users_by_name: dict[str, User | None] | None = None
        self.grade_readings: dict[str, str] = {}

    def label(self, grade: int | None) -> str:
        return register_grade_label(self.register, grade)

    def leader_proposed(self, grade: int) -> User | None:
        if grade not in self.leaders:
            self.leaders[grade] = responsible_leader_propose(register=self.register, grade=grade)
        return self.leaders[grade]

    def user_named(self, name: str) -> User | None:
        """The one active person of this name, if exactly one has it."""
        if self.users_by_name is None:
            names: dict[str, User | None] = {}
            for user in User.objects.filter(is_active=True).exclude(name=""):
                names[user.name] = None if user.name in names else user
            self.users_by_name = names
        return self.users_by_name.get(name)


def preview_build(
    *,
    pending: PendingImport,
    register: Register,
    categories: list[Category] | None = None,
    values: list[CategoryValue] | None = None,
) -> Preview:
    """`categories` and `values` (the file's category values): when the caller has them."""
    context = _Context(pending=pending, register=register, categories=categories, values=values)
    sheet = pending.sheet
    letters = sheet.letters
    mapped = [
        (index, str(field_name))
        for index, field_name in sorted(pending.mapping.items())
        if field_name and field_name != "category" and index < len(letters)
    ]
    columns = [
        PreviewColumn(
            letter=letters[index],
            header=sheet.headers[index],
            field=field_name,
            label=EXTRA_LABEL if field_name == EXTRA else FIELD_LABELS[field_name],
        )
        for index, field_name in mapped
    ]
    ignored = [
        IgnoredColumn(
            letter=letters[index],
            header=sheet.headers[index],
            samples=column_values(sheet, index)[:SAMPLES],
        )
        for index, field_name in sorted(pending.mapping.items())
        if not field_name and index < len(letters)
    ]
    skipped_rows = set(pending.skipped_rows)
    rows: list[PreviewRow] = []
    errors: list[ErrorLine] = []
    empty = sheet.blank_rows
    sections = 0
    removed = proposed = 0
    for sheet_row in sheet.rows:
        if sheet_row.section:
            sections += 1
            continue
        if _is_empty(sheet_row, mapped):
            empty += 1
            continue
        row = _row_build(sheet_row, mapped, columns, context)
        row.skipped = row.skipped_by_category or sheet_row.number in skipped_rows
        removed += sum(1 for cell in row.cells if cell.before)
        proposed += 1 if row.proposed_leader else 0
        rows.append(row)
        if row.skipped:
            continue
        for column, cell in zip(columns, row.cells, strict=True):
            errors.extend(
                ErrorLine(row.number, column.letter, column.header, message)
                for message in cell.errors
            )
        errors.extend(ErrorLine(row.number, "", "", message) for message in row.category.errors)
        errors.extend(ErrorLine(row.number, "", "", message) for message in row.errors)
    return Preview(
        columns=columns,
        ignored=ignored,
        rows=rows,
        skipped_empty=empty,
        sections=sections,
        default_category=context.default_category,
        errors=errors,
        annex_numbering=annex_layout(sheet.headers),
        numbers_removed=removed,
        grade_readings=sorted(context.grade_readings.items()),
        leaders_proposed=proposed,
    )


def _is_empty(sheet_row: SheetRow, mapped: list[tuple[int, str]]) -> bool:
    """A row with nothing of its own but placeholders: the Annex's blank "1、", "… …" rows."""
    return not any(
        clean_text(sheet_row.cells[index])
        for index, _field in mapped
        if index < len(sheet_row.cells) and index not in sheet_row.inherited
    )


def _row_build(
    sheet_row: SheetRow,
    mapped: list[tuple[int, str]],
    columns: list[PreviewColumn],
    context: _Context,
) -> PreviewRow:
    row = PreviewRow(number=sheet_row.number, category=_category_cell(sheet_row, context), cells=[])
    values: dict[str, Any] = {}
    extras: list[tuple[str, str]] = []
    category = _category_of(sheet_row, row, context)
    values["category"] = category
    for (index, field_name), column in zip(mapped, columns, strict=True):
        raw = sheet_row.cells[index] if index < len(sheet_row.cells) else ""
        cell = PreviewCell(text=raw.strip())
        row.cells.append(cell)
        if index in sheet_row.formulas:
            cell.errors.append(
                _(
                    "单元格 %(cell)s 是公式,不予导入。可在“调整列对应”中把这一列设为“忽略”,"
                    "或跳过此行;要导入它的值,请在 Excel 中“选择性粘贴为数值”后重新上传。"
                )
                % {"cell": f"{column.letter}{sheet_row.number}"}
            )
        elif field_name == EXTRA:
            if cell.text:
                extras.append((column.header or column.letter, cell.text))
        else:
            _cell_parse(field_name, cell, values, context, category)
    values["extra_fields"] = tuple(extras)
    if values.get("grade") is None and context.pending.default_grade is not None:
        values["grade"] = context.pending.default_grade
    row.values = values
    if row.skipped_by_category:
        return row  # shown, not imported: its category value is skipped
    cells = zip(columns, row.cells, strict=True)
    risk_errors = [cell.errors for column, cell in cells if column.field == "risk"]
    if not values.get("risk") and not any(risk_errors):
        _error(row, columns, "risk", _("此行没有主要廉政风险。请检查列对应,或跳过此行。"))
    if row.is_valid:
        _leader_complete(row, columns, context)
        try:
            row.entry = entry_clean(
                register=context.register,
                data=EntryData(**{"risk": "", **row.values}),
                ungraded=True,
            )
        except DomainError as error:
            _error(row, columns, error.field or "risk", error.message)
        else:
            row.values = entry_values(row.entry)
    return row


def _category_cell(sheet_row: SheetRow, context: _Context) -> PreviewCell:
    return PreviewCell(text=context.row_texts.get(sheet_row.number, ""))


def _category_of(sheet_row: SheetRow, row: PreviewRow, context: _Context) -> Category | None:
    text = context.row_texts.get(sheet_row.number)
    cell = row.category
    if text is None:
        if context.default_category is None:
            cell.errors.append(
                _("此行没有排查类别。请在“调整列对应”中选择未填类别的行归入的类别,或跳过此行。")
            )
            return None
        cell.text = context.default_category.name
        return context.default_category
    choice = context.value_choices.get(category_key(text))
    if choice == SKIP_ROWS:
        row.skipped_by_category = True
        cell.note = _("按类别对应跳过")
        return None
    category = context.by_pk.get(choice) if isinstance(choice, int) else None
    if category is None:
        cell.errors.append(
            _("类别“%(value)s”还没有对应到本次排查的类别,请在“调整列对应”中选择。")
            % {"value": text}
        )
        return None
    if category.name != text:
        cell.before, cell.text = text, category.name
    return category


def _error(row: PreviewRow, columns: list[PreviewColumn], field_name: str, message: str) -> None:
    if field_name == "category":
        row.category.errors.append(message)
        return
    for column, cell in zip(columns, row.cells, strict=True):
        if column.field == field_name:
            cell.errors.append(message)
            return
    row.errors.append(message)


def _cell_parse(
    field_name: str,
    cell: PreviewCell,
    values: dict[str, Any],
    context: _Context,
    category: Category | None,
) -> None:
    text = cell.text
    if field_name == "grade":
        if text:
            _grade_parse(cell, values, context)
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
                    _(
                        "无法识别“%(value)s”,应为 %(hint)s(或 3/2/1)。"
                        "可在“调整列对应”中把这一列设为“其他字段”保留原文,或跳过此行。"
                    )
                    % {"value": text, "hint": hint}
                )
            else:
                choices = Likelihood if field_name == "likelihood" else Impact
                cell.text = str(choices(level).label)
            values[field_name] = level
    elif field_name == "authority_item":
        if text:
            item = context.items.get(text)
            if item is None:
                cell.errors.append(
                    _(
                        "本单位没有名为“%(value)s”的权责事项。可在“调整列对应”中把这一列设为"
                        "“其他字段”保留原文,或跳过此行。"
                    )
                    % {"value": text}
                )
            values["authority_item"] = item
    elif field_name in TEXT_FIELDS:
        if field_name == "risk" and context.numbering is not None:
            stripped = context.numbering.strip(text, category=category)
            if stripped != text:
                cell.before, cell.text = text, stripped
        values[field_name] = cell.text
    else:
        limit = MAX_LENGTHS.get(field_name)
        if limit is not None and len(text) > limit:
            cell.errors.append(
                _("内容过长(%(length)s 字,最多 %(limit)s 字)。")
                % {"length": len(text), "limit": limit}
            )
        values[field_name] = text


def _grade_parse(cell: PreviewCell, values: dict[str, Any], context: _Context) -> None:
    reading = grade_read(cell.text, reversed_numbers=context.pending.grades_reversed)
    if reading is None:
        cell.errors.append(
            _(
                "无法识别风险等级“%(value)s”(可识别:高/中/低、一级/二级/三级、1/2/3、A/B/C)。"
                "可在“调整列对应”中把这一列设为“其他字段”保留原文、各行导入后再评定,"
                "或跳过此行。"
            )
            % {"value": cell.text}
        )
        return
    values["grade"] = reading.grade
    label = context.label(reading.grade)
    if reading.numeric:
        cell.note = f"{cell.text} → {label}"
        context.grade_readings[cell.text] = label
    cell.text = label


def _leader_complete(row: PreviewRow, columns: list[PreviewColumn], context: _Context) -> None:
    """The responsible leader: the person the name names, if exactly one has it. A file without
    a leader column gets, for each graded row, the leader document 003 assigns to its grade (as
    the editor proposes), marked as proposed; a file with one keeps its cells, empty ones too."""
    values = row.values
    name = values.get("responsible_leader_name", "")
    if name:
        values["responsible_leader"] = context.user_named(name)
        return
    if any(column.field == "responsible_leader_name" for column in columns):
        return
    grade = values.get("grade")
    leader = context.leader_proposed(grade) if grade is not None else None
    if leader is not None:
        values["responsible_leader"] = leader
        row.proposed_leader = leader.name
