"""The demo staff user fills in his department's register in the browser, in place (htmx)."""

from dataclasses import replace

import pytest
from playwright.sync_api import Page, expect

from demo.organization import DEMO_PASSWORD, build_demo_organization
from demo.registers import build_demo_campaign
from registers.models import Register, RiskEntry
from tests.browser.conftest import add_entry, choose, open_nav, screenshot, sign_in
from tests.walk import walk_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_adds_three_entries_edits_one_and_sees_the_grade_proposal(page: Page) -> None:
    build_demo_organization()
    campaign = build_demo_campaign()
    register = Register.objects.get(campaign=campaign, unit__code="D06", level="department")
    before = register.entries.count()

    sign_in(page, "jingban", DEMO_PASSWORD)
    open_nav(page, "清单", "风险清单")
    page.get_by_role("link", name="环境影响评价处廉政风险清单").click()
    expect(page.locator("h1")).to_have_text("环境影响评价处廉政风险清单")
    expect(page.locator('section[data-category="议事决策类"]')).to_contain_text("暂无风险点")

    # 1. 议事决策类, likely & severe: the matrix proposes 高 and the principal as leader.
    form = add_entry(page, "议事决策类", "处务会研究审批事项流于形式", "3", "3")
    expect(form.get_by_test_id("grade-proposal")).to_have_text("建议等级:高")
    expect(form.locator("select[name=grade]")).to_have_value("1")
    expect(form.get_by_test_id("leader-proposal")).to_contain_text("陈建华")
    screenshot(page, "register-entry-form")
    form.get_by_test_id("save-entry").click()
    section = page.locator('section[data-category="议事决策类"]')
    expect(section.locator("tr[data-entry]")).to_have_count(1)
    expect(section).to_contain_text("处务会研究审批事项流于形式")

    # 2. 工作流程类, unlikely & minor: 低; the department head is proposed.
    form = add_entry(page, "工作流程类", "审批材料流转不及时", "1", "1")
    expect(form.get_by_test_id("grade-proposal")).to_have_text("建议等级:低")
    expect(form.get_by_test_id("leader-proposal")).to_contain_text("杨建国")
    form.get_by_test_id("save-entry").click()
    expect(page.locator('section[data-category="工作流程类"]')).to_contain_text(
        "审批材料流转不及时"
    )

    # 3. 纪律作风类, override the proposal: the reason is asked for, then kept.
    form = add_entry(page, "纪律作风类", "利用审批权为亲属经营活动提供便利", "2", "2")
    expect(form.get_by_test_id("grade-proposal")).to_have_text("建议等级:中")
    expect(form.get_by_test_id("override-reason")).to_have_count(0)
    choose(page, form, "grade", "1")
    expect(form.get_by_test_id("override-reason")).to_be_visible()
    form.locator("textarea[name=grade_override_reason]").fill("近年同类问题多发,从严管理")
    form.get_by_test_id("save-entry").click()
    expect(page.locator('section[data-category="纪律作风类"]')).to_contain_text("利用审批权")

    assert register.entries.count() == before + 3
    override = RiskEntry.objects.get(risk="利用审批权为亲属经营活动提供便利")
    assert override.grade == 1 and override.grade_override_reason == "近年同类问题多发,从严管理"

    # Edit the second: raise impact, the proposal follows live.
    row = page.locator("tr[data-entry]", has_text="审批材料流转不及时")
    row.get_by_test_id("edit-entry").click()
    form = page.locator('section[data-category="工作流程类"] form.entry-form')
    expect(form.locator("textarea[name=risk]")).to_have_value("审批材料流转不及时")
    choose(page, form, "impact", "3")
    expect(form.get_by_test_id("grade-proposal")).to_have_text("建议等级:中")
    expect(form.locator("select[name=grade]")).to_have_value("2")
    expect(form.get_by_test_id("leader-proposal")).to_contain_text("赵志强")
    form.locator("textarea[name=risk]").fill("审批材料流转不及时,超期办结")
    form.get_by_test_id("save-entry").click()
    expect(page.locator('section[data-category="工作流程类"]')).to_contain_text("超期办结")
    edited = RiskEntry.objects.get(risk="审批材料流转不及时,超期办结")
    assert edited.grade == 2 and edited.responsible_leader_name == "赵志强"
    # Nothing was reloaded: the page kept its URL and the body was swapped in place.
    assert page.url.endswith(f"/registers/{register.pk}/")
    screenshot(page, "register-filled")


