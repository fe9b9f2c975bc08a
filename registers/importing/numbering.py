"""The one change the import makes to a text: the Annex's own entry number.

Document 000's Annexes number the risks of each category 1、2、3… at the start of the 主要廉政风险
cell; the register keeps the order itself, so the number is not part of the risk. Everywhere else a
cell's text is kept as it is: a number at the start of another column, or of the risk in a file of
another layout, or a cell holding its own list ("1.加强…;2.落实…"), or a section number such as
"2.1…", is the filler's text. The preview shows each removal as before → after, and the user can
switch it off.
"""

import re
from collections.abc import Sequence

from registers.importing.columns import header_key

# "1、", "1." or "1." at the very start, not followed by a digit ("2.1…" is not an item number).
_ENTRY_NUMBER = re.compile(r"^(\s*(\d{1,3})\s*[、.．](?!\d)\s*)")
# A second item later in the cell: "…;2.…", "… 2、…", "(2)…", "②…".
_LATER_ITEM = re.compile(r"[\s;;。,,]\s*\d{1,3}\s*[、.．](?!\d)|[\(（]\d{1,3}[\)）]|[②-⑳]")
# The Annex's header: the category and the risk, under document 000's names, in a table of at
# most six columns (Annex 1 and 2 have five; a 序号 column is sometimes added).
_ANNEX_CATEGORY = "排查类别"
_ANNEX_RISK = "主要廉政风险"
_ANNEX_MAX_COLUMNS = 6


def annex_layout(headers: Sequence[str]) -> bool:
    """Whether the sheet is laid out as document 000's Annex 1 or 2."""
    keys = [header_key(header) for header in headers if header_key(header)]
    return _ANNEX_CATEGORY in keys and _ANNEX_RISK in keys and len(keys) <= _ANNEX_MAX_COLUMNS


def entry_number(text: str) -> tuple[int, str] | None:
    """(the number, the text without it) when the text starts with one item number and holds no
    second item; None otherwise."""
    match = _ENTRY_NUMBER.match(text)
    if match is None:
        return None
    rest = text[match.end() :]
    if not rest.strip() or _LATER_ITEM.search(rest):
        return None
    return int(match.group(2)), rest


class AnnexNumbering:
    """Walks the risk cells of an Annex-layout sheet in order and removes a number only where it
    is the next number of the entry's category (1、 for the first risk of a category, 2、 for the
    second…): the Annex's own per-category numbering, not a number the filler wrote."""

    def __init__(self) -> None:
        self.counts: dict[object, int] = {}

    def strip(self, text: str, *, category: object) -> str:
        expected = self.counts.get(category, 0) + 1
        self.counts[category] = expected
        numbered = entry_number(text)
        if numbered is None or numbered[0] != expected:
            return text
        return numbered[1]
