"""This app's hooks into the apps below (inbox, navigation, audit labels, the daily sweep's chase
sources, the schedule's completion sources), called from its AppConfig.ready."""

from datetime import date

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import actions
from audit.labels import register_action_labels, register_data_labels, register_value_labels
from notifications.services import unique_people
from orgs.choices import Role
from orgs.inbox import InboxItem, InboxSection, register_inbox_provider
from orgs.models import User
from orgs.navigation import SUPERVISION, NavItem, register_nav_item
from oversight.rectification.sweep import Chase, chase_kind, register_chase_source, told_overdue
from registers.models import Campaign
from reviews.choices import ANSWERED_STATES, AnswerState, Rating, RoundState
from reviews.models import ReviewAnswer
from reviews.permissions import can_manage_rounds
from reviews.selectors import answers_to_give, answers_to_rate, is_late
from reviews.services import answer_url, round_url
from schedule.completion import RecordedCompletion, register_completion_source
from schedule.models import ScheduleTask

INBOX_SIZE = 5
# Annex 3's row of the 回头看 (row 13): its stage or its task names it.
REVIEW_TASK_WORD = "回头看"

AUDIT_LABELS: dict[str, str | Promise] = {
    actions.REVIEW_ROUND_OPEN: gettext_lazy("发起回头看"),
    actions.REVIEW_ROUND_UPDATE: gettext_lazy("修改回头看"),
    actions.REVIEW_ROUND_CLOSE: gettext_lazy("结束回头看"),
    actions.REVIEW_ROUND_EXPORT_PDF: gettext_lazy("导出回头看汇总PDF"),
    actions.REVIEW_ROUND_EXPORT_XLSX: gettext_lazy("导出回头看汇总Excel"),
    actions.REVIEW_ANSWER_UPDATE: gettext_lazy("保存回头看答复"),
    actions.REVIEW_ANSWER_SUBMIT: gettext_lazy("提交回头看答复"),
    actions.REVIEW_ANSWER_RATE: gettext_lazy("评定回头看答复"),
    actions.REVIEW_FINDING_CREATE: gettext_lazy("登记回头看发现的问题"),
    actions.REVIEW_FINDING_DELETE: gettext_lazy("删除回头看发现的问题"),
    actions.REVIEW_FINDING_DECIDE: gettext_lazy("处理回头看发现的问题"),
}

# Keys of this app's audit details that no field of the audited model names.
DATA_LABELS: dict[str, str | Promise] = {
    "answer": gettext_lazy("回头看答复"),
    "answers": gettext_lazy("答复数"),
    "answered": gettext_lazy("已答复"),
    "unanswered": gettext_lazy("未答复"),
    "findings": gettext_lazy("发现问题数"),
    "previous_rating": gettext_lazy("原评定"),
    "reopened": gettext_lazy("重新修订清单"),
    "deadline": gettext_lazy("期限"),
    "fields": gettext_lazy("字段"),
    "note": gettext_lazy("意见"),
    "entry": gettext_lazy("风险点"),
    "rectification": gettext_lazy("整改事项"),
}


# --- Inbox ----------------------------------------------------------------------------------


def _due(answer: ReviewAnswer) -> str:
    context = {"deadline": answer.round.deadline.isoformat(), "round": answer.round.title}
    if is_late(answer):
        return _("已逾期 · 截止%(deadline)s · %(round)s") % context
    return _("截止%(deadline)s · %(round)s") % context


def inbox_sections(user: User) -> list[InboxSection]:
    """待答复的回头看 (the drafts of the user's unit and of the unit he heads), and for the
    committee the answers waiting for its rating."""
    sections: list[InboxSection] = []
    mine = answers_to_give(user)
    if mine:
        sections.append(
            InboxSection(
                key="reviews_to_answer",
                title=gettext_lazy("待答复的回头看"),
                count=len(mine),
                items=[
                    InboxItem(title=a.register.title, url=answer_url(a), detail=_due(a))
                    for a in mine[:INBOX_SIZE]
                ],
                more_url=_list_url(),
            )
        )
    if can_manage_rounds(user):
        waiting = answers_to_rate()
        if waiting:
            sections.append(
                InboxSection(
                    key="reviews_to_rate",
                    title=gettext_lazy("待评定的回头看答复"),
                    count=len(waiting),
                    items=[
                        InboxItem(
                            title=a.register.unit.name, url=answer_url(a), detail=a.round.title
                        )
                        for a in waiting[:INBOX_SIZE]
                    ],
                    more_url=_list_url(),
                )
            )
    return sections


