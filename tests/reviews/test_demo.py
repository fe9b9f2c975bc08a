"""The demo's 回头看 (demo/reviews.py): a round with three answers, findings that became an entry
and a rectification item, one still pending; built again, nothing changes."""

import pytest
from django.utils import timezone

from demo.organization import build_demo_organization
from demo.registers import build_demo_campaign
from demo.reviews import ReviewSummary, build_demo_review
from oversight.choices import RectificationSource
from oversight.models import Rectification
from reviews.choices import AnswerState, FindingOutcome, Rating, RoundState
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound

pytestmark = pytest.mark.django_db


def test_the_demo_round_once() -> None:
    today = timezone.localdate()
    assert build_demo_review(today=today) is None  # no demo campaign yet: nothing to review
    build_demo_organization()
    build_demo_campaign()
    summary = build_demo_review(today=today)
    assert summary == ReviewSummary(
        rounds=1, answered=3, findings=3, rectifications=1, new_entries=1
    )
    review_round = ReviewRound.objects.get()
    assert review_round.state == RoundState.OPEN
    given = {
        a.register.unit.code: (a.state, a.rating)
        for a in ReviewAnswer.objects.filter(round=review_round).exclude(state=AnswerState.DRAFT)
    }
    assert given == {
        "D06": (AnswerState.RATED, Rating.FAIRLY_GOOD),
        "D03": (AnswerState.RATED, Rating.AVERAGE),
        "D11": (AnswerState.SUBMITTED, ""),
    }
    outcomes = {f.answer.register.unit.code + f.outcome for f in ReviewFinding.objects.all()}
    assert outcomes == {"D06new_entry", "D06rectification", "D03pending"}
    item = ReviewFinding.objects.get(outcome=FindingOutcome.RECTIFICATION).rectification
    assert item is not None and item.source == RectificationSource.REVIEW
    assert item.owner.username == "chuzhang"
    entry = ReviewFinding.objects.get(outcome=FindingOutcome.NEW_ENTRY).new_entry
    assert entry is not None and entry.register.unit.code == "D06" and entry.grade == 2
    counts = (
        ReviewAnswer.objects.count(),
        ReviewFinding.objects.count(),
        Rectification.objects.count(),
    )
    assert build_demo_review(today=today) is None
    assert (
        ReviewAnswer.objects.count(),
        ReviewFinding.objects.count(),
        Rectification.objects.count(),
    ) == counts
