"""Stream every XML part of an uploaded workbook once, before openpyxl parses any of it.

openpyxl trusts the file it reads: a sheet's declared `<dimension>` is taken for its size, the
shared strings and the styles are loaded whole, a merged range is expanded cell by cell. A hostile
5 MB workbook (a sheet declaring A1:A2 that holds a million rows, a table of a million tiny shared
strings, thousands of blank formatted rows) then costs a web worker minutes and hundreds of MB.

This scan reads each part through expat without building a tree (constant memory, whatever the
part holds), counts what the later parse would cost and stops at the first limit passed:

- the rows that hold a value, per sheet: the row limit, whatever the sheet declares;
- the XML elements of a sheet down to its last row holding a value: what streaming it costs
  (blank formatted rows and cells between the data included);
- the XML elements of the whole workbook: the work any parse does (styles, rich text, merged
  ranges ...);
- the shared strings, which openpyxl loads all at once;
- a DTD, which no part of a workbook has and with which entity bombs start, is refused, and so is
  a row numbered past Excel's last one.

It also keeps what the read-only reader does not give: each sheet's merged ranges and last row
holding a value (the reader stops there, never streaming the blank formatting below), and which
part holds which sheet (to name the sheet in a message).
"""

import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from openpyxl.utils.cell import range_boundaries

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
CHUNK = 64 * 1024
# The last row of an Excel sheet: a row numbered beyond it makes the read-only reader fill the gap
# with billions of empty rows.
EXCEL_MAX_ROWS = 1_048_576

_ROW, _SI, _MERGE, _SHEET = f"{MAIN} row", f"{MAIN} si", f"{MAIN} mergeCell", f"{MAIN} sheet"
_VALUES = frozenset({f"{MAIN} v", f"{MAIN} is", f"{MAIN} f"})
_RELATIONSHIP = f"{RELATIONSHIPS} Relationship"

Bounds = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row


class ScanRefused(Exception):
    """The workbook passes a limit; `reason` says which, `sheet` names the sheet when it is
    about one (the reader words the message)."""

    def __init__(self, reason: str, sheet: str = "") -> None:
        self.reason = reason
        self.sheet = sheet
        super().__init__(reason, sheet)


TOO_MANY_ROWS = "rows"
TOO_MUCH_CONTENT = "content"
MALFORMED = "malformed"


@dataclass(frozen=True)
class Limits:
    rows: int  # rows holding a value, per sheet
    streamed: int  # XML elements of a sheet down to its last row holding a value
    elements: int  # XML elements, whole workbook
    strings: int  # shared strings


@dataclass
class WorkbookScan:
    """What the scan learnt, by part: the merged ranges (min_col, min_row, max_col, max_row) and
    the last row holding a value; and the part that holds each sheet."""

    merged: dict[str, list[Bounds]] = field(default_factory=dict)
    last_rows: dict[str, int] = field(default_factory=dict)
    sheet_parts: dict[str, str] = field(default_factory=dict)

    @property
    def has_values(self) -> bool:
        return any(self.last_rows.values())


