"""Writing 回头看 rounds: open, reschedule and close a round; save, submit and rate an answer; add
and remove findings; turn a finding into a new entry of the register or a rectification item.

Every function checks the actor's right (PermissionDenied), locks the row it changes, refuses
what the state does not allow (DomainError, which the views show as a message), writes its audit
row and its notifications in the same transaction.
"""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import actions
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import committee_members, notify
from orgs.models import User
from oversight.choices import RectificationSource
from oversight.models import Rectification
from oversight.rectification.services import rectification_create
from registers.choices import EDITABLE_STATES, RegisterState
from registers.data import EntryData
from registers.exceptions import DomainError
from registers.models import Campaign, Register, RiskEntry
from registers.services import entry_create
from reviews.choices import (
    ANSWERED_STATES,
    AnswerState,
    FindingKind,
    FindingOutcome,
    Rating,
    RoundState,
)
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound
from reviews.permissions import (
    can_answer,
    can_make_entry,
    can_make_rectification,
    can_manage_rounds,
)
from reviews.selectors import REVIEWED_LEVELS
from workflow.permissions import people_acting
from workflow.services import register_reopen
from workflow.transitions import Actor


def round_url(review_round: ReviewRound) -> str:
    return reverse("reviews:round_detail", args=[review_round.pk])


def answer_url(answer: ReviewAnswer) -> str:
    return reverse("reviews:answer_detail", args=[answer.pk])


def answerers(register: Register) -> list[User]:
    """Who answers for a register, and hears of the round: its fillers and its unit's head."""
    return people_acting(Actor.FILLER, on=register)


# A deadline more than a year away is a slip of the keyboard: no reminder would ever go out.
LATEST_DEADLINE_DAYS = 366


def _check_deadline(deadline: date) -> None:
    if deadline < timezone.localdate():
        raise DomainError(_("答复截止日期不能早于今天。"), field="deadline")
    if deadline > timezone.localdate() + timedelta(days=LATEST_DEADLINE_DAYS):
        raise DomainError(_("答复截止日期不能晚于一年以后。"), field="deadline")


# --- Rounds ---------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *, campaign: Campaign, title: str, deadline: date, actor: User, instructions: str = ""
) -> ReviewRound:
    """The committee opens a round: every unit- and department-level register of the campaign
    gets an answer to give by the deadline, and its unit hears of it. One open round per
    campaign at a time."""
    if not can_manage_rounds(actor):
        raise PermissionDenied
    title = title.strip()
    if not title:
        raise DomainError(_("请填写名称。"), field="title")
    _check_deadline(deadline)
    # The campaign's row serializes two committee members opening a round at the same moment.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if ReviewRound.objects.filter(campaign=campaign, state=RoundState.OPEN).exists():
        raise DomainError(
            _("该排查工作已有进行中的回头看,请先结束它再发起新的一轮。"), field="campaign"
        )
    registers = list(
        Register.objects.filter(campaign=campaign, level__in=REVIEWED_LEVELS)
        .select_related("unit__head", "post", "campaign")
        .order_by("unit__order", "unit__code")
    )
    if not registers:
        raise DomainError(
            _("该排查工作还没有单位或部门层面的清单,请先开始排查工作。"), field="campaign"
        )
    review_round = ReviewRound.objects.create(
        campaign=campaign,
        title=title[:200],
        instructions=instructions.strip(),
        deadline=deadline,
        opened_by=actor,
    )
    answers = ReviewAnswer.objects.bulk_create(
        ReviewAnswer(round=review_round, register=register) for register in registers
    )
    audit_record(
        action=actions.REVIEW_ROUND_OPEN,
        actor=actor,
        obj=review_round,
        data={"campaign": campaign.pk, "deadline": deadline, "answers": len(answers)},
    )
    for answer, register in zip(answers, registers, strict=True):
        notify(
            recipients=answerers(register),
            kind=NotificationKind.OTHER,
            title=_("回头看:%(title)s") % {"title": review_round.title},
            body=_(
                "纪委组织“回头看”检查,请于%(deadline)s前就%(register)s答复“三个看”:一看廉政风险有无遗漏项;"
                "二看廉政风险防控措施是否到位;三看廉政风险防控效果是否显现。"
            )
            % {"deadline": deadline.isoformat(), "register": register.title},
            url=reverse("reviews:answer_detail", args=[answer.pk]),
            exclude=actor,
        )
    return review_round