def _list_url() -> str:
    return reverse("reviews:round_list")


# --- The daily sweep ------------------------------------------------------------------------


def answer_chases(today: date) -> list[Chase]:
    """Answers not submitted yet in open rounds: reminders before the round's deadline, overdue
    notices after it, to the register's fillers and its unit's head (each sent once, by the
    sweep's DeadlineChase rows). Three queries: the answers, the earlier overdue notices, the
    units' people."""
    answers = list(
        ReviewAnswer.objects.filter(state=AnswerState.DRAFT, round__state=RoundState.OPEN)
        .select_related("round", "register__unit__head", "register__post", "register__campaign")
        .order_by("pk")
    )
    told = told_overdue(ReviewAnswer, [a.pk for a in answers if a.round.deadline < today])
    due: list[tuple[ReviewAnswer, str, int]] = []
    for answer in answers:
        found = chase_kind(answer.round.deadline, today, answer.pk in told)
        if found is not None:
            due.append((answer, *found))
    if not due:
        return []
    # Reviewed registers are unit- and department-level: their fillers are the unit's people.
    people: dict[int, list[User]] = {}
    for person in User.objects.filter(
        unit_id__in={a.register.unit_id for a, _k, _d in due}, is_active=True
    ).order_by("pk"):
        assert person.unit_id is not None
        people.setdefault(person.unit_id, []).append(person)
    chases = []
    for answer, kind, days_before in due:
        unit = answer.register.unit
        chases.append(
            Chase(
                target=answer,
                kind=kind,
                days_before=days_before,
                recipients=unique_people([*people.get(unit.pk, []), unit.head]),
                what=_("回头看答复"),
                name=_("%(round)s·%(unit)s") % {"round": answer.round.title, "unit": unit.name},
                deadline=answer.round.deadline,
                url=answer_url(answer),
            )
        )
    return chases


# --- The schedule ---------------------------------------------------------------------------


def is_review_task(task: ScheduleTask) -> bool:
    """Annex 3's 回头看 rows: completed by a closed round's answers, never ticked by hand."""
    return REVIEW_TASK_WORD in task.stage or REVIEW_TASK_WORD in task.task


def review_completions(campaign: Campaign) -> list[RecordedCompletion]:
    """Annex 3's 回头看 rows are done, for each unit that answered, once the committee has
    closed the round (and so rated every answer given). Two queries: the rows, the answers."""
    tasks = [
        task
        for task in ScheduleTask.objects.filter(campaign=campaign).order_by("order", "id")
        if is_review_task(task)
    ]
    if not tasks:
        return []
    answers = (
        ReviewAnswer.objects.filter(
            round__campaign=campaign,
            round__state=RoundState.CLOSED,
            state__in=ANSWERED_STATES,
        )
        .select_related("round", "register")
        .order_by("round__closed_at", "pk")
    )
    # A unit that answered several rounds: the latest closed round says it.
    latest: dict[int, ReviewAnswer] = {}
    for answer in answers:
        latest[answer.register.unit_id] = answer
    return [
        RecordedCompletion(
            task=task,
            unit_id=unit_id,
            note=_("%(round)s已答复,纪委评定“%(rating)s”")
            % {
                "round": answer.round.title,
                "rating": answer.get_rating_display(),
            },
            url=round_url(answer.round),
        )
        for task in tasks
        for unit_id, answer in latest.items()
    ]


def connect() -> None:
    register_action_labels(AUDIT_LABELS)
    register_data_labels(DATA_LABELS)
    register_value_labels("previous_rating", dict(Rating.choices))
    register_inbox_provider(inbox_sections)
    register_chase_source(answer_chases)
    register_completion_source(review_completions, claims=is_review_task)
    register_nav_item(
        NavItem(
            gettext_lazy("回头看"),
            "reviews:round_list",
            "arrow-repeat",
            frozenset({Role.STAFF, Role.COMMITTEE, Role.ADMIN}),
            group=SUPERVISION,
        )
    )
