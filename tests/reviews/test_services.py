"""The 回头看 services: who opens, answers, rates and closes; what a finding becomes; what each
step leaves in the audit trail and the notifications."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit import actions
from audit.models import AuditEntry
from notifications.models import Notification
from oversight.choices import RectificationSource, RectificationState
from registers.choices import RegisterState
from registers.data import EntryData
from registers.exceptions import DomainError
from registers.models import Campaign, Register
from reviews import services
from reviews.choices import AnswerState, FindingKind, FindingOutcome, Rating, RoundState
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound
from tests.conftest import Cast
from tests.reviews.world import (
    answer_of,
    dept_entry,
    in_days,
    open_round,
    started_campaign,
    submitted_answer,
)
from tests.walk import walk_to

pytestmark = pytest.mark.django_db


def _audited(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def _told(username: str) -> list[str]:
    return list(
        Notification.objects.filter(recipient__username=username)
        .order_by("pk")
        .values_list("title", flat=True)
    )


# --- Opening --------------------------------------------------------------------------------


def test_opening_asks_every_unit_and_department_register(cast: Cast, campaign: Campaign) -> None:
    review_round = open_round(cast, campaign)
    answers = ReviewAnswer.objects.filter(round=review_round)
    # The bureau's unit register and both department registers; not the key post's self-check.
    assert {(a.register.unit.code, a.register.level) for a in answers} == {
        ("BUR", "unit"),
        ("DEP", "department"),
        ("OTH", "department"),
    }
    assert {a.state for a in answers} == {AnswerState.DRAFT}
    (row,) = _audited(actions.REVIEW_ROUND_OPEN)
    assert row.actor_id == cast.committee.pk and row.data["answers"] == 3
    # Each unit's people hear of it, with a link to their own answer.
    dept_answer = answer_of(review_round, cast.dept)
    for username in ("filler", "head", "outsider", "other_head"):
        assert _told(username) == ["回头看:2026年度廉政风险防控“回头看”"]
    notice = Notification.objects.get(recipient=cast.filler)
    assert notice.url == f"/reviews/answers/{dept_answer.pk}/"
    assert "三看廉政风险防控效果是否显现" in notice.body


@pytest.mark.parametrize("who", ["filler", "head", "leader", "principal", "admin", "outsider"])
def test_only_the_committee_opens_a_round(cast: Cast, campaign: Campaign, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.round_open(
            campaign=campaign, title="回头看", deadline=in_days(5), actor=getattr(cast, who)
        )
    assert not ReviewRound.objects.exists()


def test_opening_refuses_a_past_deadline_a_second_open_round_and_an_unstarted_campaign(
    cast: Cast, campaign: Campaign
) -> None:
    with pytest.raises(DomainError) as error:
        open_round(cast, campaign, deadline=in_days(-1))
    assert error.value.field == "deadline"
    with pytest.raises(DomainError, match="不能晚于一年以后"):
        open_round(cast, campaign, deadline=in_days(400))  # 9999-12-31 and the like
    open_round(cast, campaign)
    with pytest.raises(DomainError, match="进行中的回头看"):
        open_round(cast, campaign)
    empty = started_campaign(cast, title="没有清单的排查")
    Register.objects.filter(campaign=empty).delete()
    with pytest.raises(DomainError, match="还没有单位或部门层面的清单"):
        open_round(cast, empty)
    assert ReviewRound.objects.count() == 1


def test_a_new_deadline_is_told_to_those_still_answering(cast: Cast, review_round) -> None:
    submitted_answer(cast, review_round)  # 审批处 has answered: it is not told
    Notification.objects.all().delete()
    services.round_update(
        review_round=review_round,
        actor=cast.committee,
        title=review_round.title,
        deadline=in_days(20),
        instructions="请结合巡察反馈意见",
    )
    review_round.refresh_from_db()
    assert review_round.deadline == in_days(20)
    assert _told("outsider") == ["回头看答复截止日期调整:2026年度廉政风险防控“回头看”"]
    assert _told("filler") == []
    (row,) = _audited(actions.REVIEW_ROUND_UPDATE)
    assert row.data["fields"] == ["deadline", "instructions"]
    with pytest.raises(PermissionDenied):
        services.round_update(
            review_round=review_round,
            actor=cast.head,
            title="x",
            deadline=in_days(30),
            instructions="",
        )


# --- Answering ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["filler", "head", "admin"])
def test_the_units_people_answer(cast: Cast, review_round, who: str) -> None:
    answer = answer_of(review_round, cast.dept)
    services.answer_save(answer=answer, actor=getattr(cast, who), q1="已复核", q2=None, q3=None)
    answer.refresh_from_db()
    assert answer.q1_missing_risks == "已复核" and answer.state == AnswerState.DRAFT
    assert _audited(actions.REVIEW_ANSWER_UPDATE)[0].data == {"fields": ["q1_missing_risks"]}


@pytest.mark.parametrize("who", ["leader", "principal", "committee", "outsider", "other_head"])
def test_nobody_else_answers_for_a_unit(cast: Cast, review_round, who: str) -> None:
    answer = answer_of(review_round, cast.dept)
    with pytest.raises(PermissionDenied):
        services.answer_save(answer=answer, actor=getattr(cast, who), q1="x", q2="x", q3="x")
    with pytest.raises(PermissionDenied):
        services.finding_add(answer=answer, actor=getattr(cast, who), kind="other", text="x")


def test_submitting_needs_all_three_answers_and_freezes_the_answer(
    cast: Cast, review_round
) -> None:
    answer = answer_of(review_round, cast.dept)
    with pytest.raises(DomainError) as error:
        services.answer_submit(answer=answer, actor=cast.filler, q1="有", q2="到位", q3="")
    assert error.value.field == "q3_effects_shown"
    answer.refresh_from_db()
    assert answer.state == AnswerState.DRAFT and answer.q1_missing_risks == ""
    answer, finding = submitted_answer(cast, review_round)
    assert answer.state == AnswerState.SUBMITTED and answer.submitted_by == cast.filler
    (row,) = _audited(actions.REVIEW_ANSWER_SUBMIT)
    assert row.data == {"state": "submitted", "findings": 1}
    assert _told("committee")[-1] == "回头看答复待评定:审批处"
    with pytest.raises(DomainError, match="已提交"):
        services.answer_save(answer=answer, actor=cast.filler, q1="改", q2=None, q3=None)
    with pytest.raises(DomainError, match="已提交"):
        services.finding_add(answer=answer, actor=cast.filler, kind="other", text="再补一条")
    with pytest.raises(DomainError, match="已提交"):
        services.finding_delete(finding=finding, actor=cast.filler)


def test_findings_belong_to_their_register(cast: Cast, review_round) -> None:
    answer = answer_of(review_round, cast.dept)
    elsewhere = answer_of(review_round, cast.other_dept).register.entries.get()
    with pytest.raises(DomainError) as error:
        services.finding_add(
            answer=answer, actor=cast.filler, kind="other", text="x", entry=elsewhere
        )
    assert error.value.field == "entry"
    with pytest.raises(DomainError):
        services.finding_add(answer=answer, actor=cast.filler, kind="no_such", text="x")
    finding = services.finding_add(
        answer=answer, actor=cast.filler, kind=FindingKind.MISSING_RISK, text="遗漏现场核查风险"
    )
    services.finding_delete(finding=finding, actor=cast.filler)
    assert not ReviewFinding.objects.exists()
    (row,) = _audited(actions.REVIEW_FINDING_DELETE)
    assert row.object_id == str(finding.pk)


# --- Rating and closing ---------------------------------------------------------------------


def test_the_committee_rates_a_submitted_answer(cast: Cast, review_round) -> None:
    draft = answer_of(review_round, cast.other_dept)
    with pytest.raises(DomainError, match="尚未提交"):
        services.answer_rate(
            answer=draft, actor=cast.committee, rating=Rating.GOOD, conclusion="好"
        )
    answer, _finding = submitted_answer(cast, review_round)
    for who in ("head", "leader", "principal", "admin"):
        with pytest.raises(PermissionDenied):
            services.answer_rate(
                answer=answer, actor=getattr(cast, who), rating=Rating.GOOD, conclusion="好"
            )
    with pytest.raises(DomainError) as error:
        services.answer_rate(answer=answer, actor=cast.committee, rating="优秀", conclusion="好")
    assert error.value.field == "rating"
    services.answer_rate(
        answer=answer, actor=cast.committee, rating=Rating.FAIRLY_GOOD, conclusion="查找较全面"
    )
    services.answer_rate(
        answer=answer, actor=cast.committee, rating=Rating.GOOD, conclusion="整改到位"
    )
    answer.refresh_from_db()
    assert (answer.state, answer.rating, answer.rated_by) == (
        AnswerState.RATED,
        Rating.GOOD,
        cast.committee,
    )
    rows = _audited(actions.REVIEW_ANSWER_RATE)
    assert [(r.data["rating"], r.data["previous_rating"]) for r in rows] == [
        ("fairly_good", None),
        ("good", "fairly_good"),
    ]
    assert "回头看答复已评定:好" in _told("head") and "回头看答复已评定:好" in _told("filler")


def test_closing_waits_for_every_rating_and_then_freezes_the_round(
    cast: Cast, review_round
) -> None:
    answer, _finding = submitted_answer(cast, review_round)
    with pytest.raises(DomainError, match="还有1份答复未评定"):
        services.round_close(review_round=review_round, actor=cast.committee, conclusion="总结")
    services.answer_rate(answer=answer, actor=cast.committee, rating="good", conclusion="好")
    with pytest.raises(DomainError) as error:
        services.round_close(review_round=review_round, actor=cast.committee, conclusion=" ")
    assert error.value.field == "conclusion"
    with pytest.raises(PermissionDenied):
        services.round_close(review_round=review_round, actor=cast.admin, conclusion="总结")
    services.round_close(
        review_round=review_round, actor=cast.committee, conclusion="各单位查找认真。"
    )
    review_round.refresh_from_db()
    assert review_round.state == RoundState.CLOSED and review_round.closed_by == cast.committee
    (row,) = _audited(actions.REVIEW_ROUND_CLOSE)
    assert row.data == {"state": "closed", "answered": 1, "unanswered": 2}
    # Nothing moves in a closed round: no late answer, no new rating, no second closing.
    late = answer_of(review_round, cast.other_dept)
    with pytest.raises(DomainError, match="已结束"):
        services.answer_submit(answer=late, actor=cast.outsider, q1="a", q2="b", q3="c")
    with pytest.raises(DomainError, match="已结束"):
        services.answer_rate(answer=answer, actor=cast.committee, rating="poor", conclusion="差")
    with pytest.raises(DomainError, match="已结束"):
        services.round_close(review_round=review_round, actor=cast.committee, conclusion="再")
    # A new round of the same campaign may now be opened.
    assert open_round(cast, review_round.campaign).pk != review_round.pk


# --- What a finding becomes -----------------------------------------------------------------


def _entry_data(register: Register) -> EntryData:
    category = register.campaign.category_set.categories.order_by("order")[3]
    return EntryData(
        category=category,
        risk="排污许可现场核查走过场",
        likelihood=2,
        impact=3,
        prevention_measures="双人核查,全程记录",
    )


def test_a_finding_becomes_an_entry_of_a_register_being_filled(cast: Cast, review_round) -> None:
    answer = answer_of(review_round, cast.dept)
    finding = services.finding_add(
        answer=answer, actor=cast.filler, kind=FindingKind.MISSING_RISK, text="遗漏现场核查风险"
    )
    # Not before the answer is submitted.
    with pytest.raises(DomainError, match="提交后"):
        services.finding_to_entry(
            finding=finding, actor=cast.filler, data=_entry_data(answer.register)
        )
    services.answer_submit(answer=answer, actor=cast.filler, q1="a", q2="b", q3="c")
    with pytest.raises(PermissionDenied):  # the committee does not fill registers
        services.finding_to_entry(
            finding=finding, actor=cast.committee, data=_entry_data(answer.register)
        )
    entry = services.finding_to_entry(
        finding=finding, actor=cast.filler, data=_entry_data(answer.register)
    )
    assert entry.register == answer.register and entry.grade == 1  # likely × severe
    finding.refresh_from_db()
    assert (finding.outcome, finding.new_entry, finding.decided_by) == (
        FindingOutcome.NEW_ENTRY,
        entry,
        cast.filler,
    )
    (row,) = _audited(actions.REVIEW_FINDING_DECIDE)
    assert row.data["outcome"] == "new_entry" and row.data["reopened"] is False
    assert _audited(actions.RISK_ENTRY_CREATE)[-1].object_id == str(entry.pk)
    with pytest.raises(DomainError, match="已处理"):
        services.finding_to_entry(
            finding=finding, actor=cast.filler, data=_entry_data(answer.register)
        )


def test_a_published_register_is_reopened_for_the_new_entry(cast: Cast, campaign: Campaign) -> None:
    cast.principal.is_party_group_member = True
    cast.principal.save(update_fields=["is_party_group_member"])
    register = Register.objects.get(campaign=campaign, unit=cast.dept, level="department")
    walk_to(register, RegisterState.PUBLISHED)
    review_round = open_round(cast, campaign)
    answer, finding = submitted_answer(cast, review_round, finding_kind=FindingKind.MISSING_RISK)
    entry = services.finding_to_entry(
        finding=finding, actor=cast.filler, data=_entry_data(answer.register)
    )
    register.refresh_from_db()
    assert (register.state, register.version) == (RegisterState.DRAFT, 2)
    assert entry.register == register
    assert register.transitions.order_by("pk").last().action == "reopen"  # type: ignore[union-attr]
    assert _audited(actions.REVIEW_FINDING_DECIDE)[0].data["reopened"] is True


def test_a_register_under_deliberation_takes_no_entry(cast: Cast, campaign: Campaign) -> None:
    cast.principal.is_party_group_member = True
    cast.principal.save(update_fields=["is_party_group_member"])
    register = Register.objects.get(campaign=campaign, unit=cast.dept, level="department")
    walk_to(register, RegisterState.APPROVED)
    review_round = open_round(cast, campaign)
    answer, finding = submitted_answer(cast, review_round)
    with pytest.raises(DomainError, match="内容已冻结"):
        services.finding_to_entry(
            finding=finding, actor=cast.filler, data=_entry_data(answer.register)
        )
    finding.refresh_from_db()
    assert finding.outcome == FindingOutcome.PENDING
    assert register.entries.count() == 2


@pytest.mark.parametrize("who", ["committee", "head"])
def test_a_finding_becomes_a_rectification_item(cast: Cast, review_round, who: str) -> None:
    answer, finding = submitted_answer(cast, review_round)
    actor = getattr(cast, who)
    item = services.finding_to_rectification(
        finding=finding,
        actor=actor,
        owner=cast.filler,
        title="补齐集体会审记录",
        problem=finding.text,
        deadline=in_days(15),
    )
    assert (item.source, item.unit, item.entry, item.state, item.created_by) == (
        RectificationSource.REVIEW,
        cast.dept,
        dept_entry(answer.register),
        RectificationState.OPEN,
        actor,
    )
    finding.refresh_from_db()
    assert finding.outcome == FindingOutcome.RECTIFICATION and finding.rectification == item
    assert _audited(actions.RECTIFICATION_CREATE)[0].object_id == str(item.pk)
    assert _audited(actions.REVIEW_FINDING_DECIDE)[0].data["rectification"] == item.pk
    assert "整改事项:补齐集体会审记录" in _told("filler")


def test_who_may_not_make_a_rectification_item_and_of_whom(cast: Cast, review_round) -> None:
    _answer, finding = submitted_answer(cast, review_round)
    arguments: dict[str, Any] = {
        "finding": finding,
        "title": "整改",
        "problem": "问题",
        "deadline": in_days(15),
        "owner": cast.filler,
    }
    for who in ("filler", "leader", "other_head", "admin"):
        with pytest.raises(PermissionDenied):
            services.finding_to_rectification(actor=getattr(cast, who), **arguments)
    with pytest.raises(DomainError) as error:
        services.finding_to_rectification(
            actor=cast.committee, **{**arguments, "owner": cast.outsider}
        )
    assert error.value.field == "owner"
    with pytest.raises(DomainError) as error:
        services.finding_to_rectification(
            actor=cast.committee, **{**arguments, "deadline": timezone.localdate() - timedelta(1)}
        )
    assert error.value.field == "deadline"
    finding.refresh_from_db()
    assert finding.outcome == FindingOutcome.PENDING


def test_findings_are_acted_on_after_the_round_is_closed(cast: Cast, review_round) -> None:
    answer, finding = submitted_answer(cast, review_round)
    services.answer_rate(answer=answer, actor=cast.committee, rating="average", conclusion="一般")
    services.round_close(review_round=review_round, actor=cast.committee, conclusion="结束")
    item = services.finding_to_rectification(
        finding=finding,
        actor=cast.committee,
        owner=cast.head,
        title="整改",
        problem="问题",
        deadline=in_days(5),
    )
    assert item.owner == cast.head