def _locked_round(review_round: ReviewRound) -> ReviewRound:
    return (
        ReviewRound.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=review_round.pk)
    )


def _require_open(review_round: ReviewRound) -> None:
    if review_round.state != RoundState.OPEN:
        raise DomainError(_("该轮回头看已结束。"))


@transaction.atomic
def round_update(
    *, review_round: ReviewRound, actor: User, title: str, deadline: date, instructions: str
) -> ReviewRound:
    """The committee renames a round, changes its requirements or moves its deadline (while it
    is open); the units still answering hear of a new deadline."""
    if not can_manage_rounds(actor):
        raise PermissionDenied
    review_round = _locked_round(review_round)
    _require_open(review_round)
    title, instructions = title.strip(), instructions.strip()
    if not title:
        raise DomainError(_("请填写名称。"), field="title")
    changed: dict[str, Any] = {}
    if title != review_round.title:
        changed["title"] = title[:200]
    if instructions != review_round.instructions:
        changed["instructions"] = instructions
    old_deadline = review_round.deadline
    if deadline != old_deadline:
        _check_deadline(deadline)
        changed["deadline"] = deadline
    if not changed:
        return review_round
    for name, value in changed.items():
        setattr(review_round, name, value)
    review_round.save(update_fields=list(changed))
    data: dict[str, Any] = {"fields": sorted(changed)}
    if "deadline" in changed:
        data["deadline"] = {"from": old_deadline, "to": deadline}
    audit_record(action=actions.REVIEW_ROUND_UPDATE, actor=actor, obj=review_round, data=data)
    if "deadline" in changed:
        waiting = review_round.answers.filter(state=AnswerState.DRAFT).select_related(
            "register__unit__head", "register__post", "register__campaign"
        )
        for answer in waiting:
            notify(
                recipients=answerers(answer.register),
                kind=NotificationKind.OTHER,
                title=_("回头看答复截止日期调整:%(title)s") % {"title": review_round.title},
                body=_("“%(title)s”的答复截止日期由%(old)s调整为%(new)s。")
                % {
                    "title": review_round.title,
                    "old": old_deadline.isoformat(),
                    "new": deadline.isoformat(),
                },
                url=answer_url(answer),
                exclude=actor,
            )
    return review_round


@transaction.atomic
def round_close(*, review_round: ReviewRound, actor: User, conclusion: str) -> ReviewRound:
    """The committee closes the round with its overall conclusion, once every submitted answer
    is rated. Answers still in draft stay unanswered; the units that answered have done the
    schedule's 回头看 task (reviews.wiring)."""
    if not can_manage_rounds(actor):
        raise PermissionDenied
    review_round = _locked_round(review_round)
    _require_open(review_round)
    conclusion = conclusion.strip()
    if not conclusion:
        raise DomainError(_("请填写总体结论。"), field="conclusion")
    unrated = review_round.answers.filter(state=AnswerState.SUBMITTED).count()
    if unrated:
        raise DomainError(
            _("还有%(count)s份答复未评定,请评定后再结束。") % {"count": unrated},
        )
    review_round.state = RoundState.CLOSED
    review_round.closed_by = actor
    review_round.closed_at = timezone.now()
    review_round.conclusion = conclusion
    review_round.save(update_fields=["state", "closed_by", "closed_at", "conclusion"])
    answered = review_round.answers.filter(state__in=ANSWERED_STATES).count()
    audit_record(
        action=actions.REVIEW_ROUND_CLOSE,
        actor=actor,
        obj=review_round,
        data={
            "state": RoundState.CLOSED,
            "answered": answered,
            "unanswered": review_round.answers.count() - answered,
        },
    )
    return review_round