class _Counter:
    """The expat handlers of one scan. The element budget spans every part; the rest is per
    part."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.elements = 0
        self.strings = 0
        self.merged: dict[str, list[Bounds]] = {}
        self.last_rows: dict[str, int] = {}
        self.sheets: dict[str, list[tuple[str, str]]] = {}  # workbook part -> (name, r:id)
        self.relationships: dict[str, dict[str, str]] = {}  # rels part -> id -> target
        self.start_part("")

    def start_part(self, name: str) -> None:
        self.part = name
        self.part_elements = 0
        self.row = 0  # numbered as openpyxl numbers them: the r attribute, else the next one
        self.valued_rows = 0
        self.row_has_value = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        self.part_elements += 1
        if self.elements > self.limits.elements:
            raise ScanRefused(TOO_MUCH_CONTENT)
        if name in _VALUES:
            if not self.row_has_value:
                self.row_has_value = True
                self.valued_rows += 1
                self.last_rows[self.part] = max(self.row, self.last_rows.get(self.part, 0))
                if self.valued_rows > self.limits.rows:
                    raise ScanRefused(TOO_MANY_ROWS)
                # The reader streams a sheet down to its last row holding a value: what lies
                # above it (blank formatted rows and cells included) is what reading costs.
                if self.part_elements > self.limits.streamed:
                    raise ScanRefused(TOO_MUCH_CONTENT)
        elif name == _ROW:
            self.row_has_value = False
            number = attrs.get("r")
            self.row = _row_number(number) if number else self.row + 1
            if self.row > EXCEL_MAX_ROWS:
                raise ScanRefused(MALFORMED)
        elif name == _SI:
            self.strings += 1
            if self.strings > self.limits.strings:
                raise ScanRefused(TOO_MUCH_CONTENT)
        elif name == _MERGE:
            try:
                min_col, min_row, max_col, max_row = range_boundaries(attrs.get("ref", ""))
            except (TypeError, ValueError):
                return  # openpyxl fails on it too, or it names no cell: nothing to inherit
            # A whole row or column ("A:A", "3:3") leaves a bound open: no cell to inherit.
            if min_col and min_row and max_col and max_row:
                self.merged.setdefault(self.part, []).append((min_col, min_row, max_col, max_row))
        elif name == _SHEET:
            self.sheets.setdefault(self.part, []).append(
                (attrs.get("name", ""), attrs.get(RELATIONSHIP_ID, ""))
            )
        elif name == _RELATIONSHIP and attrs.get("TargetMode") != "External":
            self.relationships.setdefault(self.part, {})[attrs.get("Id", "")] = attrs.get(
                "Target", ""
            )

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name → part, resolved as openpyxl does: the workbook part's relationships,
        targets relative to the workbook's folder unless absolute."""
        parts: dict[str, str] = {}
        for workbook_part, sheets in self.sheets.items():
            folder, base = posixpath.split(workbook_part)
            rels_part = posixpath.join(folder, "_rels", f"{base}.rels")
            targets = self.relationships.get(rels_part, {})
            for name, rid in sheets:
                target = targets.get(rid)
                if target:
                    parts[name] = (
                        target[1:]
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target))
                    )
        return parts


def _row_number(text: str) -> int:
    try:
        return int(float(text))
    except (ValueError, OverflowError):
        raise ScanRefused(MALFORMED) from None  # openpyxl would refuse it too


def _refuse_dtd(*args: Any) -> None:
    raise ScanRefused(MALFORMED)


def _looks_like_xml(head: bytes) -> bool:
    """Parts openpyxl parses are XML; images and printer settings are not and are never parsed.
    Any XML, in UTF-8 or UTF-16, starts with "<" once byte-order marks and blanks are set aside."""
    return head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")[:1] == b"<"


def workbook_scan(archive: zipfile.ZipFile, *, limits: Limits) -> WorkbookScan:
    """Stream every XML part; raise ScanRefused at the first limit passed.

    A sheet over the row limit is not read further, but the other parts are (within the element
    budget) so that the message can name the sheet.
    """
    counter = _Counter(limits)
    too_long = ""
    for member in archive.infolist():
        if member.is_dir():
            continue
        counter.start_part(member.filename)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = counter.start
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
        try:
            with archive.open(member) as stream:
                chunk = stream.read(CHUNK)
                if not _looks_like_xml(chunk):
                    continue
                while chunk:
                    parser.Parse(chunk, False)
                    chunk = stream.read(CHUNK)
                parser.Parse(b"", True)
        except ScanRefused as refused:
            if refused.reason == TOO_MANY_ROWS and not too_long:
                too_long = member.filename
                continue
            if too_long:
                break  # out of budget while looking for the sheet's name: refuse without it
            raise
        except expat.ExpatError:
            # Not well-formed: openpyxl's own parser (expat too) stops at the same place, so what
            # it would read has been counted. A part it never reads does not matter.
            continue
    sheet_parts = counter.sheet_parts()
    if too_long:
        names = [name for name, part in sheet_parts.items() if part == too_long]
        raise ScanRefused(TOO_MANY_ROWS, names[0] if names else "")
    return WorkbookScan(merged=counter.merged, last_rows=counter.last_rows, sheet_parts=sheet_parts)
