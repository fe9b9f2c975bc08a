"""A 回头看 round in Chromium, from its opening to a finding that becomes a rectification item, with
three people: the committee opens the round; the clerk of 审批处 answers the three questions and
records a measure found ineffective (added in place, without losing what he typed); the committee
makes the finding a rectification item, rates the answer and closes the round; the department
head finds the item among his own."""

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from oversight.choices import RectificationSource
from oversight.models import Rectification
from reviews.choices import AnswerState, FindingOutcome, RoundState
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD
from tests.reviews.world import started_campaign

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
        # The buttons that ask first (data-confirm) are answered yes.
        page.on("dialog", lambda dialog: dialog.accept())
        sign_in(page, username, TEST_PASSWORD)
        return page

    yield page_of
    for context in contexts:
        context.close()


def test_a_review_round_from_opening_to_a_rectification_item(
    signed_in: Callable[[str], Page], cast: Cast
) -> None:
    campaign = started_campaign(cast)
    today = timezone.localdate()

    committee = signed_in("committee")
    committee.goto("/reviews/")
    committee.get_by_test_id("open-round").click()
    form = committee.get_by_test_id("round-form")
    form.get_by_label("排查工作").select_option(label=campaign.title)
    form.get_by_label("名称").fill("2026年度“回头看”检查")
    form.get_by_label("答复截止日期").fill((today + timedelta(days=7)).isoformat())
    committee.get_by_role("button", name="发起并通知各单位").click()
    expect(committee.get_by_test_id("round-state")).to_have_text("进行中")
    dept_row = committee.locator('tr[data-unit="审批处"]')
    expect(dept_row.get_by_test_id("answer-state")).to_have_text("待答复")
    review_round = ReviewRound.objects.get()

    # The clerk finds the round waiting on his home page and answers it.
    clerk = signed_in("filler")
    waiting = clerk.locator('[data-inbox="reviews_to_answer"]')
    expect(waiting).to_contain_text("待答复的回头看")
    waiting.get_by_role("link", name="审批处廉政风险清单").click()
    answer_form = clerk.get_by_test_id("answer-form")
    answer_form.get_by_label("一看廉政风险有无遗漏项").fill("对照权力清单逐项复核,未发现遗漏。")
    answer_form.get_by_label("二看廉政风险防控措施是否到位").fill(
        "集体会审制度已建立,但会审记录不全。"
    )
    finding_form = clerk.get_by_test_id("finding-form")
    finding_form.get_by_label("问题类型").select_option(label="防控措施不到位")
    finding_form.get_by_label("关联风险点").select_option(label="违规审批建设项目环评文件")
    finding_form.get_by_label("问题描述").fill("两个项目未经集体会审即出具审查意见")
    finding_form.get_by_role("button", name="添加").click()
    expect(clerk.get_by_test_id("finding")).to_contain_text("未经集体会审")
    # Added in place: what he had typed above is still there.
    expect(answer_form.get_by_label("二看廉政风险防控措施是否到位")).to_have_value(
        "集体会审制度已建立,但会审记录不全。"
    )
    answer_form.get_by_label("三看廉政风险防控效果是否显现").fill("未发生违纪问题,投诉下降。")
    clerk.get_by_role("button", name="提交答复").click()
    expect(clerk.get_by_test_id("answer-state")).to_have_text("已提交")
    screenshot(clerk, "review-answered")
    answer = ReviewAnswer.objects.get(round=review_round, register__unit=cast.dept)
    assert answer.state == AnswerState.SUBMITTED
    assert answer.q2_measures_in_place == "集体会审制度已建立,但会审记录不全。"
    # The clerk may not make a rectification item of it; the committee may.
    expect(clerk.get_by_role("link", name="列入整改")).to_have_count(0)

    committee.goto(f"/reviews/{review_round.pk}/")
    committee.locator('tr[data-unit="审批处"]').get_by_role("link").click()
    committee.get_by_role("link", name="列入整改").click()
    item_form = committee.get_by_test_id("rectification-form")
    expect(item_form.get_by_label("整改责任人")).to_have_value(str(cast.head.pk))
    item_form.get_by_label("整改事项").fill("落实集体会审制度")
    item_form.get_by_label("整改期限").fill((today + timedelta(days=30)).isoformat())
    committee.get_by_role("button", name="建立整改事项并通知责任人").click()
    outcome = committee.get_by_test_id("outcome")
    expect(outcome).to_contain_text("已列入整改:落实集体会审制度")

    # The committee rates the answer and closes the round.
    rate_form = committee.get_by_test_id("rate-form")
    rate_form.get_by_label("较好").check()
    rate_form.get_by_label("纪委意见").fill("查找认真,会审问题已列入整改。")
    rate_form.get_by_role("button", name="评定").click()
    expect(committee.get_by_test_id("rating")).to_have_text("较好")
    committee.get_by_role("link", name=review_round.title).click()
    close_form = committee.get_by_test_id("close-form")
    close_form.get_by_label("总体结论").fill("各单位认真开展回头看,发现问题已分类处置。")
    close_form.get_by_role("button", name="结束回头看").click()
    expect(committee.get_by_test_id("round-state")).to_have_text("已结束")
    expect(committee.locator('tr[data-unit="审批处"]').get_by_test_id("rating")).to_have_text(
        "较好"
    )
    screenshot(committee, "review-closed")

    # The finding became an item of 审批处 from the review, owned by its head, who finds it.
    item = Rectification.objects.get()
    finding = ReviewFinding.objects.get()
    assert finding.outcome == FindingOutcome.RECTIFICATION and finding.rectification == item
    assert (item.source, item.unit, item.owner, item.entry) == (
        RectificationSource.REVIEW,
        cast.dept,
        cast.head,
        finding.entry,
    )
    review_round.refresh_from_db()
    assert review_round.state == RoundState.CLOSED
    head = signed_in("head")
    mine = head.locator('[data-inbox="my_rectifications"]')
    expect(mine).to_contain_text("我的整改事项")
    mine.get_by_role("link", name="落实集体会审制度").click()
    expect(head.get_by_test_id("problem")).to_contain_text("未经集体会审")
    expect(head.locator("main dl")).to_contain_text("回头看")  # its source
