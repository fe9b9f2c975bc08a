"""The bell and the notifications page in Chromium, on the demo campaign after two sweeps."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.organization import DEMO_PASSWORD, build_demo_organization
from demo.registers import build_demo_campaign
from notifications.models import Notification
from schedule.services import reminders_sweep, schedule_demo_dates
from tests.browser.conftest import open_nav, screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_reminders_reach_the_bell_and_are_marked_read(page: Page) -> None:
    build_demo_organization()
    campaign = build_demo_campaign()
    today = timezone.localdate()
    schedule_demo_dates(campaign=campaign, today=today, actor_name="test")
    reminders_sweep(today=today)  # three days before the submission deadline
    reminders_sweep(today=today + timedelta(days=3))  # the deadline: overdue, escalated
    # The leader in charge of D06, D07, D08... gets one overdue notice of the submission row naming
    # all his lagging units (the rows done by hand are chased too, in notices of their own).
    overdue = Notification.objects.get(
        recipient__username="fuju3", kind="overdue", title__contains="制定《廉政风险清单》"
    )
    assert "环境影响评价处" in overdue.body

    sign_in(page, "jingban", DEMO_PASSWORD)
    expect(page.get_by_test_id("unread-count")).to_have_text("2")
    page.get_by_test_id("notification-bell").click()
    expect(page.locator("h1")).to_contain_text("通知")
    expect(page.get_by_test_id("notification").first).to_contain_text("今天截止,尚未完成")
    expect(page.get_by_test_id("notification").nth(1)).to_contain_text("还有3天截止")
    screenshot(page, "notifications-list")
    page.get_by_test_id("mark-read").first.click()
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.get_by_test_id("mark-all-read").click()
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    expect(page.get_by_test_id("mark-read")).to_have_count(0)
    page.get_by_role("button", name="退出").click()

    sign_in(page, "admin", DEMO_PASSWORD)
    open_nav(page, "排查工作", "工作进度")
    expect(page.get_by_test_id("progress-grid")).to_be_visible()
    expect(page.locator("[data-status=pending]").first).to_be_visible()
    screenshot(page, "schedule-progress")
    page.get_by_role("link", name="工作安排").first.click()
    expect(page.get_by_test_id("schedule-row")).to_have_count(13)
    page.locator("#id_settings-reminder_days").fill("10,5,1")
    page.get_by_test_id("schedule-save").click()
    expect(page.get_by_text("工作安排已保存。")).to_be_visible()
    expect(page.locator("#id_settings-reminder_days")).to_have_value("10,5,1")
    screenshot(page, "schedule-edit")
