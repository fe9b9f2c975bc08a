"""One department register of the demo organization through every stage, by four people, to the
public page."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.organization import DEMO_PASSWORD, build_demo_organization
from demo.registers import build_demo_campaign
from orgs.models import User
from registers.choices import RegisterLevel, RegisterState
from registers.models import Register
from tests.browser.conftest import open_nav, screenshot, sign_in
from tests.factories import RiskEntryFactory
from workflow.models import PublishedVersion, Signature, Transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.locator("h1")).to_have_text("登录清廉系统")


def _act(page: Page, action: str, comment: str = "") -> None:
    form = page.locator(f"form[data-action={action}]")
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator("button[type=submit]").click()


def test_department_register_through_every_stage_to_the_public_page(page: Page) -> None:
    build_demo_organization()
    campaign = build_demo_campaign()
    campaign.refresh_from_db()  # campaign_start saved started_at on its own copy
    today = timezone.localdate()
    campaign.publication_start, campaign.publication_end = today, today + timedelta(days=10)
    campaign.save()
    register = Register.objects.get(
        campaign=campaign, unit__code="D06", level=RegisterLevel.DEPARTMENT
    )
    RiskEntryFactory(
        register=register,
        risk="环评审批中违规收受好处",
        prevention_measures="集体审议,全程留痕",
        responsible_leader_name="赵志强",
    )
    url = f"/workflow/registers/{register.pk}/"
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The filler submits.
    sign_in(page, "jingban", DEMO_PASSWORD)
    page.goto(url)
    expect(page.get_by_test_id("register-state")).to_have_text("自查填报")
    expect(page.locator("[data-category=议事决策类]")).to_contain_text("环评审批中违规收受好处")
    _act(page, "submit", "请分管领导审阅")
    expect(page.get_by_test_id("register-state")).to_have_text("待签字")
    screenshot(page, "workflow-1-submitted")
    _sign_out(page)

    # 2. The leader in charge finds it in his inbox and signs with his password; a wrong one
    # is refused first.
    sign_in(page, "fuju3", DEMO_PASSWORD)
    expect(page.locator("[data-inbox=to_sign]")).to_contain_text(register.title)
    page.locator("[data-inbox=to_sign] a").first.click()
    page.locator("form[data-action=sign] input[name=password]").fill("wrong-password")
    _act(page, "sign", "同意")
    expect(page.get_by_test_id("panel-error")).to_contain_text("密码不正确")
    page.locator("form[data-action=sign] input[name=password]").fill(DEMO_PASSWORD)
    _act(page, "sign", "同意")
    expect(page.get_by_test_id("register-state")).to_have_text("待纪委审核")
    expect(page.get_by_test_id("valid-signature")).to_contain_text("赵志强")
    screenshot(page, "workflow-2-signed")
    _sign_out(page)

    # 3. The committee approves.
    sign_in(page, "jiwei", DEMO_PASSWORD)
    page.goto(url)
    _act(page, "approve", "审核通过")
    expect(page.get_by_test_id("register-state")).to_have_text("待党组研究")
    _sign_out(page)

    # 4. A party group member deliberates.
    sign_in(page, "fuju1", DEMO_PASSWORD)
    expect(page.locator("[data-inbox=to_deliberate]")).to_contain_text(register.title)
    page.goto(url)
    _act(page, "deliberate", "党组会研究通过")
    # Out of his unit scope, the register leaves his sight with the stage: back to the home page.
    expect(page.locator("#messages")).to_contain_text("待公示")
    _sign_out(page)

    # 5. The committee publishes; the overview counts it.
    sign_in(page, "jiwei", DEMO_PASSWORD)
    page.goto(url)
    _act(page, "publish")
    expect(page.get_by_test_id("register-state")).to_have_text("已公示")
    expect(page.get_by_test_id("no-actions")).to_be_hidden()  # reopen remains for the committee
    screenshot(page, "workflow-3-published")
    page.get_by_role("link", name="流转记录").click()
    expect(page.get_by_test_id("transitions").locator("tbody tr")).to_have_count(5)
    screenshot(page, "workflow-4-history")
    open_nav(page, "监督", "审核总览")
    # The demo's published registers (two people's own among them) and this one.
    published = Register.objects.filter(
        campaign=register.campaign, state=RegisterState.PUBLISHED
    ).count()
    expect(page.locator("[data-testid=state-counts] [data-state=published]")).to_have_text(
        f"已公示 {published}"
    )
    screenshot(page, "workflow-5-overview")
    _sign_out(page)

    # 6. Anybody reads it on the public page, without names, and sends an opinion.
    page.goto("/public/")
    page.get_by_role("link", name=register.title).click()
    expect(page.get_by_test_id("published-entries")).to_contain_text("环评审批中违规收受好处")
    expect(page.get_by_test_id("published-entries")).not_to_contain_text("赵志强")
    page.fill("#feedback-text", "建议公开审批进度")
    page.get_by_role("button", name="提交监督意见").click()
    expect(page.locator("#messages")).to_contain_text("监督意见已提交")
    screenshot(page, "workflow-6-public")

    register.refresh_from_db()
    assert register.state == RegisterState.PUBLISHED
    assert Transition.objects.filter(register=register).count() == 5
    assert Signature.objects.filter(register=register, voided_at__isnull=True).count() == 1
    assert PublishedVersion.objects.filter(register=register).count() == 1
    assert {t.actor.username for t in Transition.objects.filter(register=register)} == {
        "jingban",
        "fuju3",
        "jiwei",
        "fuju1",
    }


def test_return_reason_and_a_voided_signature_are_shown_to_the_filler(page: Page) -> None:
    from registers.data import EntryData
    from registers.services import entry_update
    from workflow import services

    build_demo_organization()
    campaign = build_demo_campaign()
    register = Register.objects.get(
        campaign=campaign, unit__code="D06", level=RegisterLevel.DEPARTMENT
    )
    entry = RiskEntryFactory(register=register, risk="现场检查走过场")
    filler = User.objects.get(username="jingban")
    services.register_submit(register=register, actor=filler)
    services.register_sign(
        register=register, actor=User.objects.get(username="fuju3"), password=DEMO_PASSWORD
    )
    # The filler edits after the sign-off: the signature is voided and the register sent back.
    register.refresh_from_db()
    entry_update(
        entry=entry, actor=filler, data=replace(EntryData.of(entry), prevention_measures="双人检查")
    )
    sign_in(page, "jingban", DEMO_PASSWORD)
    page.goto(f"/workflow/registers/{register.pk}/")
    expect(page.get_by_test_id("register-state")).to_have_text("自查填报")
    expect(page.get_by_test_id("sent-back")).to_contain_text("已退回自查填报")
    expect(page.get_by_test_id("voided-signature")).to_contain_text("签字后清单内容被修改")
    screenshot(page, "workflow-7-voided")
    _act(page, "submit")
    _sign_out(page)

    # The leader returns it with a reason; the filler sees it beside the entries.
    sign_in(page, "fuju3", DEMO_PASSWORD)
    page.goto(f"/workflow/registers/{register.pk}/")
    page.locator("form[data-action=return] button[type=submit]").click()
    # The reason is required: the browser keeps the form from being sent without it.
    expect(page.get_by_test_id("register-state")).to_have_text("待签字")
    _act(page, "return", "检查类风险点的防控措施过于笼统,请细化到岗位。")
    expect(page.get_by_test_id("register-state")).to_have_text("退回修改")
    _sign_out(page)
    sign_in(page, "jingban", DEMO_PASSWORD)
    expect(page.locator("[data-inbox=returned]")).to_contain_text(register.title)
    page.locator("[data-inbox=returned] a").first.click()
    expect(page.get_by_test_id("return-reason")).to_contain_text("请细化到岗位")
    screenshot(page, "workflow-8-returned")