# --- Answers --------------------------------------------------------------------------------


def _locked_answer(answer: ReviewAnswer) -> ReviewAnswer:
    """The answer, locked, with its round (the round's state is read under the lock of the
    round row too: a round closing at the same moment waits, or is waited for)."""
    locked = (
        ReviewAnswer.objects.select_for_update(of=("self",))
        .select_related("register__unit__head", "register__post", "register__campaign")
        .get(pk=answer.pk)
    )
    locked.round = ReviewRound.objects.select_for_update().get(pk=locked.round_id)
    return locked


def _texts(answer: ReviewAnswer, q1: str | None, q2: str | None, q3: str | None) -> list[str]:
    """Put the given texts on the answer; the names of the fields that changed."""
    changed = []
    for name, value in (
        ("q1_missing_risks", q1),
        ("q2_measures_in_place", q2),
        ("q3_effects_shown", q3),
    ):
        if value is not None and value.strip() != getattr(answer, name):
            setattr(answer, name, value.strip())
            changed.append(name)
    return changed


def _check_editable(actor: User, answer: ReviewAnswer) -> None:
    if not can_answer(actor, answer):
        raise PermissionDenied
    _require_open(answer.round)
    if answer.state != AnswerState.DRAFT:
        raise DomainError(_("答复已提交,不能再修改。"))


@transaction.atomic
def answer_save(
    *, answer: ReviewAnswer, actor: User, q1: str | None, q2: str | None, q3: str | None
) -> ReviewAnswer:
    """Save the unit's draft of the three answers (None leaves one as it is)."""
    answer = _locked_answer(answer)
    _check_editable(actor, answer)
    changed = _texts(answer, q1, q2, q3)
    if not changed:
        return answer
    answer.updated_by = actor
    answer.save(update_fields=[*changed, "updated_by", "updated_at"])
    audit_record(
        action=actions.REVIEW_ANSWER_UPDATE, actor=actor, obj=answer, data={"fields": changed}
    )
    return answer


@transaction.atomic
def answer_submit(
    *,
    answer: ReviewAnswer,
    actor: User,
    q1: str | None = None,
    q2: str | None = None,
    q3: str | None = None,
) -> ReviewAnswer:
    """The unit submits its answer to the committee: each of the three questions answered. A
    late answer is still taken while the round is open (the progress shows it late)."""
    answer = _locked_answer(answer)
    _check_editable(actor, answer)
    changed = _texts(answer, q1, q2, q3)
    for name, label in (
        ("q1_missing_risks", _("一看廉政风险有无遗漏项")),
        ("q2_measures_in_place", _("二看廉政风险防控措施是否到位")),
        ("q3_effects_shown", _("三看廉政风险防控效果是否显现")),
    ):
        if not getattr(answer, name):
            raise DomainError(_("请答复“%(question)s”。") % {"question": label}, field=name)
    answer.state = AnswerState.SUBMITTED
    answer.updated_by = answer.submitted_by = actor
    answer.submitted_at = timezone.now()
    answer.save(
        update_fields=[
            *changed,
            "state",
            "updated_by",
            "submitted_by",
            "submitted_at",
            "updated_at",
        ]
    )
    audit_record(
        action=actions.REVIEW_ANSWER_SUBMIT,
        actor=actor,
        obj=answer,
        data={"state": AnswerState.SUBMITTED, "findings": answer.findings.count()},
    )
    notify(
        recipients=committee_members(),
        kind=NotificationKind.OTHER,
        title=_("回头看答复待评定:%(unit)s") % {"unit": answer.register.unit.name},
        body=_("%(unit)s已提交“%(title)s”的答复,请评定。")
        % {"unit": answer.register.unit.name, "title": answer.round.title},
        url=answer_url(answer),
        exclude=actor,
    )
    return answer


