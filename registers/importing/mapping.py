"""What each column, and each value of the file's category column, becomes.

The proposal is made on upload; the mapping step shows it and the user corrects it. A column no
field takes is kept with each entry as an extra field (unless the user ignores it), so that no
content is dropped unseen.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from registers.importing.columns import (
    EXTRA,
    IGNORE,
    category_match,
    clean_text,
    field_for_header,
    grade_read,
    mapping_propose,
    normalize,
)
from registers.importing.reader import ParsedSheet
from registers.importing.storage import SKIP_ROWS, PendingImport
from registers.models import Category, ImportCategoryChoice, Register
from registers.selectors import category_set_id_for

Mapping = dict[int, str | None]


def column_values(sheet: ParsedSheet, index: int) -> list[str]:
    """The non-empty values of a column in its data rows (section headings left out)."""
    return [
        row.cells[index].strip()
        for row in sheet.rows
        if not row.section and index < len(row.cells) and row.cells[index].strip()
    ]


def _holds_grades(values: Sequence[str]) -> bool:
    readable = sum(1 for value in values if grade_read(value) is not None)
    return readable * 2 >= len(values)


def mapping_initial(sheet: ParsedSheet) -> Mapping:
    """The proposal: headers by the dictionary; of several grade-named columns, the one holding
    grades is the grade and one holding other values (岗位职责类, 权力运行类…: document 000 calls
    the grade 风险类别, many lists put their categories there) the category; an unknown column is
    kept as an extra field if it holds anything, ignored if it is empty."""
    mapping = mapping_propose(sheet.headers)
    grade_named = [
        index
        for index, header in enumerate(sheet.headers)
        if field_for_header(header, row=sheet.headers) == "grade"
    ]
    grade_taken = False
    for index in grade_named:
        values = column_values(sheet, index)
        if values and _holds_grades(values):
            mapping[index] = None if grade_taken else "grade"
            grade_taken = True
        elif values and "category" not in mapping.values():
            mapping[index] = "category"
        else:
            mapping[index] = None
    empty_grade = [index for index in grade_named if mapping[index] is None]
    if not grade_taken and empty_grade and not column_values(sheet, empty_grade[0]):
        mapping[empty_grade[0]] = "grade"  # the form's grade column, left blank
    for index, field_name in mapping.items():
        if field_name is None:
            mapping[index] = EXTRA if column_values(sheet, index) else IGNORE
    return mapping


def category_key(text: str) -> str:
    """A category value as it is compared and remembered: no numbering, width or spaces."""
    return normalize(clean_text(text))[:200]


def row_category_texts(pending: PendingImport) -> dict[int, str]:
    """Row number → the category text a data row gives: its category cell, or else the section
    heading above it. Rows with neither are absent (they take the category for all rows)."""
    column = next((i for i, f in pending.mapping.items() if f == "category"), None)
    texts: dict[int, str] = {}
    section = ""
    for row in pending.sheet.rows:
        if row.section:
            section = next(text for text in row.cells if text)
            continue
        own = row.cells[column].strip() if column is not None and column < len(row.cells) else ""
        if own or section:
            texts[row.number] = own or section.strip()
    return texts


@dataclass
class CategoryValue:
    """One of the file's own category values, with how many rows carry it and the campaign
    category it goes to (the user's choice, else the remembered one, else a lenient match)."""

    key: str
    text: str
    rows: int
    choice: int | str | None


def category_values(
    *, pending: PendingImport, register: Register, categories: list[Category]
) -> list[CategoryValue]:
    found: dict[str, CategoryValue] = {}
    for text in row_category_texts(pending).values():
        key = category_key(text)
        if key in found:
            found[key].rows += 1
        else:
            found[key] = CategoryValue(key=key, text=text, rows=1, choice=None)
    if not found:
        return []
    remembered = dict(
        ImportCategoryChoice.objects.filter(
            unit_id=register.unit_id,
            category_set_id=category_set_id_for(register),
            value__in=list(found),
        ).values_list("value", "category_id")
    )
    known = {category.pk for category in categories}
    for value in found.values():
        chosen = pending.category_values.get(value.key)
        if chosen == SKIP_ROWS or chosen in known:
            value.choice = chosen
        elif remembered.get(value.key) in known:
            value.choice = remembered[value.key]
        else:
            match = category_match(value.text, categories)
            value.choice = match.pk if match is not None else None
    return list(found.values())


def category_choices_remember(
    *, register: Register, choices: dict[str, int | str], categories: list[Category]
) -> None:
    """Keep the unit's choices for its next import (rows skipped are not a choice to keep)."""
    known = {category.pk for category in categories}
    for key, choice in choices.items():
        if isinstance(choice, int) and choice in known:
            ImportCategoryChoice.objects.update_or_create(
                unit_id=register.unit_id,
                category_set_id=category_set_id_for(register),
                value=key,
                defaults={"category_id": choice},
            )


def mapping_needed(
    *,
    pending: PendingImport,
    register: Register,
    categories: list[Category],
    values: list[CategoryValue] | None = None,
) -> bool:
    """The user must see the mapping step when no column gives the risk, when rows have no
    category to go to, or when a category value of the file has no campaign category.
    `values`: the file's category values, when the caller has them already."""
    if pending.mapping_confirmed:
        return False
    fields = set(pending.mapping.values())
    if "risk" not in fields:
        return True
    if values is None:
        values = category_values(pending=pending, register=register, categories=categories)
    if any(value.choice is None for value in values):
        return True
    data_rows = sum(1 for row in pending.sheet.rows if not row.section)
    with_category = sum(value.rows for value in values)
    return with_category < data_rows and pending.default_category_id is None