def test_outsider_gets_404_for_another_departments_register(page: Page) -> None:
    build_demo_organization()
    campaign = build_demo_campaign()
    register = Register.objects.get(campaign=campaign, unit__code="D06", level="department")
    sign_in(page, "jiwei", DEMO_PASSWORD)  # committee: sees it
    assert page.goto(f"/registers/{register.pk}/").status == 200
    expect(page.get_by_test_id("add-entry")).to_have_count(0)
    screenshot(page, "register-read-only")
    page.get_by_role("button", name="退出").click()
    other = Register.objects.get(campaign=campaign, unit__code="D03", level="department")
    sign_in(page, "jingban", DEMO_PASSWORD)
    assert page.goto(f"/registers/{other.pk}/").status == 404


def test_concurrent_edit_shows_a_conflict_and_keeps_the_input(page: Page) -> None:
    from orgs.models import User
    from registers.data import EntryData
    from registers.services import entry_update

    build_demo_organization()
    campaign = build_demo_campaign()
    register = Register.objects.get(campaign=campaign, unit__code="D06", level="department")
    entry = register.entries.order_by("category__order", "order").first()
    sign_in(page, "jingban", DEMO_PASSWORD)
    page.goto(f"/registers/{register.pk}/")
    page.locator(f"tr[data-entry='{entry.pk}']").get_by_test_id("edit-entry").click()
    form = page.locator("form.entry-form")
    form.locator("textarea[name=risk]").fill("经办人的修改:审批中降低标准")
    # Meanwhile the department head saves a change to another entry.
    other = register.entries.exclude(pk=entry.pk).first()
    entry_update(
        entry=other,
        actor=User.objects.get(username="chuzhang"),
        data=replace(EntryData.of(other), risk="处长刚改的"),
    )
    form.get_by_test_id("save-entry").click()
    expect(page.get_by_test_id("register-error")).to_contain_text("清单已被他人修改")
    expect(page.locator("form.entry-form textarea[name=risk]")).to_have_value(
        "经办人的修改:审批中降低标准"
    )
    expect(page.locator("#register-body")).to_contain_text("处长刚改的")
    screenshot(page, "register-conflict")
    # Saving again after seeing the refreshed entries keeps the user's text.
    page.locator("form.entry-form").get_by_test_id("save-entry").click()
    expect(page.locator("form.entry-form")).to_have_count(0)
    entry.refresh_from_db()
    assert entry.risk == "经办人的修改:审批中降低标准"


def test_rolled_forward_register_shows_its_changes(page: Page) -> None:
    from orgs.models import User
    from registers.choices import RegisterState
    from registers.data import CampaignData, EntryData
    from registers.models import Campaign
    from registers.services import campaign_create, campaign_start, entry_update

    build_demo_organization()
    last_year = build_demo_campaign()
    # Last year's register of 环境影响评价处, published by the demo's people through the workflow:
    # this year's is rolled forward from it.
    walk_to(
        Register.objects.get(campaign=last_year, unit__code="D06", level="department"),
        RegisterState.PUBLISHED,
        password=DEMO_PASSWORD,
    )
    admin = User.objects.get(username="admin")
    campaign = campaign_create(
        actor=admin,
        data=CampaignData(
            year=last_year.year + 1,
            title=f"{last_year.year + 1}年度廉政风险排查防控",
            category_set=last_year.category_set,
            previous=last_year,
        ),
    )
    campaign_start(campaign=campaign, actor=admin)
    register = Register.objects.get(campaign=campaign, unit__code="D06", level="department")
    entries = list(register.entries.order_by("category__order", "order"))
    entry_update(
        entry=entries[0],
        actor=admin,
        data=replace(EntryData.of(entries[0]), prevention_measures="新增:审批全程电子化留痕"),
    )
    entries[-1].delete()
    assert Campaign.objects.count() == 2
    sign_in(page, "jingban", DEMO_PASSWORD)
    page.goto(f"/registers/{register.pk}/")
    expect(page.get_by_test_id("roll-forward")).to_contain_text("修改 1 条")
    expect(page.locator("[data-change=changed]")).to_have_count(1)
    expect(page.get_by_test_id("removed-entries")).to_contain_text(entries[-1].risk)
    screenshot(page, "register-roll-forward")
