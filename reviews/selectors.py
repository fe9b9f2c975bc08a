"""Reading 回头看 rounds: what a user may see, what waits for him, a round's progress per unit and
its summary."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from orgs.models import User
from orgs.permissions import sees_everything
from registers.choices import RegisterLevel
from reviews.choices import ANSWERED_STATES, AnswerState, FindingOutcome, RoundState
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound
from reviews.permissions import answer_filter, can_see_answer, can_see_round

# The registers a round asks about: a unit's and a department's (document 000's 回头看 is the
# units' and departments' work, Annex 3 row 13), not the personal self-checks of the posts.
REVIEWED_LEVELS = (RegisterLevel.UNIT, RegisterLevel.DEPARTMENT)


def _answers() -> QuerySet[ReviewAnswer]:
    return ReviewAnswer.objects.select_related(
        "round__campaign", "register__unit__head", "register__post", "register__campaign"
    )


def rounds_visible_to(user: User) -> QuerySet[ReviewRound]:
    rounds = ReviewRound.objects.select_related("campaign", "opened_by", "closed_by")
    if sees_everything(user):
        return rounds
    visible = ReviewAnswer.objects.filter(answer_filter(user)).values("round_id")
    return rounds.filter(pk__in=visible)


def answers_visible_to(user: User) -> QuerySet[ReviewAnswer]:
    return _answers().filter(answer_filter(user))


def round_for_user(*, user: User, pk: int) -> ReviewRound:
    """The round, if `user` may see it; 404 otherwise."""
    review_round = (
        ReviewRound.objects.select_related("campaign", "opened_by", "closed_by")
        .filter(pk=pk)
        .first()
    )
    if review_round is None or not can_see_round(user, review_round):
        raise Http404
    return review_round


def answer_for_user(*, user: User, pk: int) -> ReviewAnswer:
    answer = _answers().select_related("submitted_by", "rated_by").filter(pk=pk).first()
    if answer is None or not can_see_answer(user, answer):
        raise Http404
    return answer


def finding_for_user(*, user: User, pk: int) -> ReviewFinding:
    finding = (
        ReviewFinding.objects.select_related(
            "answer__round__campaign",
            "answer__register__unit__head",
            "answer__register__post",
            "answer__register__campaign",
            "entry",
        )
        .filter(pk=pk)
        .first()
    )
    if finding is None or not can_see_answer(user, finding.answer):
        raise Http404
    return finding


def findings_of(answer: ReviewAnswer) -> list[ReviewFinding]:
    return list(
        answer.findings.select_related(
            "entry", "new_entry", "rectification", "created_by", "decided_by"
        ).order_by("id")
    )


def is_late(answer: ReviewAnswer, today: date | None = None) -> bool:
    """Not answered by the round's deadline: a draft past it, or an answer submitted after it."""
    deadline = answer.round.deadline
    if answer.submitted_at is not None:
        return timezone.localtime(answer.submitted_at).date() > deadline
    today = today or timezone.localdate()
    return answer.round.state == RoundState.OPEN and today > deadline


# --- What waits for a user ------------------------------------------------------------------


def answers_to_give(user: User) -> list[ReviewAnswer]:
    """待答复的回头看: the drafts of open rounds for the registers of his own unit and of the unit
    he heads. Administrators may answer for any unit, but their inbox lists only their own."""
    if not user.is_authenticated:
        return []
    own = Q(register__unit__head_id=user.pk)
    if user.unit_id:
        own |= Q(register__unit_id=user.unit_id)
    return list(
        _answers()
        .filter(own, state=AnswerState.DRAFT, round__state=RoundState.OPEN)
        .order_by("round__deadline", "register__unit__order", "pk")
    )


def answers_to_rate() -> list[ReviewAnswer]:
    """Submitted answers of open rounds that the committee has not rated yet."""
    return list(
        _answers()
        .filter(state=AnswerState.SUBMITTED, round__state=RoundState.OPEN)
        .order_by("submitted_at", "pk")
    )


# --- A round's progress and summary ---------------------------------------------------------


@dataclass
class AnswerRow:
    answer: ReviewAnswer
    late: bool
    findings: int
    pending: int


@dataclass
class RoundProgress:
    review_round: ReviewRound
    rows: list[AnswerRow]
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def answered(self) -> int:
        return sum(self.counts[state] for state in ANSWERED_STATES)

    @property
    def rated(self) -> int:
        return self.counts[AnswerState.RATED]

    @property
    def unrated(self) -> int:
        return self.counts[AnswerState.SUBMITTED]


def round_progress(
    *, review_round: ReviewRound, user: User, today: date | None = None
) -> RoundProgress:
    """Every answer of the round that `user` may see, in the order of the org tree, with its
    findings counted. One query (the answers with their registers, units and counts)."""
    today = today or timezone.localdate()
    answers = (
        _answers()
        .filter(answer_filter(user), round=review_round)
        .select_related("rated_by", "submitted_by")
        .annotate(
            finding_count=Count("findings"),
            pending_count=Count("findings", filter=Q(findings__outcome=FindingOutcome.PENDING)),
        )
        .order_by("register__unit__order", "register__unit__code", "pk")
    )
    rows = []
    counts: Counter[str] = Counter()
    for answer in answers:
        # The round is the caller's: the row's answer need not fetch it again.
        answer.round = review_round
        rows.append(
            AnswerRow(
                answer=answer,
                late=is_late(answer, today),
                findings=answer.finding_count,  # type: ignore[attr-defined]
                pending=answer.pending_count,  # type: ignore[attr-defined]
            )
        )
        counts[answer.state] += 1
    return RoundProgress(review_round=review_round, rows=rows, counts=counts)


@dataclass
class RoundSummary:
    """What the exports print: every answer with its findings."""

    review_round: ReviewRound
    answers: list[ReviewAnswer]
    progress: RoundProgress


def round_summary(*, review_round: ReviewRound, user: User) -> RoundSummary:
    """The round's answers with their findings. Two queries: answers, findings."""
    progress = round_progress(review_round=review_round, user=user)
    answers = [row.answer for row in progress.rows]
    findings = (
        ReviewFinding.objects.filter(answer__in=[a.pk for a in answers])
        .select_related("entry", "new_entry", "rectification")
        .order_by("id")
    )
    by_answer: dict[int, list[ReviewFinding]] = {}
    for finding in findings:
        by_answer.setdefault(finding.answer_id, []).append(finding)
    for answer in answers:
        answer.finding_list = by_answer.get(answer.pk, [])  # type: ignore[attr-defined]
    return RoundSummary(review_round=review_round, answers=answers, progress=progress)


def rounds_with_progress(rounds: QuerySet[ReviewRound]) -> QuerySet[ReviewRound]:
    """The rounds with how many answers each has and how many are given (one query)."""
    return rounds.annotate(
        answer_count=Count("answers"),
        answered_count=Count("answers", filter=Q(answers__state__in=ANSWERED_STATES)),
    )
