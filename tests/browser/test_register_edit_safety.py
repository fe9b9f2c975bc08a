"""Edits in place and the workflow around them (issue 10, items 4, 5 and 10): the panel follows
the user's own edits, a concurrent save of the same entry is shown and overwritten only on
purpose, and an edit that voids a signature asks first."""

from dataclasses import replace

import pytest
from playwright.sync_api import Dialog, Page, expect

from demo.organization import DEMO_PASSWORD, build_demo_organization
from demo.registers import build_demo_campaign
from orgs.models import User
from registers.choices import RegisterLevel, RegisterState
from registers.data import EntryData
from registers.models import Register, RiskEntry
from registers.services import entry_update
from tests.browser.conftest import add_entry, screenshot, sign_in
from workflow import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo_register() -> Register:
    build_demo_organization()
    campaign = build_demo_campaign()
    return Register.objects.get(campaign=campaign, unit__code="D06", level=RegisterLevel.DEPARTMENT)


def test_submit_right_after_own_edits_in_place_is_no_conflict(page: Page) -> None:
    register = _demo_register()
    doomed = register.entries.order_by("category__order", "order").first()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "jingban", DEMO_PASSWORD)
    page.goto(f"/registers/{register.pk}/")
    panel = page.locator("#workflow-panel")
    expect(panel.get_by_test_id("register-state")).to_have_text("自查填报")

    form = add_entry(page, "议事决策类", "处务会研究审批事项流于形式", "3", "3")
    form.get_by_test_id("save-entry").click()
    expect(page.locator('section[data-category="议事决策类"]')).to_contain_text(
        "处务会研究审批事项流于形式"
    )
    page.locator(f"tr[data-entry='{doomed.pk}']").get_by_test_id("delete-entry").click()
    expect(page.locator(f"tr[data-entry='{doomed.pk}']")).to_have_count(0)
    register.refresh_from_db()
    # The panel follows the revision of what the page shows now.
    expect(panel.locator("[data-panel-revision]")).to_have_text(str(register.revision))
    expect(panel.locator("form[data-action=submit] input[name=expected_revision]")).to_have_value(
        str(register.revision)
    )

    # Without reloading: 提交签字 goes through, no "已被他人处理".
    panel.locator("form[data-action=submit] button[type=submit]").click()
    expect(page.locator("#workflow-panel").get_by_test_id("register-state")).to_have_text("待签字")
    expect(page.get_by_test_id("panel-error")).to_have_count(0)
    register.refresh_from_db()
    assert register.state == RegisterState.SUBMITTED


def test_a_concurrent_save_of_the_same_entry_is_shown_and_overwritten_only_on_purpose(
    page: Page,
) -> None:
    register = _demo_register()
    entry = register.entries.order_by("category__order", "order").first()
    theirs = "处长改的版本:审批中降低标准"
    mine = "经办人的版本:审批中降低标准"
    dialogs: list[str] = []

    def accept(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    sign_in(page, "jingban", DEMO_PASSWORD)
    page.goto(f"/registers/{register.pk}/")
    page.locator(f"tr[data-entry='{entry.pk}']").get_by_test_id("edit-entry").click()
    form = page.locator("form.entry-form")
    form.locator("textarea[name=risk]").fill(mine)
    # Meanwhile the department head saves the same entry.
    entry_update(
        entry=entry,
        actor=User.objects.get(username="chuzhang"),
        data=replace(EntryData.of(entry), risk=theirs),
    )
    form.get_by_test_id("save-entry").click()

    expect(page.get_by_test_id("register-error")).to_contain_text("此风险点已被他人修改")
    conflict = page.get_by_test_id("edit-conflict")
    risk = conflict.locator("tr[data-field=risk]")
    expect(risk).to_have_attribute("data-differs", "yes")
    expect(risk.locator("[data-version=saved]")).to_have_text(theirs)
    expect(risk.locator("[data-version=mine]")).to_have_text(mine)
    expect(conflict).to_contain_text("杨建国")  # who saved the other version
    expect(page.locator("form.entry-form textarea[name=risk]")).to_have_value(mine)
    screenshot(page, "register-edit-conflict")

    page.get_by_test_id("overwrite-entry").click()
    expect(page.locator("form.entry-form")).to_have_count(0)
    expect(page.locator(f"tr[data-entry='{entry.pk}']")).to_contain_text(mine)
    assert any("覆盖" in message for message in dialogs)
    entry.refresh_from_db()
    assert entry.risk == mine


def test_an_edit_of_a_register_waiting_for_signature_warns_first_and_sends_it_back(
    page: Page,
) -> None:
    register = _demo_register()
    entry = register.entries.order_by("category__order", "order").first()
    services.register_submit(register=register, actor=User.objects.get(username="jingban"))
    sign_in(page, "jingban", DEMO_PASSWORD)
    page.goto(f"/registers/{register.pk}/")
    expect(page.get_by_test_id("send-back-warning")).to_contain_text("退回“自查填报”")
    screenshot(page, "register-send-back-warning")

    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    row = page.locator(f"tr[data-entry='{entry.pk}']")
    page.once("dialog", dismiss)
    row.get_by_test_id("delete-entry").click()
    assert dialogs and "退回“自查填报”" in dialogs[0] and "确定删除该风险点吗" in dialogs[0]
    expect(row).to_have_count(1)
    assert RiskEntry.objects.filter(pk=entry.pk).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_test_id("delete-entry").click()
    # Sent back: the page reloads with the panel saying so.
    expect(page.locator("#workflow-panel").get_by_test_id("register-state")).to_have_text(
        "自查填报"
    )
    expect(page.get_by_test_id("sent-back")).to_be_visible()
    expect(page.get_by_test_id("send-back-warning")).to_have_count(0)
    register.refresh_from_db()
    assert register.state == RegisterState.DRAFT
    assert not RiskEntry.objects.filter(pk=entry.pk).exists()
