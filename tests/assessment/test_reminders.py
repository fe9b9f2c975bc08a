"""Scoring reminders through oversight's daily sweep, by time travel: before the quarter's scoring
deadline the assessors who still owe scores are reminded, after it they and the committee are
told it is overdue; each chase once; nobody once everything is scored or the quarter closed."""

from datetime import date, timedelta

from assessment.models import Assessment, AssessmentPeriod
from assessment.services import period_close
from notifications.models import Notification
from oversight.choices import ChaseKind
from oversight.models import DeadlineChase
from oversight.rectification.sweep import deadline_sweep
from tests.assessment.conftest import score
from tests.conftest import Cast


def _sweep(day: date) -> set[tuple[str, str, str]]:
    """Sweep on `day`; who was told what, as (username, kind, title)."""
    before = set(Notification.objects.values_list("id", flat=True))
    deadline_sweep(day)
    return {
        (n.recipient.username, n.kind, n.title)
        for n in Notification.objects.exclude(id__in=before).select_related("recipient")
    }


def _score_everyone_but(period: AssessmentPeriod, cast: Cast, *left: str) -> None:
    scorer = {
        "principal": cast.committee,
        "leader": cast.committee,
        "other_leader": cast.committee,
        "head": cast.leader,
        "other_head": cast.other_leader,
        "filler": cast.head,
        "outsider": cast.other_head,
        "committee": cast.principal,
    }
    for username, actor in scorer.items():
        if username not in left:
            score(period, getattr(cast, username), actor, 90, 90, 90, 90)


def test_time_travel_through_a_scoring_deadline(party: Cast, period: AssessmentPeriod) -> None:
    name = str(period)

    def day(offset: int) -> date:
        return period.deadline + timedelta(days=offset)

    assert _sweep(day(-4)) == set()
    everyone = {"leader", "committee", "other_leader", "head", "other_head", "principal"}
    assert _sweep(day(-3)) == {(who, "reminder", f"还有3天到期:{name}") for who in everyone}
    assert _sweep(day(-3)) == set()  # the same day again: nothing twice
    # Only 刘经办 (the head's) and 陈处长 (the leader's) are left to score.
    _score_everyone_but(period, party, "filler", "head")
    assert _sweep(day(-1)) == {
        ("head", "reminder", f"还有1天到期:{name}"),
        ("leader", "reminder", f"还有1天到期:{name}"),
    }
    # Overdue: the committee hears too.
    assert _sweep(day(1)) == {
        (who, "overdue", f"已逾期1天:{name}") for who in ("head", "leader", "committee")
    }
    assert _sweep(day(2)) == set()  # repeated weekly, not daily
    score(period, party.filler, party.head, 90, 90, 90, 90)
    score(period, party.head, party.leader, 90, 90, 90, 90)
    assert _sweep(day(8)) == set()  # everything scored: nobody is chased
    chases = DeadlineChase.objects.order_by("day")
    assert [(c.day, c.kind, c.object_id) for c in chases] == [
        (day(-3), ChaseKind.REMINDER, period.pk),
        (day(-1), ChaseKind.REMINDER, period.pk),
        (day(1), ChaseKind.OVERDUE, period.pk),
    ]
    assert Assessment.objects.filter(period=period, scored_at__isnull=True).count() == 0


def test_a_missed_day_is_caught_up_once(party: Cast, period: AssessmentPeriod) -> None:
    late = period.deadline + timedelta(days=3)
    assert {kind for _who, kind, _title in _sweep(late)} == {"overdue"}
    assert _sweep(late + timedelta(days=1)) == set()


def test_a_closed_quarter_is_not_chased(party: Cast, period: AssessmentPeriod) -> None:
    period_close(period=period, actor=party.committee)
    assert _sweep(period.deadline - timedelta(days=3)) == set()
    assert _sweep(period.deadline + timedelta(days=1)) == set()
