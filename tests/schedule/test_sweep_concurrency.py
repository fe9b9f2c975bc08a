"""Against the real PostgreSQL of .ci/run: sweeps running at the same time send each reminder once
(the unique Reminder row is written in the same transaction as the notices)."""

import os
import threading
from collections import Counter

import pytest
from django.db import connection, connections

from notifications.models import Notification
from schedule.models import Reminder, ScheduleTask
from schedule.services import reminders_sweep
from tests.campaign_world import DEADLINE, World

# Decided before any fixture runs, so that a skipped test builds nothing (connection.vendor below
# is checked too, in case DATABASE_URL names another engine).
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
needs_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL")


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions)")


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_reminder_once(world: World) -> None:
    _postgres_only()
    # Only the submission row is chased today: the rows done by hand, dated June and July, are
    # left undated (their chase is the same code, tested in test_completion_sweep.py).
    ScheduleTask.objects.filter(campaign=world.campaign, required_state="").update(deadline=None)
    threads_count = 4
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            barrier.wait()
            reminders_sweep(today=DEADLINE)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert Reminder.objects.count() == 2  # (submission task, each department, overdue, today)
    # Whichever sweep claimed a unit told its people: each person hears of each unit once.
    told = Counter()
    for notice in Notification.objects.select_related("recipient"):
        for unit in ("审批处", "财务处"):
            if unit in notice.body:
                told[(notice.recipient.username, unit)] += 1
    assert set(told.values()) == {1}
    assert set(told) == {
        ("filler", "审批处"),
        ("head", "审批处"),
        ("leader", "审批处"),
        ("committee", "审批处"),
        ("outsider", "财务处"),
        ("other_head", "财务处"),
        ("other_leader", "财务处"),
        ("committee", "财务处"),
    }
