"""The statistics page in real Chromium: ECharts draws from the json_script data under the strict
CSP (no inline script), and the job page's htmx polling turns into a download link."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD
from tests.reports.conftest import Data, data  # noqa: F401 (the fixture lives with the report tests)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stats_page_draws_its_charts(page: Page, cast: Cast, data: Data) -> None:  # noqa: F811
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    sign_in(page, cast.committee.username, TEST_PASSWORD)
    page.goto(reverse("reports:stats") + f"?campaign={data.campaign.pk}")
    for chart in ("chart-states", "chart-shares", "chart-matrix"):
        page.wait_for_selector(f"#{chart} canvas")
    assert page.locator("[data-testid=stats-units] tbody tr").count() == 3
    screenshot(page, "reports_stats")
    assert not [text for text in problems if "Content Security Policy" in text], problems
