import pytest
from playwright.sync_api import Page, expect

from demo.organization import DEMO_PASSWORD, build_demo_organization
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_staff_signs_in_and_sees_home_and_org_tree(page: Page) -> None:
    build_demo_organization()
    sign_in(page, "jingban", DEMO_PASSWORD)
    expect(page.locator("h1")).to_contain_text("刘晓东,您好")
    expect(page.get_by_text("待办事项")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_contain_text("环境影响评价处")
    # A staff member has no administration entry in the navigation.
    expect(page.get_by_role("link", name="管理后台")).to_have_count(0)
    screenshot(page, "home-staff")

    page.get_by_role("link", name="组织机构").click()
    expect(page.locator("h1")).to_have_text("组织机构")
    expect(page.locator("[data-unit=HZEEB] > summary")).to_contain_text("陈建华")
    page.locator("[data-unit=D06] > summary").click()
    expect(page.locator("[data-unit=D06]")).to_contain_text("环评审批岗")
    expect(page.locator("[data-unit=D06]")).to_contain_text("分管领导:赵志强")
    screenshot(page, "org-tree")

    page.get_by_role("button", name="退出").click()
    expect(page.locator("h1")).to_have_text("登录清廉系统")


def test_admin_signs_in_and_reaches_the_admin_site(page: Page) -> None:
    build_demo_organization()
    sign_in(page, "admin", DEMO_PASSWORD)
    page.get_by_role("link", name="管理后台").click()
    expect(page.locator("#site-name")).to_contain_text("清廉")
    screenshot(page, "admin-index")
