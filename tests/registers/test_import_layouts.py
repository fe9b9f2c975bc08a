"""Every layout family of the published lists (tests/registers/import_layouts.py) imports with its
categories, grades and every cell's text intact, with no change to the file: at most the mapping
step's category choices are made, as a user makes them."""

import pytest

from registers.importing.columns import EXTRA
from registers.importing.mapping import category_values, mapping_initial, mapping_needed
from registers.importing.reader import workbook_read
from registers.importing.storage import PendingImport
from registers.importing.validation import TEXT_FIELDS, campaign_categories, preview_build
from registers.models import Register
from tests.conftest import Cast
from tests.factories import RegisterFactory
from tests.registers.import_layouts import LAYOUTS

KEPT_AS_TYPED = (*TEXT_FIELDS, "responsible_department", "responsible_post")


@pytest.fixture
def register(cast: Cast) -> Register:
    return RegisterFactory(unit=cast.dept)


@pytest.mark.parametrize("build", LAYOUTS, ids=[build.__name__ for build in LAYOUTS])
def test_layout_imports_whole(build, register: Register) -> None:
    data, _expected = build()
    sheet = workbook_read(name="清单.xlsx", data=data)
    pending = PendingImport(
        token="00000000-0000-0000-0000-000000000000",
        user_id=1,
        register_id=register.pk,
        file_name="清单.xlsx",
        sheet=sheet,
        mapping=mapping_initial(sheet),
    )
    categories = campaign_categories(register)
    if mapping_needed(pending=pending, register=register, categories=categories):
        # What the user does in the mapping step: a category for each of the file's own
        # values, and one for rows that give none.
        for value in category_values(pending=pending, register=register, categories=categories):
            if value.choice is None:
                pending.category_values[value.key] = categories[4].pk
        pending.default_category_id = categories[4].pk
        assert not mapping_needed(pending=pending, register=register, categories=categories)
    preview = preview_build(pending=pending, register=register)
    assert preview.is_valid, preview.errors
    assert preview.rows_to_import
    by_number = {row.number: row for row in sheet.rows}
    for row in preview.rows_to_import:
        cells = by_number[row.number].cells
        extras = dict(row.values["extra_fields"])
        for index, field_name in pending.mapping.items():
            text = cells[index].strip()
            if field_name in KEPT_AS_TYPED:
                columns = zip(row.cells, preview.columns, strict=True)
                cell = next(c for c, column in columns if column.field == field_name)
                if cell.before:  # the Annex's own number, shown removed
                    assert cell.before == text and text.endswith(row.values[field_name])
                else:
                    assert row.values[field_name] == text, (row.number, field_name)
            elif field_name == EXTRA and text and index not in by_number[row.number].inherited:
                header = sheet.headers[index] or sheet.letters[index]
                assert extras[header] == text
            elif field_name == "grade" and text:
                assert row.values["grade"] in (1, 2, 3)
        assert row.values["category"] is not None
