"""How 回头看 plugs into the apps below: the daily sweep chases answers not given (each chase
once), the home page's inbox lists what waits, the schedule counts Annex 3's 回头看 row done for
the units that answered a closed round, the navigation and the audit trail's labels."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit import actions
from audit.labels import action_label, data_rows
from audit.models import AuditEntry
from notifications.models import Notification
from orgs.inbox import inbox_for
from oversight.choices import ChaseKind
from oversight.models import DeadlineChase
from oversight.rectification.sweep import deadline_sweep
from registers.data import EntryData
from registers.models import Campaign
from reviews import services
from reviews.models import ReviewRound
from reviews.wiring import answer_chases, review_completions
from schedule.completion import recorded_completions
from schedule.models import ScheduleTask
from schedule.services import schedule_prefill
from tests.clients import client_for
from tests.conftest import Cast
from tests.reviews.world import answer_of, in_days, open_round, submitted_answer

pytestmark = pytest.mark.django_db

DEADLINE = in_days(10)


def _sweep(day: date) -> set[tuple[str, str, str]]:
    """Sweep on `day`; who was told what about a review answer, as (username, kind, title)."""
    before = set(Notification.objects.values_list("id", flat=True))
    deadline_sweep(day)
    return {
        (n.recipient.username, n.kind, n.title)
        for n in Notification.objects.exclude(id__in=before).select_related("recipient")
        if "回头看" in n.title
    }


def _day(offset: int) -> date:
    return DEADLINE + timedelta(days=offset)


# --- The sweep ------------------------------------------------------------------------------


def test_answers_not_given_are_chased_once_each(cast: Cast, campaign: Campaign) -> None:
    review_round = open_round(cast, campaign, deadline=DEADLINE)
    submitted_answer(cast, review_round)  # 审批处 answered: never chased
    title = "还有3天到期:2026年度廉政风险防控“回头看”·财务处"
    assert _sweep(_day(-4)) == set()
    assert _sweep(_day(-3)) >= {("outsider", "reminder", title), ("other_head", "reminder", title)}
    assert _sweep(_day(-3)) == set()  # the same day again: nothing twice
    assert not {who for who, _k, _t in _sweep(_day(-1))} & {"filler", "head"}
    assert _sweep(_day(0)) == set()
    overdue = _sweep(_day(1))
    assert ("other_head", "overdue", "已逾期1天:2026年度廉政风险防控“回头看”·财务处") in overdue
    assert _sweep(_day(1)) == set() and _sweep(_day(2)) == set()  # weekly, not daily
    assert {kind for _w, kind, _t in _sweep(_day(8))} == {"overdue"}
    financial = answer_of(review_round, cast.other_dept)
    chases = DeadlineChase.objects.filter(
        object_id=financial.pk, content_type__model="reviewanswer"
    )
    assert [(c.day, c.kind) for c in chases.order_by("day")] == [
        (_day(-3), ChaseKind.REMINDER),
        (_day(-1), ChaseKind.REMINDER),
        (_day(1), ChaseKind.OVERDUE),
        (_day(8), ChaseKind.OVERDUE),
    ]
    notice = Notification.objects.filter(recipient=cast.other_head, kind="overdue").first()
    assert notice is not None and notice.url == f"/reviews/answers/{financial.pk}/"
    assert "回头看答复" in notice.body


def test_the_chase_reaches_the_units_people_and_its_head(cast: Cast, campaign: Campaign) -> None:
    review_round = open_round(cast, campaign, deadline=DEADLINE)
    chases = {c.target.pk: c for c in answer_chases(_day(-1))}
    dept = answer_of(review_round, cast.dept)
    assert {p.username for p in chases[dept.pk].recipients} == {"filler", "head"}
    assert chases[dept.pk].deadline == DEADLINE and chases[dept.pk].kind == ChaseKind.REMINDER


def test_a_closed_round_and_a_submitted_answer_are_not_chased(
    cast: Cast, campaign: Campaign
) -> None:
    review_round = open_round(cast, campaign, deadline=DEADLINE)
    answer, _finding = submitted_answer(cast, review_round)
    assert answer.pk not in {c.target.pk for c in answer_chases(_day(1))}
    services.answer_rate(answer=answer, actor=cast.committee, rating="good", conclusion="好")
    services.round_close(review_round=review_round, actor=cast.committee, conclusion="结束")
    assert answer_chases(_day(1)) == []
    assert _sweep(_day(1)) == set()


def test_the_sources_cost_three_queries(
    cast: Cast, campaign: Campaign, django_assert_num_queries
) -> None:
    open_round(cast, campaign, deadline=DEADLINE)
    # 1 the answers with rounds, registers and heads, 2 the earlier overdue notices,
    # 3 the units' people
    with django_assert_num_queries(3):
        assert len(answer_chases(_day(1))) == 3


# --- Inbox and navigation -------------------------------------------------------------------


def test_the_inbox_lists_answers_to_give_and_to_rate(cast: Cast, review_round) -> None:
    def sections(user) -> dict[str, list[str]]:
        return {s.key: [i.title for i in s.items] for s in inbox_for(user) if "review" in s.key}

    assert sections(cast.filler) == {"reviews_to_answer": ["审批处廉政风险清单"]}
    assert sections(cast.head) == {"reviews_to_answer": ["审批处廉政风险清单"]}
    assert sections(cast.outsider) == {"reviews_to_answer": ["财务处廉政风险清单"]}
    # The committee sits in the bureau: its unit register waits for the bureau's people.
    assert sections(cast.committee) == {"reviews_to_answer": ["测试局廉政风险清单"]}
    submitted_answer(cast, review_round)
    assert sections(cast.filler) == {}
    assert sections(cast.committee) == {
        "reviews_to_answer": ["测试局廉政风险清单"],
        "reviews_to_rate": ["审批处"],
    }
    home = client_for(cast.outsider).get(reverse("home")).text
    assert "待答复的回头看" in home


def test_the_navigation_offers_it(cast: Cast) -> None:
    for who in ("filler", "committee", "admin"):
        page = client_for(getattr(cast, who)).get(reverse("home")).text
        assert 'href="/reviews/"' in page, who


# --- The schedule ---------------------------------------------------------------------------


def test_a_closed_round_completes_the_review_row_for_the_units_that_answered(
    cast: Cast, campaign: Campaign
) -> None:
    schedule_prefill(campaign=campaign)
    review_task = ScheduleTask.objects.get(campaign=campaign, task__contains="回头看")
    review_round = open_round(cast, campaign)
    answer, _finding = submitted_answer(cast, review_round)
    services.answer_rate(answer=answer, actor=cast.committee, rating="fairly_good", conclusion="好")
    assert review_completions(campaign) == []  # not while the round is open
    services.round_close(review_round=review_round, actor=cast.committee, conclusion="结束")
    (done,) = review_completions(campaign)
    assert (done.task, done.unit_id) == (review_task, cast.dept.pk)
    assert done.note == "2026年度廉政风险防控“回头看”已答复,纪委评定“较好”"
    assert done.url == reverse("reviews:round_detail", args=[review_round.pk])
    # The schedule hears of it through its registry.
    assert (review_task, cast.dept.pk) in {
        (d.task, d.unit_id) for d in recorded_completions(campaign)
    }


def test_a_later_round_speaks_for_a_unit_and_other_campaigns_stay_apart(
    cast: Cast, campaign: Campaign
) -> None:
    schedule_prefill(campaign=campaign)
    for rating in ("poor", "good"):
        review_round = open_round(cast, campaign)
        answer, _f = submitted_answer(cast, review_round)
        services.answer_rate(answer=answer, actor=cast.committee, rating=rating, conclusion="x")
        services.round_close(review_round=review_round, actor=cast.committee, conclusion="x")
    (done,) = review_completions(campaign)
    assert done.note.endswith("纪委评定“好”")
    other = Campaign.objects.create(year=2027, title="2027年度", category_set=campaign.category_set)
    schedule_prefill(campaign=other)
    assert review_completions(other) == []
    assert ReviewRound.objects.filter(campaign=campaign).count() == 2


# --- The audit trail ------------------------------------------------------------------------


def test_every_code_reads_in_chinese(cast: Cast, review_round: ReviewRound) -> None:
    """Every step of a round once; every audit row it leaves reads in Chinese, keys included."""
    services.round_update(
        review_round=review_round,
        actor=cast.committee,
        title=review_round.title,
        deadline=in_days(12),
        instructions="",
    )
    answer = answer_of(review_round, cast.dept)
    services.answer_save(answer=answer, actor=cast.filler, q1="无遗漏", q2=None, q3=None)
    dropped = services.finding_add(answer=answer, actor=cast.filler, kind="other", text="x")
    services.finding_delete(finding=dropped, actor=cast.filler)
    missing = services.finding_add(
        answer=answer, actor=cast.filler, kind="missing_risk", text="遗漏现场核查"
    )
    answer, finding = submitted_answer(cast, review_round)
    category = answer.register.campaign.category_set.categories.order_by("order")[0]
    services.finding_to_entry(
        finding=missing,
        actor=cast.filler,
        data=EntryData(category=category, risk="现场核查走过场", likelihood=1, impact=1),
    )
    services.finding_to_rectification(
        finding=finding,
        actor=cast.committee,
        owner=cast.head,
        title="整改",
        problem="问题",
        deadline=in_days(9),
    )
    services.answer_rate(answer=answer, actor=cast.committee, rating="good", conclusion="好")
    services.answer_rate(answer=answer, actor=cast.committee, rating="poor", conclusion="差")
    services.round_close(review_round=review_round, actor=cast.committee, conclusion="结束")
    client = client_for(cast.committee)
    for name in ("reviews:round_pdf", "reviews:round_xlsx"):
        assert client.get(reverse(name, args=[review_round.pk])).status_code == 200
    codes = {value for name, value in vars(actions).items() if name.startswith("REVIEW_")}
    rows = list(AuditEntry.objects.filter(action__in=codes))
    assert {row.action for row in rows} == codes and len(codes) == 11
    for row in rows:
        assert action_label(row.action) != row.action
        for label, _text in data_rows(object_type=row.object_type, data=row.data):
            assert not label.isascii(), (row.action, label)
    last = AuditEntry.objects.filter(action=actions.REVIEW_ANSWER_RATE).latest("pk")
    assert dict(data_rows(object_type=last.object_type, data=last.data))["原评定"] == "好"
