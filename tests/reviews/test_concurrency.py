"""On PostgreSQL, with real concurrent transactions: sweeps running at the same time chase each
review answer once, and two committee members opening a round of the same campaign at the same
moment open one."""

import os
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection, connections

from notifications.models import Notification
from oversight.models import DeadlineChase
from oversight.rectification.sweep import deadline_sweep
from registers.exceptions import DomainError
from reviews.models import ReviewAnswer, ReviewRound
from tests.conftest import Cast
from tests.factories import UserFactory
from tests.reviews.world import in_days, open_round, started_campaign

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _at_once(work: list[Callable[[], None]]) -> list[BaseException]:
    """Run each of `work` in a thread of its own, released together; the errors they raised."""
    barrier = threading.Barrier(len(work))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # reported in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


def test_concurrent_sweeps_chase_each_answer_once(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions)")
    campaign = started_campaign(cast)
    open_round(cast, campaign, deadline=in_days(3))
    day = in_days(4)  # the first day after the deadline
    assert _at_once([lambda: deadline_sweep(day) for _ in range(4)]) == []
    answers = ReviewAnswer.objects.count()
    assert DeadlineChase.objects.filter(content_type__model="reviewanswer").count() == answers == 3
    told = Counter(
        (n.recipient.username, n.title)
        for n in Notification.objects.filter(kind="overdue").select_related("recipient")
    )
    assert told and set(told.values()) == {1}
    assert ("other_head", "已逾期1天:2026年度廉政风险防控“回头看”·财务处") in told


def test_two_members_opening_at_once_open_one_round(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions)")
    campaign = started_campaign(cast)
    second = UserFactory(username="committee2", unit=cast.bureau, is_committee_member=True)
    errors = _at_once(
        [
            lambda: open_round(cast, campaign),
            lambda: open_round(Cast(**{**vars(cast), "committee": second}), campaign),
        ]
    )
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    assert ReviewRound.objects.count() == 1
    assert ReviewAnswer.objects.count() == 3
