"""Who may see and do what in a 回头看.

Seeing: the committee and administrators see every round and answer; anyone else sees the
answers of the registers of his unit scope (orgs.permissions.unit_scope: his own unit, and what he
leads) and of the unit he heads, and the rounds those answers belong to.

Doing: the committee opens, reschedules and closes rounds and rates the answers. A unit answers
for its register: whoever may fill the register (registers.permissions.can_fill: its unit's
members, administrators) or the unit's head. A finding becomes a new entry at the hands of whoever
may fill the register (the entry services' own rule); a rectification item at the hands of those
who may open one for the unit from a review (the committee, the unit's head: the rectification
services' own rule).
"""

from django.db.models import Q

from orgs.choices import Role
from orgs.models import User
from orgs.permissions import roles_of, sees_everything, unit_scope
from oversight.choices import RectificationSource
from oversight.rectification.permissions import can_create_for
from registers.permissions import can_fill
from reviews.choices import ANSWERED_STATES, AnswerState, FindingOutcome, RoundState
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound


def is_committee(user: User) -> bool:
    return Role.COMMITTEE in roles_of(user)


def can_manage_rounds(user: User) -> bool:
    """Open, reschedule and close rounds; rate answers: the committee."""
    return user.is_authenticated and user.is_active and is_committee(user)


def can_export(user: User) -> bool:
    """The round's summary (PDF, xlsx) and its per-unit progress: the committee and admins."""
    return sees_everything(user)


# --- Seeing ---------------------------------------------------------------------------------


def answer_filter(user: User) -> Q:
    """can_see_answer as a filter on ReviewAnswer rows."""
    if sees_everything(user):
        return Q()
    scope = unit_scope(user) or frozenset()
    return Q(register__unit_id__in=scope) | Q(register__unit__head_id=user.pk)


def can_see_answer(user: User, answer: ReviewAnswer) -> bool:
    if not user.is_authenticated:
        return False
    if sees_everything(user):
        return True
    unit = answer.register.unit
    scope = unit_scope(user)
    return unit.head_id == user.pk or scope is None or unit.pk in scope


def can_see_round(user: User, review_round: ReviewRound) -> bool:
    """The committee and admins see every round; others a round with an answer they may see."""
    if sees_everything(user):
        return True
    return review_round.answers.filter(answer_filter(user)).exists()


# --- Doing ----------------------------------------------------------------------------------


def can_answer(user: User, answer: ReviewAnswer) -> bool:
    """The unit answers for its register: its fillers and its head."""
    if not user.is_authenticated or not user.is_active:
        return False
    register = answer.register
    return can_fill(user, register) or register.unit.head_id == user.pk


def can_edit_answer(user: User, answer: ReviewAnswer) -> bool:
    """Write the three answers and the findings, and submit: while the answer is a draft and
    the round open."""
    return (
        answer.state == AnswerState.DRAFT
        and answer.round.state == RoundState.OPEN
        and can_answer(user, answer)
    )


def can_rate(user: User, answer: ReviewAnswer) -> bool:
    """Rate a submitted answer (again, until the round is closed): the committee."""
    return (
        answer.state in ANSWERED_STATES
        and answer.round.state == RoundState.OPEN
        and can_manage_rounds(user)
    )


def _decidable(finding: ReviewFinding) -> bool:
    # The unit has given its answer: its findings are final and may be acted on, also after
    # the round is closed (the follow-up outlives the round).
    return finding.outcome == FindingOutcome.PENDING and finding.answer.state in ANSWERED_STATES


def can_make_entry(user: User, finding: ReviewFinding) -> bool:
    """Turn the finding into a new entry of the register: whoever may fill the register."""
    return (
        _decidable(finding)
        and user.is_authenticated
        and user.is_active
        and can_fill(user, finding.answer.register)
    )


def can_make_rectification(user: User, finding: ReviewFinding) -> bool:
    """Turn the finding into a rectification item: the committee or the unit's head."""
    return (
        _decidable(finding)
        and user.is_authenticated
        and user.is_active
        and can_create_for(
            user, unit=finding.answer.register.unit, source=RectificationSource.REVIEW
        )
    )
