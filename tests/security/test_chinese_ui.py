"""The UI is Simplified Chinese: no page, as any member of the cast sees it, shows one of Django's
own English strings that its zh_Hans catalogue does not translate (locale/ does)."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from tests.security.routes import World, crawl

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


def test_no_page_shows_them(world: World) -> None:
    shown = [
        (page.who, page.url, text)
        for page in crawl(world)
        if page.status == 200 and "html" in page.content_type
        for text in UNTRANSLATED_BY_DJANGO
        if text in page.body.decode()
    ]
    assert shown == []
