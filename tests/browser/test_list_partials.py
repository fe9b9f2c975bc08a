"""The filter form and the pager partials in real Chromium: filtering the audit log, then paging
through it, keeps the filter on every page (templates/partials/)."""

import pytest
from playwright.sync_api import Page

from audit import actions
from audit.services import audit_record
from tests.browser.conftest import sign_in
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD, CampaignFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_audit_log_filters_and_pages_through_the_filtered_rows(page: Page, cast: Cast) -> None:
    campaign = CampaignFactory()
    for _ in range(55):
        audit_record(action=actions.CAMPAIGN_UPDATE, actor=cast.admin, obj=campaign)
    audit_record(action=actions.CAMPAIGN_START, actor=cast.admin, obj=campaign)
    sign_in(page, cast.committee.username, TEST_PASSWORD)
    page.goto("/workflow/audit/")
    form = page.locator("form[method=get]")
    form.get_by_label("操作").select_option(actions.CAMPAIGN_UPDATE)
    form.get_by_role("button", name="筛选").click()
    page.wait_for_url(f"**action={actions.CAMPAIGN_UPDATE}**")
    pager = page.locator("[data-testid=pagination]")
    assert pager.inner_text().split() == ["1", "/", "2", "下一页"]
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**page=2**")
    assert f"action={actions.CAMPAIGN_UPDATE}" in page.url
    rows = page.locator("[data-testid=audit-rows] tbody tr")
    # The second page holds the last five updates and nothing else.
    assert rows.count() == 5
    assert {rows.nth(i).get_attribute("data-action") for i in range(5)} == {actions.CAMPAIGN_UPDATE}
    # The form shows the filter the page is on.
    assert form.get_by_label("操作").input_value() == actions.CAMPAIGN_UPDATE
