"""The oversight deadline sweep, by time travel: reminders 3 and 1 days before the deadline of an
open rectification item or an action not done, overdue notices after it (escalated to the unit's
head, and to the committee for items), each sent once; by the service, the command, the task;
and, on PostgreSQL, by sweeps running at the same time."""

import os
import threading
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

from commitments.models import Commitment
from notifications.models import Notification
from oversight.choices import ActionStatus, ChaseKind
from oversight.models import Action, DeadlineChase, Rectification
from oversight.rectification import services
from oversight.rectification.sweep import deadline_sweep
from oversight.rectification.tasks import oversight_deadline_sweep
from registers.models import RiskEntry
from tests.conftest import Cast
from tests.oversight.rectification_world import in_days, issued_warning, open_item, warning_item

DEADLINE = in_days(10)


def _sweep(day: date) -> set[tuple[str, str, str]]:
    """Sweep on `day`; who was told what, as (username, kind, title)."""
    before = set(Notification.objects.values_list("id", flat=True))
    deadline_sweep(day)
    return {
        (n.recipient.username, n.kind, n.title)
        for n in Notification.objects.exclude(id__in=before).select_related("recipient")
    }


def _day(offset: int) -> date:
    return DEADLINE + timedelta(days=offset)


@pytest.mark.django_db
def test_time_travel_through_a_rectification_deadline(cast: Cast) -> None:
    item = open_item(cast, deadline=DEADLINE)
    reminder = {("filler", "reminder", "还有3天到期:审批档案不全")}
    assert _sweep(_day(-4)) == set()
    assert _sweep(_day(-3)) == reminder
    assert _sweep(_day(-3)) == set()  # the same day again: nothing twice
    assert _sweep(_day(-2)) == set()
    assert _sweep(_day(-1)) == {("filler", "reminder", "还有1天到期:审批档案不全")}
    assert _sweep(_day(0)) == set()
    overdue = {
        ("filler", "overdue", "已逾期1天:审批档案不全"),
        ("head", "overdue", "已逾期1天:审批档案不全"),  # escalated to the unit's head
        ("committee", "overdue", "1项整改事项逾期未完成"),  # and to the committee, in a digest
    }
    assert _sweep(_day(1)) == overdue
    assert _sweep(_day(1)) == set()
    assert _sweep(_day(2)) == set()  # repeated weekly, not daily
    assert {kind for _who, kind, _title in _sweep(_day(8))} == {"overdue"}
    services.rectification_submit(rectification=item, actor=cast.filler, report="已整改")
    assert _sweep(_day(15)) == set()  # submitted: the committee's turn, nobody is chased
    chases = DeadlineChase.objects.order_by("day")
    assert [(c.day, c.kind) for c in chases] == [
        (_day(-3), ChaseKind.REMINDER),
        (_day(-1), ChaseKind.REMINDER),
        (_day(1), ChaseKind.OVERDUE),
        (_day(8), ChaseKind.OVERDUE),
    ]
    assert chases[2].recipients == "filler,head,committee"


@pytest.mark.django_db
def test_a_missed_day_is_caught_up_once(cast: Cast) -> None:
    open_item(cast, deadline=DEADLINE)
    # Nobody swept on the first day after the deadline: the next sweep sends the notice ...
    assert {who for who, _kind, _title in _sweep(_day(3))} == {"filler", "head", "committee"}
    # ... and the day after that, nothing more until the weekly repeat.
    assert _sweep(_day(4)) == set()


@pytest.mark.django_db
def test_actions_not_done_are_chased_too(cast: Cast, party: Cast, high_entry: RiskEntry) -> None:
    # The publication of the entry's register generated its commitment letter, which the same
    # sweep chases (tests/commitments); here only the actions are looked at.
    Commitment.objects.all().delete()
    action = Action.objects.create(
        entry=high_entry, content="建立集体会审台账", owner=cast.filler, deadline=DEADLINE
    )
    Action.objects.create(entry=high_entry, content="无人负责", deadline=DEADLINE)
    Action.objects.create(
        entry=high_entry,
        content="已落实",
        owner=cast.filler,
        deadline=DEADLINE,
        status=ActionStatus.DONE,
    )
    assert _sweep(_day(-1)) == {("filler", "reminder", "还有1天到期:建立集体会审台账")}
    # After the deadline the unit's head hears of it too; the committee does not (measures are
    # the unit's own work).
    assert _sweep(_day(1)) == {
        ("filler", "overdue", "已逾期1天:建立集体会审台账"),
        ("head", "overdue", "已逾期1天:建立集体会审台账"),
    }
    notice = Notification.objects.filter(recipient=cast.head).latest("id")
    assert notice.url == f"/oversight/measures/actions/{action.pk}/"
    action.status = ActionStatus.DONE
    action.save()
    assert _sweep(_day(8)) == set()


@pytest.mark.django_db
def test_a_confidential_item_is_chased_inside_its_circle_only(cast: Cast) -> None:
    # The warning names 刘经办; the head of 审批处 is not in its circle (a warning to a person
    # with a disposal other than 责令整改), so he hears nothing of it.
    warning = issued_warning(cast, subject=cast.filler, disposal="reminder")
    warning_item(cast, warning, owner=cast.filler, deadline=DEADLINE)
    told = {who for who, _kind, _title in _sweep(_day(1))}
    assert told == {"filler", "committee"}


@pytest.mark.django_db
def test_the_command_and_the_task(cast: Cast) -> None:
    open_item(cast, deadline=DEADLINE)
    out = StringIO()
    call_command("oversight_sweep", "--today", _day(-3).isoformat(), stdout=out)
    assert "1 chases sent" in out.getvalue()
    assert oversight_deadline_sweep(_day(-3).isoformat()) == 0
    assert oversight_deadline_sweep(_day(-1).isoformat()) == 1


def test_the_beat_runs_the_task_every_morning() -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "oversight.deadline_sweep" in tasks


# --- Concurrency (PostgreSQL) ---------------------------------------------------------------

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
needs_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL")


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_chase_once(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions)")
    for n in range(3):
        open_item(cast, title=f"整改事项{n}", deadline=DEADLINE)
    threads_count = 4
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            barrier.wait()
            deadline_sweep(_day(1))
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
    assert DeadlineChase.objects.count() == 3
    told = Counter(
        (n.recipient.username, n.title)
        for n in Notification.objects.filter(kind="overdue").select_related("recipient")
    )
    # Each owner and head heard of each item once; the committee's digests name three items.
    assert set(told.values()) == {1}
    per_item = {(who, title) for who, title in told if title.startswith("已逾期")}
    assert len(per_item) == 6  # 3 items × (owner, head)
    digests = [title for who, title in told if who == "committee"]
    assert sum(int(title[0]) for title in digests) == 3
    assert Rectification.objects.count() == 3
