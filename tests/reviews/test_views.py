"""The 回头看 pages across the cast: who sees which round and answer, who is shown which form,
the posts behind the forms, the summary exports, and the query counts of the lists."""

import re
from io import BytesIO

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from audit import actions
from audit.models import AuditEntry
from oversight.models import Rectification
from registers.models import Campaign
from reviews.choices import AnswerState, FindingOutcome, RoundState
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound
from tests.clients import client_for
from tests.conftest import Cast
from tests.factories import RiskEntryFactory, UnitFactory, UserFactory
from tests.reviews.world import answer_of, in_days, submitted_answer

pytestmark = pytest.mark.django_db


def _get(user, url: str) -> tuple[int, str]:
    response = client_for(user).get(url)
    return response.status_code, response.content.decode() if response.status_code == 200 else ""


# --- Rounds ---------------------------------------------------------------------------------


def test_the_committee_opens_a_round_in_the_browser_form(cast: Cast, campaign: Campaign) -> None:
    client = client_for(cast.committee)
    page = client.get(reverse("reviews:round_create")).content.decode()
    assert "答复截止日期" in page and "年度廉政风险防控“回头看”" in page
    response = client.post(
        reverse("reviews:round_create"),
        {
            "campaign": campaign.pk,
            "title": "2026年度“回头看”",
            "deadline": in_days(7).isoformat(),
            "instructions": "对照三个看逐项答复",
        },
    )
    review_round = ReviewRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:round_detail", args=[review_round.pk])
    assert review_round.instructions == "对照三个看逐项答复"
    # A past deadline is refused by the form, nothing is opened.
    response = client.post(
        reverse("reviews:round_create"),
        {"campaign": campaign.pk, "title": "再来", "deadline": in_days(-1).isoformat()},
    )
    assert response.status_code == 200 and "答复截止日期不能早于今天" in response.text
    # A second open round: the service's refusal shows on the form.
    response = client.post(
        reverse("reviews:round_create"),
        {"campaign": campaign.pk, "title": "再来", "deadline": in_days(3).isoformat()},
    )
    assert "已有进行中的回头看" in response.text
    assert ReviewRound.objects.count() == 1


@pytest.mark.parametrize("who", ["filler", "head", "leader", "principal", "admin", "outsider"])
def test_only_the_committee_may_open_rounds(cast: Cast, campaign: Campaign, who: str) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(reverse("reviews:round_create")).status_code == 403
    response = client.post(
        reverse("reviews:round_create"),
        {"campaign": campaign.pk, "title": "x", "deadline": in_days(3).isoformat()},
    )
    assert response.status_code == 403
    assert "发起回头看" not in client.get(reverse("reviews:round_list")).text


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-unit="([^"]+)">', html)


@pytest.mark.parametrize(
    ("who", "units"),
    [
        ("committee", ["测试局", "审批处", "财务处"]),
        ("admin", ["测试局", "审批处", "财务处"]),
        ("principal", ["测试局", "审批处", "财务处"]),  # his unit and everything below
        ("leader", ["测试局", "审批处"]),  # his own unit and the one he oversees
        ("head", ["审批处"]),
        ("filler", ["审批处"]),
        ("outsider", ["财务处"]),
    ],
)
def test_each_sees_the_answers_of_his_scope(
    cast: Cast, review_round: ReviewRound, who: str, units: list[str]
) -> None:
    status, html = _get(getattr(cast, who), reverse("reviews:round_detail", args=[review_round.pk]))
    assert status == 200
    assert _rows(html) == units
    assert ("汇总 PDF" in html) == (who in {"committee", "admin"})
    assert ('data-testid="close-form"' in html) == (who == "committee")
    assert ("已答复/应答复" in client_for(getattr(cast, who)).get("/reviews/").text) == (
        who in {"committee", "admin"}
    )