@transaction.atomic
def answer_rate(*, answer: ReviewAnswer, actor: User, rating: str, conclusion: str) -> ReviewAnswer:
    """The committee rates a submitted answer and writes its opinion; it may rate again until
    the round is closed."""
    if not can_manage_rounds(actor):
        raise PermissionDenied
    answer = _locked_answer(answer)
    _require_open(answer.round)
    if answer.state not in ANSWERED_STATES:
        raise DomainError(_("该单位尚未提交答复。"))
    if rating not in Rating.values:
        raise DomainError(_("请选择评定等次。"), field="rating")
    conclusion = conclusion.strip()
    if not conclusion:
        raise DomainError(_("请填写纪委意见。"), field="committee_conclusion")
    before = answer.rating
    answer.state = AnswerState.RATED
    answer.rating = rating
    answer.committee_conclusion = conclusion
    answer.rated_by = actor
    answer.rated_at = timezone.now()
    answer.save(update_fields=["state", "rating", "committee_conclusion", "rated_by", "rated_at"])
    audit_record(
        action=actions.REVIEW_ANSWER_RATE,
        actor=actor,
        obj=answer,
        data={"rating": rating, "previous_rating": before or None, "note": conclusion},
    )
    register = answer.register
    notify(
        recipients=[register.unit.head, answer.submitted_by],
        kind=NotificationKind.OTHER,
        title=_("回头看答复已评定:%(rating)s") % {"rating": answer.get_rating_display()},
        body=_("纪委对%(unit)s“%(title)s”的答复评定为“%(rating)s”。纪委意见:%(note)s")
        % {
            "unit": register.unit.name,
            "title": answer.round.title,
            "rating": answer.get_rating_display(),
            "note": conclusion,
        },
        url=answer_url(answer),
        exclude=actor,
    )
    return answer


# --- Findings -------------------------------------------------------------------------------


@transaction.atomic
def finding_add(
    *, answer: ReviewAnswer, actor: User, kind: str, text: str, entry: RiskEntry | None = None
) -> ReviewFinding:
    """The unit records a finding of its answer: of the register as a whole, or of one of its
    entries (a measure not in place)."""
    answer = _locked_answer(answer)
    _check_editable(actor, answer)
    if kind not in FindingKind.values:
        raise DomainError(_("请选择问题类型。"), field="kind")
    text = text.strip()
    if not text:
        raise DomainError(_("请填写问题描述。"), field="text")
    if entry is not None and entry.register_id != answer.register_id:
        raise DomainError(_("关联的风险点不在本清单中。"), field="entry")
    finding = ReviewFinding.objects.create(
        answer=answer, kind=kind, entry=entry, text=text, created_by=actor
    )
    audit_record(
        action=actions.REVIEW_FINDING_CREATE,
        actor=actor,
        obj=finding,
        data={"answer": answer.pk, "kind": kind, "entry": entry.pk if entry else None},
    )
    return finding


@transaction.atomic
def finding_delete(*, finding: ReviewFinding, actor: User) -> None:
    """Remove a finding from a draft answer."""
    answer = _locked_answer(finding.answer)
    _check_editable(actor, answer)
    # Deleted through a queryset, so that `finding` keeps its id for the audit row.
    deleted, _rows = ReviewFinding.objects.filter(pk=finding.pk, answer=answer).delete()
    if not deleted:
        return
    audit_record(
        action=actions.REVIEW_FINDING_DELETE,
        actor=actor,
        obj=finding,
        data={"answer": answer.pk, "kind": finding.kind},
    )


def _locked_finding(finding: ReviewFinding) -> ReviewFinding:
    locked = (
        ReviewFinding.objects.select_for_update(of=("self",))
        .select_related(
            "answer__round", "answer__register__unit__head", "answer__register__campaign", "entry"
        )
        .get(pk=finding.pk)
    )
    if locked.outcome != FindingOutcome.PENDING:
        raise DomainError(_("该问题已处理。"))
    if locked.answer.state not in ANSWERED_STATES:
        raise DomainError(_("答复提交后才能处理发现的问题。"))
    return locked


