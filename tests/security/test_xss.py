"""Stored XSS: a payload in every text field of every model stays escaped on every page (as every
member of the cast sees it) and stays text in every export."""

import io

import pytest
from django.apps import apps
from django.db import models
from pytest_django import DjangoDbBlocker

from tests.security.conftest import crawl_once
from tests.security.routes import Page, World

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
SHORT_PAYLOAD = "\"'><img src=x onerror=alert(2)>"
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror=alert(")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

# Identifiers and secrets, not text a person types for others to read.
NOT_TEXT = {"username", "password", "code", "email", "digest", "ip", "session_key", "token"}
APPS = {"orgs", "registers", "workflow", "reports", "notifications", "auth"}


def _poison_every_text_field() -> int:
    """Write the payload into every free-text field of every row; returns the fields touched."""
    touched = 0
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name not in NOT_TEXT
            and not f.primary_key
        ]
        for pk in model._default_manager.values_list("pk", flat=True):
            values = {}
            for f in fields:
                for payload in (PAYLOAD, SHORT_PAYLOAD):
                    value = f"{pk}{payload}"
                    if f.max_length is None or len(value) <= f.max_length:
                        values[f.name] = value
                        break
            if values:
                model._default_manager.filter(pk=pk).update(**values)
                touched += len(values)
    return touched


@pytest.fixture(scope="module")
def poisoned_fields(module_world: World, django_db_blocker: DjangoDbBlocker) -> int:
    """The module's world with the payload in every text field (see tests/security/conftest.py:
    rolled back after the module)."""
    with django_db_blocker.unblock():
        return _poison_every_text_field()


@pytest.fixture(scope="module")
def poisoned_pages(
    poisoned_fields: int, module_world: World, django_db_blocker: DjangoDbBlocker
) -> list[Page]:
    """Every route as every member of the cast, crawled once over the poisoned world."""
    return crawl_once(module_world, django_db_blocker)


def test_payload_stays_escaped_on_every_page(
    world: World, poisoned_fields: int, poisoned_pages: list[Page]
) -> None:
    assert poisoned_fields > 50
    failures = []
    escaped_somewhere = set()
    for page in poisoned_pages:
        if "html" not in page.content_type and "json" not in page.content_type:
            continue
        body = page.body.decode(errors="replace")
        for marker in RAW_MARKERS:
            if marker in body:
                at = body.index(marker)
                failures.append(f"{page.url} as {page.who}: raw {body[at - 60 : at + 60]!r}")
        if ESCAPED in body:
            escaped_somewhere.add(page.route.id)
    assert not failures, "\n".join(failures)
    # Not vacuous: the payload is really shown, escaped, on the org tree and in the admin.
    assert {"orgs:tree", "admin:orgs_unit_changelist"} <= escaped_somewhere


def test_payload_stays_text_in_every_export(world: World, poisoned_pages: list[Page]) -> None:
    exports = [
        page
        for page in poisoned_pages
        if page.who in ("admin", "committee")
        and page.status == 200
        and ("spreadsheetml" in page.content_type or "application/pdf" in page.content_type)
    ]
    # Not vacuous: the register exports (PDF and xlsx) and the statistics workbook are crawled.
    assert {"spreadsheetml", "application/pdf"} <= {
        kind
        for page in exports
        for kind in ("spreadsheetml", "application/pdf")
        if kind in page.content_type
    }
    for page in exports:
        if "spreadsheetml" in page.content_type:
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(page.body))
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", f"{page.url}: formula in {cell.coordinate}"
        else:
            from pypdf import PdfReader

            text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(page.body)).pages)
            # Escaped markup is printed as text; markup taken as HTML would vanish from it.
            assert "alert(" in text, f"{page.url}: the payload is not printed as text"
