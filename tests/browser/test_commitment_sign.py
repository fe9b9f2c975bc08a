"""A person fills his own (PERSONAL) register in the browser and submits it; once it is signed,
approved and published through the services, he opens 我的承诺书 and signs his personal letter
with his password."""

import re

import pytest
from playwright.sync_api import Page, expect

from commitments.choices import CommitmentKind, CommitmentState
from commitments.models import Commitment
from registers.choices import RegisterLevel, RegisterState
from tests.browser.conftest import add_entry, open_nav, screenshot, sign_in
from tests.campaign_world import campaign_world
from tests.conftest import build_cast
from tests.factories import TEST_PASSWORD, RegisterFactory
from tests.walk import walk_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch_to(page: Page, username: str) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.locator("h1")).to_have_text("登录清廉系统")
    sign_in(page, username, TEST_PASSWORD)


def test_person_fills_his_register_and_signs_his_commitment(page: Page) -> None:
    cast = build_cast()
    world = campaign_world(cast)
    world.campaign.has_party_group_stage = False
    world.campaign.save(update_fields=["has_party_group_stage"])
    register = RegisterFactory(
        campaign=world.campaign, unit=cast.dept, level=RegisterLevel.PERSONAL, person=cast.filler
    )

    sign_in(page, "filler", TEST_PASSWORD)
    open_nav(page, "清单", "我的个人清单")
    expect(page).to_have_url(re.compile(rf"/registers/{register.pk}/$"))
    form = add_entry(page, "议事决策类", "审批事项个人说了算", "3", "3")
    form.get_by_test_id("save-entry").click()
    expect(page.locator('section[data-category="议事决策类"]')).to_contain_text(
        "审批事项个人说了算"
    )
    page.locator('form[data-action="submit"] button[type=submit]').click()
    expect(page.locator('form[data-action="submit"]')).to_have_count(0)
    register.refresh_from_db()
    assert register.state == RegisterState.SUBMITTED
    # Routed by document 004: a staff member's own register waits for his department head.
    _switch_to(page, "head")
    expect(page.locator("[data-inbox=to_sign]")).to_contain_text(register.title)
    _switch_to(page, "filler")

    walk_to(register, RegisterState.PUBLISHED)  # signed, approved, published by the right people
    letter = Commitment.objects.get(register=register, kind=CommitmentKind.PERSONAL)
    assert letter.signer == cast.filler

    page.goto("/")
    expect(page.locator("body")).to_contain_text("待签字的承诺书")
    open_nav(page, "排查工作", "我的承诺书")
    row = page.locator(f'tr[data-commitment="{letter.pk}"]')
    expect(row).to_contain_text("待签字")
    row.get_by_role("link", name="去签字").click()
    expect(page.get_by_test_id("letter-title")).to_have_text("个人廉能风险防控承诺书")
    expect(page.get_by_test_id("letter-risks")).to_contain_text("审批事项个人说了算")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "commitment-1-letter-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_form = page.get_by_test_id("sign-form")
    sign_form.locator("input[name=password]").fill(TEST_PASSWORD)
    sign_form.get_by_role("button", name="签字确认").click()
    expect(page.get_by_test_id("letter-state")).to_contain_text("已签字")
    expect(page.get_by_test_id("signed-by")).to_contain_text("刘经办")
    screenshot(page, "commitment-2-signed")
    letter.refresh_from_db()
    assert letter.state == CommitmentState.SIGNED and letter.signed_by == cast.filler