def test_a_round_without_an_answer_of_his_is_not_there(cast: Cast, review_round) -> None:
    stranger = UserFactory(username="stranger", unit=UnitFactory(name="新设处"))
    client = client_for(stranger)
    assert client.get(reverse("reviews:round_detail", args=[review_round.pk])).status_code == 404
    assert review_round.title not in client.get(reverse("reviews:round_list")).text


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("filler", 200),
        ("head", 200),
        ("leader", 200),
        ("principal", 200),
        ("committee", 200),
        ("admin", 200),
        ("outsider", 404),
        ("other_head", 404),
    ],
)
def test_who_may_read_a_units_answer(cast: Cast, review_round, who: str, status: int) -> None:
    answer = answer_of(review_round, cast.dept)
    code, html = _get(getattr(cast, who), reverse("reviews:answer_detail", args=[answer.pk]))
    assert code == status
    if status == 200:
        # The unit's own people are given the form, nobody else.
        assert ('data-testid="answer-form"' in html) == (who in {"filler", "head", "admin"})
        assert 'data-testid="rate-form"' not in html  # nothing to rate yet


def test_a_unit_answers_and_submits_through_the_page(cast: Cast, review_round) -> None:
    answer = answer_of(review_round, cast.dept)
    client = client_for(cast.filler)
    save_url = reverse("reviews:answer_save", args=[answer.pk])
    entry = answer.register.entries.order_by("pk").first()
    assert entry is not None
    response = client.post(
        reverse("reviews:finding_create", args=[answer.pk]),
        {"kind": "ineffective_measure", "entry": entry.pk, "text": "会审记录缺失"},
    )
    assert response.status_code == 302
    texts = {
        "q1_missing_risks": "无遗漏",
        "q2_measures_in_place": "基本到位",
        "q3_effects_shown": "",
    }
    client.post(save_url, texts)
    answer.refresh_from_db()
    assert answer.q2_measures_in_place == "基本到位" and answer.state == AnswerState.DRAFT
    # Submitting with a question unanswered: the field says so.
    response = client.post(save_url, {**texts, "submit": "1"})
    assert response.status_code == 200 and "请答复“三看廉政风险防控效果是否显现”" in response.text
    response = client.post(save_url, {**texts, "q3_effects_shown": "效果明显", "submit": "1"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.state == AnswerState.SUBMITTED
    page = client.get(reverse("reviews:answer_detail", args=[answer.pk])).text
    assert 'data-testid="answer-form"' not in page and "效果明显" in page
    # Posting again to a submitted answer changes nothing and says why.
    response = client.post(save_url, {**texts, "q1_missing_risks": "改了"}, follow=True)
    assert "不能再修改" in response.text
    answer.refresh_from_db()
    assert answer.q1_missing_risks == "无遗漏"


def test_others_may_not_post_to_a_units_answer(cast: Cast, review_round) -> None:
    answer = answer_of(review_round, cast.dept)
    save_url = reverse("reviews:answer_save", args=[answer.pk])
    data = {"q1_missing_risks": "x", "q2_measures_in_place": "x", "q3_effects_shown": "x"}
    assert client_for(cast.leader).post(save_url, data).status_code == 403
    assert client_for(cast.committee).post(save_url, data).status_code == 403
    assert client_for(cast.outsider).post(save_url, data).status_code == 404
    answer.refresh_from_db()
    assert answer.q1_missing_risks == ""


def test_the_committee_rates_and_closes_through_the_pages(cast: Cast, review_round) -> None:
    answer, _finding = submitted_answer(cast, review_round)
    client = client_for(cast.committee)
    page = client.get(reverse("reviews:answer_detail", args=[answer.pk])).text
    assert 'data-testid="rate-form"' in page and "较好" in page
    rate_url = reverse("reviews:answer_rate", args=[answer.pk])
    assert client_for(cast.head).post(rate_url, {"rating": "good"}).status_code == 403
    response = client.post(rate_url, {"rating": "fairly_good", "committee_conclusion": "较全面"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.get_rating_display() == "较好"
    close_url = reverse("reviews:round_close", args=[review_round.pk])
    assert client_for(cast.admin).post(close_url, {"conclusion": "x"}).status_code == 403
    response = client.post(close_url, {"conclusion": "各单位认真开展回头看。"})
    assert response.status_code == 302
    review_round.refresh_from_db()
    assert review_round.state == RoundState.CLOSED
    page = client.get(reverse("reviews:round_detail", args=[review_round.pk])).text
    assert "各单位认真开展回头看" in page and 'data-testid="close-form"' not in page


def test_a_finding_becomes_a_rectification_through_the_page(cast: Cast, review_round) -> None:
    _answer, finding = submitted_answer(cast, review_round)
    url = reverse("reviews:finding_rectification", args=[finding.pk])
    assert client_for(cast.filler).get(url).status_code == 403
    client = client_for(cast.head)
    page = client.get(url).text
    assert "审批档案归档不及时" in page
    # The owners offered are the unit's people, its head and its leader in charge.
    assert "刘经办" in page and "李副局长" in page and "吴外人" not in page
    response = client.post(
        url,
        {
            "owner": cast.filler.pk,
            "title": "补齐会审记录",
            "problem": finding.text,
            "deadline": in_days(20).isoformat(),
        },
    )
    assert response.status_code == 302
    item = Rectification.objects.get()
    finding.refresh_from_db()
    assert finding.rectification == item and item.title == "补齐会审记录"
    page = client.get(response["Location"]).text
    assert "已列入整改:补齐会审记录" in page
    # Once decided, the page sends back with a message rather than offering it again.
    response = client.get(url, follow=True)
    assert "该问题已处理" in response.text


def test_a_finding_becomes_an_entry_through_the_page(cast: Cast, review_round) -> None:
    _answer, finding = submitted_answer(cast, review_round)
    url = reverse("reviews:finding_entry", args=[finding.pk])
    assert client_for(cast.committee).get(url).status_code == 403
    client = client_for(cast.filler)
    category = finding.answer.register.campaign.category_set.categories.order_by("order")[2]
    response = client.post(
        url,
        {
            "category": category.pk,
            "risk": "审批档案管理不规范",
            "likelihood": 1,
            "impact": 2,
            "prevention_measures": "每月核查归档",
        },
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    entry = finding.new_entry
    assert finding.outcome == FindingOutcome.NEW_ENTRY and entry is not None
    assert (entry.grade, entry.responsible_leader, entry.responsible_department) == (
        3,
        cast.head,  # grade 3 → the department head (document 003)
        "审批处",
    )


# --- Exports --------------------------------------------------------------------------------


def test_the_summary_exports_are_the_committees_and_audited(cast: Cast, review_round) -> None:
    answer, finding = submitted_answer(cast, review_round)
    client = client_for(cast.committee)
    client.post(
        reverse("reviews:answer_rate", args=[answer.pk]),
        {"rating": "average", "committee_conclusion": "档案管理需加强"},
    )
    for who in ("head", "filler", "leader", "principal"):
        for name in ("reviews:round_pdf", "reviews:round_xlsx"):
            url = reverse(name, args=[review_round.pk])
            assert client_for(getattr(cast, who)).get(url).status_code == 403
    response = client.get(reverse("reviews:round_xlsx", args=[review_round.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    answers, findings = workbook.worksheets
    rows = [[cell.value for cell in row] for row in answers.iter_rows(min_row=3)]
    by_unit = {row[0]: row for row in rows}
    assert set(by_unit) == {"测试局", "审批处", "财务处"}
    assert by_unit["审批处"][2:3] == ["已评定"] and by_unit["审批处"][-2:] == [
        "一般",
        "档案管理需加强",
    ]
    assert by_unit["财务处"][2] == "待答复"
    assert [[c.value for c in row] for row in findings.iter_rows(min_row=3)] == [
        ["审批处", "防控措施不到位", finding.text, finding.entry.risk, "待处理"]  # type: ignore[union-attr]
    ]
    response = client.get(reverse("reviews:round_pdf", args=[review_round.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    audited = AuditEntry.objects.filter(
        object_id=str(review_round.pk), object_type="reviews.reviewround"
    )
    assert list(audited.order_by("pk").values_list("action", flat=True)) == [
        actions.REVIEW_ROUND_OPEN,
        actions.REVIEW_ROUND_EXPORT_XLSX,
        actions.REVIEW_ROUND_EXPORT_PDF,
    ]


# --- Query counts ---------------------------------------------------------------------------


def _more_units(cast: Cast, campaign: Campaign, count: int) -> None:
    """More departments with registers in the round (added as a round opened would add them)."""
    review_round = ReviewRound.objects.get(campaign=campaign)
    for i in range(count):
        unit = UnitFactory(name=f"新处{i}", parent=cast.bureau)
        register = campaign.registers.create(unit=unit, level="department")
        RiskEntryFactory(register=register)
        answer = ReviewAnswer.objects.create(round=review_round, register=register)
        ReviewFinding.objects.create(answer=answer, kind="other", text="x", created_by=cast.filler)


def test_the_round_page_and_list_query_counts(
    cast: Cast, review_round: ReviewRound, django_assert_num_queries
) -> None:
    client = client_for(cast.committee)
    detail = reverse("reviews:round_detail", args=[review_round.pk])
    client.get(detail)
    # 1 session, 2 user, 3 the round with its campaign and people, 4 the user's roles, 5 the
    # answers with registers, units, people and finding counts, 6 unread notifications (bell)
    with django_assert_num_queries(6):
        client.get(detail)
    # 1 session, 2 user, 3 roles, 4 the campaigns of the rounds, 5 the rounds with counts,
    # 6 unread notifications
    with django_assert_num_queries(6):
        client.get(reverse("reviews:round_list"))
    _more_units(cast, review_round.campaign, 5)
    with django_assert_num_queries(6):
        response = client.get(detail)
    assert "新处4" in response.text
    with django_assert_num_queries(6):
        response = client.get(reverse("reviews:round_list"))
    assert "3/8" not in response.text and "0/8" in response.text


def test_the_export_query_count(
    cast: Cast, review_round: ReviewRound, django_assert_num_queries
) -> None:
    client = client_for(cast.committee)
    url = reverse("reviews:round_xlsx", args=[review_round.pk])
    client.get(url)
    # 1 session, 2 user, 3 the round, 4 roles, 5 the answers with their counts, 6 the findings,
    # 7-12 the audit row: the view's and audit_record's savepoints, the chain's head, the insert,
    # the two releases (on PostgreSQL one more: the chain's advisory lock)
    count = 12 + (connection.vendor == "postgresql")
    with django_assert_num_queries(count):
        client.get(url)
    _more_units(cast, review_round.campaign, 5)
    with django_assert_num_queries(count):
        response = client.get(url)
    assert load_workbook(BytesIO(response.content)).worksheets[0].max_row == 2 + 8


def test_findings_are_added_and_removed_in_place_with_htmx(cast: Cast, review_round) -> None:
    answer = answer_of(review_round, cast.dept)
    client = client_for(cast.filler)
    url = reverse("reviews:finding_create", args=[answer.pk])
    htmx = {"HX-Request": "true"}
    response = client.post(url, {"kind": "missing_risk", "text": "遗漏现场核查"}, headers=htmx)
    html = response.text
    # The partial alone: the answers being typed above it stay as they are.
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="findings">') and "遗漏现场核查" in html
    response = client.post(url, {"kind": "other", "text": ""}, headers=htmx)
    assert "<html" not in response.text and "invalid-feedback" in response.text
    finding = ReviewFinding.objects.get()
    response = client.post(reverse("reviews:finding_delete", args=[finding.pk]), headers=htmx)
    assert "未登记发现的问题" in response.text
    assert not ReviewFinding.objects.exists()
    # Once the answer is submitted, htmx is told to load the page again.
    client.post(
        reverse("reviews:answer_save", args=[answer.pk]),
        {
            "q1_missing_risks": "a",
            "q2_measures_in_place": "b",
            "q3_effects_shown": "c",
            "submit": "1",
        },
    )
    response = client.post(url, {"kind": "other", "text": "迟到的问题"}, headers=htmx)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("reviews:answer_detail", args=[answer.pk])
    assert not ReviewFinding.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["", " ", "长" * 5000, "\x00", "<script>alert(1)</script>", "-1", "99999999999999999999"],
)
def test_hostile_input_on_the_unit_forms_is_refused_calmly(
    cast: Cast, review_round, value: str
) -> None:
    answer = answer_of(review_round, cast.dept)
    client = client_for(cast.filler)
    for url, data in (
        (
            reverse("reviews:answer_save", args=[answer.pk]),
            {"q1_missing_risks": value, "q2_measures_in_place": value, "submit": value},
        ),
        (
            reverse("reviews:finding_create", args=[answer.pk]),
            {"kind": value, "entry": value, "text": value},
        ),
    ):
        assert client.post(url, data).status_code in {200, 302, 400}
    answer.refresh_from_db()
    assert answer.state == AnswerState.DRAFT
