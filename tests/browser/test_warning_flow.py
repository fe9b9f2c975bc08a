"""A warning from a lead to its closure in Chromium, with four people: the committee records a
lead and starts a warning from it, the party group approves it, the person concerned answers
with a rectification report, the committee closes it; the administrator never sees it."""

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from oversight.choices import WarningState
from oversight.models import Lead, Warning
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(browser: Browser, live_server) -> Iterator[Callable[[str], Page]]:
    """A page of its own for each person; every context is closed before the live server and
    the database go away."""
    contexts: list[BrowserContext] = []

    def page_of(username: str) -> Page:
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, username, TEST_PASSWORD)
        return page

    yield page_of
    for context in contexts:
        context.close()


def test_a_warning_from_lead_to_closure(signed_in: Callable[[str], Page], cast: Cast) -> None:
    cast.principal.is_party_group_member = True  # 王局长 approves for the party group
    cast.principal.save(update_fields=["is_party_group_member"])
    committee = signed_in("committee")
    committee.goto("/oversight/leads/new/")
    committee.get_by_label("来源").select_option(label="信访举报")
    committee.get_by_label("内容摘要").fill("群众反映审批处经办人员多次单独约见项目单位负责人。")
    committee.get_by_label("收到日期").fill(timezone.localdate().isoformat())
    committee.get_by_label("涉及单位").select_option(label=cast.dept.name)
    committee.get_by_label("涉及人员").select_option(label=f"{cast.filler.name}({cast.dept.name})")
    committee.get_by_role("button", name="保存").click()
    expect(committee.get_by_test_id("lead-decision")).to_have_text("待研判")
    lead = Lead.objects.get()

    # Triage: a warning, pre-filled from the lead.
    committee.get_by_test_id("start-warning").click()
    expect(committee.get_by_test_id("from-lead")).to_be_visible()
    committee.locator("#level-general").check()
    committee.get_by_label("警示提醒").check()
    committee.get_by_label("预警事由").fill("多次单独接触项目单位人员,存在苗头性、倾向性问题。")
    committee.get_by_label("整改要求").fill("严格执行双人接待制度,书面说明情况。")
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    committee.get_by_label("整改报告期限").fill(deadline)
    screenshot(committee, "warning-form")
    committee.get_by_role("button", name="保存").click()
    committee.get_by_role("button", name="报请党委批准").click()
    warning = Warning.objects.get(lead=lead)
    expect(committee.get_by_text("待党委批准").first).to_be_visible()

    # Before it is issued the person concerned does not know of it; the administrator never.
    subject = signed_in("filler")
    admin = signed_in("admin")
    for page in (subject, admin):
        response = page.goto(f"/oversight/warnings/{warning.pk}/")
        assert response is not None and response.status == 404

    party_member = signed_in("principal")
    party_member.goto("/")
    party_member.get_by_role("link", name=str(warning)).click()  # its inbox: 待批准的预警
    party_member.get_by_role("button", name="批准并下达").click()
    expect(party_member.get_by_test_id("warning-number")).to_contain_text("廉预〔")

    subject.goto("/")
    expect(subject.get_by_text("需要我报告整改的预警")).to_be_visible()
    warning.refresh_from_db()
    subject.get_by_role("link", name=str(warning), exact=True).click()
    expect(subject.get_by_test_id("warning-facts")).to_contain_text("苗头性")
    subject.get_by_test_id("answer-form").locator("textarea").fill("已书面说明,今后两人以上接待。")
    subject.get_by_role("button", name="提交整改报告").click()
    expect(subject.get_by_test_id("warning-answer")).to_contain_text("两人以上接待")
    screenshot(subject, "warning-answered")

    committee.goto(f"/oversight/warnings/{warning.pk}/")
    committee.get_by_role("button", name="销号").click()
    expect(committee.get_by_text("已销号").first).to_be_visible()
    warning.refresh_from_db()
    assert warning.state == WarningState.CLOSED and warning.number.startswith("廉预〔")
    response = admin.goto(f"/oversight/warnings/{warning.pk}/")
    assert response is not None and response.status == 404
    screenshot(committee, "warning-closed")
