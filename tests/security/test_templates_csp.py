"""The CSP forbids inline script and style: no template may rely on them."""

import re
from pathlib import Path

from django.conf import settings

INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")", re.I
)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
EVENT_ATTR = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_TAG = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"href\s*=\s*[\"']\s*javascript:", re.I)


def _templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    found = list((root / "templates").rglob("*.html"))
    for app_templates in root.glob("*/templates"):
        found.extend(app_templates.rglob("*.html"))
    # Templates WeasyPrint renders into PDFs never reach a browser; their inline <style> keeps the
    # renderer from fetching any stylesheet (it fetches nothing at all: see test_pdf_fetch).
    pdf_templates = root / "templates" / "reports" / "pdf"
    return sorted(path for path in found if not path.is_relative_to(pdf_templates))


def test_there_are_templates_to_scan() -> None:
    assert any(p.name == "base.html" for p in _templates())


def test_no_inline_script_style_or_event_handler() -> None:
    failures = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("style= attribute", STYLE_ATTR),
            ("<style> element", STYLE_TAG),
            ("on...= handler", EVENT_ATTR),
            ("javascript: URL", JS_URL),
        ):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                failures.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {name}")
    assert not failures, "\n".join(failures)


def test_the_scan_catches_what_it_should() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/app.js"></script>')
    assert STYLE_ATTR.search('<div style="color:red">')
    assert EVENT_ATTR.search('<button class="b" onclick="x()">')
    assert not EVENT_ATTR.search('<div data-confirm="确定?" hx-post="/x/">')
