"""Real headless Chromium (Debian's package) driven by Playwright against pytest-django's live
server. Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM
calls from the test body (and the database flush after it) unless told that this is fine. The
browser stays open for the session, so the variable is set for the session too."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in and wait until the sign-in page has gone: a navigation started before the POST's
    answer arrives would abort it, and the page would go on signed out."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    expect(page.locator("#id_username")).to_have_count(0)


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def open_nav(page: Page, group: str, link: str) -> None:
    """Follow a navigation entry that sits in a dropdown of the navigation bar."""
    page.locator("#main-nav .dropdown-toggle", has_text=group).click()
    page.locator("#main-nav .dropdown-menu").get_by_role("link", name=link).click()


def choose(page: Page, form: Locator, name: str, value: str) -> None:
    """Select a value and wait for the live grade proposal it triggers."""
    select = form.locator(f"select[name={name}]")
    # htmx binds its listeners just after a swap: wait until it has processed the select.
    page.wait_for_function("el => !!el['htmx-internal-data']", arg=select.element_handle())
    with page.expect_response(lambda r: "grade-proposal" in r.url):
        select.select_option(value)
    # The block is swapped after the response: the next select must be the new one.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def add_entry(page: Page, category: str, risk: str, likelihood: str, impact: str) -> Locator:
    section = page.locator(f'section[data-category="{category}"]')
    section.get_by_test_id("add-entry").click()
    form = section.locator("form.entry-form")
    form.locator("textarea[name=risk]").fill(risk)
    form.locator("textarea[name=prevention_measures]").fill("集体研究,全程留痕")
    choose(page, form, "likelihood", likelihood)
    choose(page, form, "impact", impact)
    return form
