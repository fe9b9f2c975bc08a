"""PDF rendering with WeasyPrint.

The renderer fetches nothing: CSS is inlined in the templates, fonts come from fontconfig (Debian's
fonts-noto-cjk), and the url_fetcher refuses every URL, so a value in a register cannot make the
server read a local file or call out.

A category cell spans its rows (rowspan). WeasyPrint splits such a cell across pages but prints its
text only on the first, so the form would lose its category on the continuation page. We lay the
document out, find the rows that start a page in the middle of a category, split the category's
span there (the new span carries the category again and forces the page break where it already
fell), and lay out again until nothing moves.
"""

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string

from reports.annex import (
    NUMBERED_FORMS,
    TEMPLATE_MARK,
    AnnexGroup,
    AnnexRow,
    AnnexTable,
    ScheduleTable,
)

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

MAX_LAYOUT_PASSES = 4


class FetchRefused(Exception):
    """Raised for every URL the renderer is asked to fetch."""


# WeasyPrint is imported on the first render, not with this module: it takes about 4 s to import,
# which every process loading the URLs (reports.exports imports this module; each manage.py
# command, worker and test start) would otherwise pay, though most never render a PDF.


@cache
def refusing_fetcher_class() -> type["URLFetcher"]:
    """WeasyPrint's fetcher with every fetch refused (and no protocol allowed besides). The
    refusal is not fatal: WeasyPrint logs it and renders without the resource. Made once, on
    first use (see above)."""
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), fail_on_errors=False)

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            raise FetchRefused(f"refused to fetch {url[:80]}")

    return RefusingFetcher


def refusing_fetcher() -> "URLFetcher":
    return refusing_fetcher_class()()


def _document(html: str) -> Any:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=refusing_fetcher(), base_url=None)


@dataclass
class Segment:
    """A run of rows under one category cell: a whole category, or its continuation on a page."""

    category: str
    rows: list[tuple[int, AnnexRow | None]]  # (global row index, row or None for an empty group)
    continued: bool = False

    @property
    def span(self) -> int:
        return len(self.rows)


def _segments(groups: list[AnnexGroup], splits: set[int]) -> list[Segment]:
    segments: list[Segment] = []
    index = 0
    for group in groups:
        rows: list[AnnexRow | None] = list(group.rows) or [None]
        current = Segment(category=group.category, rows=[])
        for row in rows:
            if current.rows and index in splits:
                segments.append(current)
                current = Segment(category=group.category, rows=[], continued=True)
            current.rows.append((index, row))
            index += 1
        segments.append(current)
    return segments


def _page_first_rows(document: Any) -> list[int]:
    """The index of the first body row on each page after the first. WeasyPrint has no public
    API for "what landed on which page", so this walks its box tree (`_page_box`); the PDF tests
    check the category repeat and would catch a change of that internal."""
    firsts: list[int] = []
    for page in document.pages[1:]:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if (
                type(box).__name__ == "TableRowBox"
                and element is not None
                and element.get("data-row") is not None
            ):
                firsts.append(int(element.get("data-row")))
                break
    return firsts


def write_pdf(html: str) -> bytes:
    return _document(html).write_pdf()  # type: ignore[no-any-return]


def render_split_table(
    *, template: str, context: dict[str, Any], groups: list[AnnexGroup]
) -> bytes:
    """Render `template` with `segments` in its context, re-splitting the category cells at page
    starts until the layout is stable."""
    splits: set[int] = set()
    document = None
    for _ in range(MAX_LAYOUT_PASSES):
        segments = _segments(groups, splits)
        html = render_to_string(template, {**context, "segments": segments})
        document = _document(html).render()
        starts = {segment.rows[0][0] for segment in segments if segment.rows}
        new = {row for row in _page_first_rows(document) if row not in starts}
        if not new:
            break
        splits |= new
    assert document is not None
    return document.write_pdf()  # type: ignore[no-any-return]


def annex_pdf(table: AnnexTable) -> bytes:
    template = (
        "reports/pdf/selfcheck.html" if table.form in NUMBERED_FORMS else "reports/pdf/annex.html"
    )
    return render_split_table(template=template, context={"table": table}, groups=table.groups)


def schedule_pdf(table: ScheduleTable) -> bytes:
    html = render_to_string(
        "reports/pdf/annex3.html",
        {"table": table, "rows": _schedule_rows(table), "template_mark": TEMPLATE_MARK},
    )
    return write_pdf(html)


def _schedule_rows(table: ScheduleTable) -> list[tuple[Any, int]]:
    """Each row with the rowspan of its stage cell (0: the cell is covered by the one above)."""
    spans = {start: count for start, count in table.stage_spans}
    return [(row, spans.get(index, 0)) for index, row in enumerate(table.rows)]
