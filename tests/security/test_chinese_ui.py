"""The UI is Simplified Chinese: no page, as any member of the cast sees it, shows one of Django's
own English strings that its zh_Hans catalogue does not translate (locale/ does)."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.utils import translation

from orgs.models import User
from tests.security.routes import Page, World

# Strings Django renders by itself (form widgets, the admin) that its catalogue leaves in English.
UNTRANSLATED_BY_DJANGO = ("- Select an option -",)


def test_django_strings_missing_from_its_catalogue_are_translated() -> None:
    with translation.override("zh-hans"):
        for text in UNTRANSLATED_BY_DJANGO:
            assert translation.gettext(text) != text, text


def test_the_compiled_catalogue_matches_its_source() -> None:
    # The .mo is committed next to its .po; a .po edited without recompiling fails here.
    folder = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    source = dict(
        re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', (folder / "django.po").read_text(), re.M)
    )
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert source
    assert {msgid: catalogue.gettext(msgid) for msgid in source} == source


def test_no_page_shows_them(world: World, pages: list[Page]) -> None:
    shown = [
        (page.who, page.url, text)
        for page in pages
        if page.status == 200 and "html" in page.content_type
        for text in UNTRANSLATED_BY_DJANGO
        if text in page.body.decode()
    ]
    assert shown == []


class _ChromeText(HTMLParser):
    """The text a page writes around the data: headings, labels, table headers, buttons, links
    of the navigation and the filters, titles, placeholders, image and boolean alt texts — and
    every element marked data-ui. Cell values, form values and JSON are the users' data, not UI."""

    CHROME_TAGS = frozenset({"h1", "h2", "h3", "h4", "th", "label", "button", "legend", "caption"})
    CHROME_ATTRS = ("placeholder", "title", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.texts.extend(v for k, v in attrs if k in self.CHROME_ATTRS and v)
        if tag in {"script", "style", "code", "pre", "textarea", "select"}:
            self._skip += 1
        ui = (
            tag in self.CHROME_TAGS
            or (values.get("id") or "").endswith("-label")
            or "data-ui" in values
            or (
                tag == "a"
                and bool(
                    set((values.get("class") or "").split())
                    & {"button", "nav-link", "dropdown-item"}
                )
            )
        )
        self._open.append("ui" if ui else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "code", "pre", "textarea", "select"}:
            self._skip = max(0, self._skip - 1)
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and "ui" in self._open and data.strip():
            self.texts.append(data.strip())


# Latin words that are names, not English: formats, protocols and the product's own terms.
LATIN_NAMES = frozenset(
    {"PDF", "Excel", "xlsx", "IP", "ID", "HTTP", "URL", "CSV", "sha256", "POST", "GET"}
)


def english_words(html: str) -> set[str]:
    parser = _ChromeText()
    parser.feed(html)
    words = set(re.findall(r"[A-Za-z][A-Za-z]{2,}", " ".join(parser.texts)))
    return words - LATIN_NAMES


def test_the_admin_and_the_audit_pages_speak_chinese(world: World, pages: list[Page]) -> None:
    # The lockout pages the README sends administrators to, every other admin page, and the
    # audit trail: English there is a string that neither Django's catalogue, axes' nor ours has.
    # User names and e-mail addresses are the users' own data, not UI text.
    data = {
        word
        for user in User.objects.all()
        for word in re.findall(r"[A-Za-z]+", f"{user.username} {user.email}")
    }
    english: dict[str, str] = {}
    for page in pages:
        if page.who != "admin" or page.status != 200 or "html" not in page.content_type:
            continue
        if page.url.startswith("/admin/") or page.route.name == "workflow:audit_log":
            for word in english_words(page.body.decode()) - data:
                english.setdefault(word, page.url)
    assert not english, "English UI text: " + ", ".join(
        f"{word} ({url})" for word, url in sorted(english.items())
    )