def entry_refusal(register: Register) -> str:
    """Why a new entry cannot go into the register now, "" when it can: past the committee's
    approval its content is frozen until publication (a published register is reopened)."""
    if register.state in EDITABLE_STATES or register.state == RegisterState.PUBLISHED:
        return ""
    return _("清单当前为“%(state)s”,内容已冻结,暂不能补入风险点;请待公示后再补入新版本。") % {
        "state": register.get_state_display()
    }


def _decided(
    *, finding: ReviewFinding, actor: User, outcome: str, data: dict[str, Any]
) -> ReviewFinding:
    finding.outcome = outcome
    finding.decided_by = actor
    finding.decided_at = timezone.now()
    fields = ["outcome", "decided_by", "decided_at"]
    fields += ["new_entry"] if outcome == FindingOutcome.NEW_ENTRY else ["rectification"]
    finding.save(update_fields=fields)
    audit_record(
        action=actions.REVIEW_FINDING_DECIDE,
        actor=actor,
        obj=finding,
        data={"answer": finding.answer_id, "outcome": outcome, **data},
    )
    return finding


@transaction.atomic
def finding_to_entry(*, finding: ReviewFinding, actor: User, data: EntryData) -> RiskEntry:
    """补入清单: the finding becomes a new entry of the register, through the register's own
    services. A published register is reopened first (workflow.services.register_reopen), so
    the entry goes into its next version, which goes through the workflow again; a register
    still being filled or reviewed takes it at once (an edit after submission sends it back, as
    any edit does)."""
    finding = _locked_finding(finding)
    if not can_make_entry(actor, finding):
        raise PermissionDenied
    register = finding.answer.register
    refusal = entry_refusal(register)
    if refusal:
        raise DomainError(refusal)
    reopened = register.state == RegisterState.PUBLISHED
    if reopened:
        register_reopen(
            register=register,
            actor=actor,
            comment=_("回头看发现问题,补充风险点:%(round)s")
            % {"round": finding.answer.round.title},
        )
        register.refresh_from_db()
    entry = entry_create(register=register, actor=actor, data=data)
    finding.new_entry = entry
    _decided(
        finding=finding,
        actor=actor,
        outcome=FindingOutcome.NEW_ENTRY,
        data={"entry": entry.pk, "register": register.pk, "reopened": reopened},
    )
    return entry


def rectification_owners(register: Register) -> Q:
    """Who may be made to carry out a rectification item from a register's review: the unit's
    people, its head and its leader in charge (a filter on User rows)."""
    unit = register.unit
    return Q(is_active=True) & (
        Q(unit_id=unit.pk) | Q(pk=unit.head_id or 0) | Q(pk=unit.leader_in_charge_id or 0)
    )


@transaction.atomic
def finding_to_rectification(
    *,
    finding: ReviewFinding,
    actor: User,
    owner: User,
    title: str,
    problem: str,
    deadline: date,
    steps: str = "",
) -> Rectification:
    """列入整改: the finding becomes a rectification item (source 回头看) of the register's
    unit, tied to the finding's entry (oversight.rectification.services.rectification_create,
    which checks that the actor may open one for the unit: the committee or its head)."""
    finding = _locked_finding(finding)
    if not can_make_rectification(actor, finding):
        raise PermissionDenied
    register = finding.answer.register
    if not User.objects.filter(rectification_owners(register), pk=owner.pk).exists():
        raise DomainError(_("整改责任人须为该单位人员、负责人或分管领导。"), field="owner")
    if deadline < timezone.localdate():
        raise DomainError(_("整改期限不能早于今天。"), field="deadline")
    rectification = rectification_create(
        source=RectificationSource.REVIEW,
        unit=register.unit,
        owner=owner,
        title=title,
        problem=problem,
        steps=steps,
        deadline=deadline,
        actor=actor,
        entry=finding.entry,
    )
    finding.rectification = rectification
    _decided(
        finding=finding,
        actor=actor,
        outcome=FindingOutcome.RECTIFICATION,
        data={"rectification": rectification.pk},
    )
    return rectification
