"""Against the real PostgreSQL and Redis of .ci/run: concurrent sweeps, and e-mail queued while
Redis is down delivered once it is back, by a real Celery worker."""

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from config.celery import app as celery_app
from notifications.models import Notification, OutboxMessage
from notifications.tasks import deliver_outbox, drain_outbox
from schedule.models import Reminder
from schedule.services import reminders_sweep
from tests.campaign_world import DEADLINE, World
from tests.notifications.test_outbox import use_broker
from workflow.models import Transition
from workflow.notices import queue_transition_notifications

REDIS_URL = os.environ.get("REDIS_URL", "")
# Decided before any fixture runs, so that a skipped test builds nothing (connection.vendor below
# is checked too, in case DATABASE_URL names another engine).
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
needs_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL")


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions)")


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_reminder_once(world: World) -> None:
    _postgres_only()
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


@contextmanager
def running_worker() -> Iterator[None]:
    """A real Celery worker in a thread, consuming from the Redis of REDIS_URL."""
    from celery.contrib.testing.worker import start_worker

    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    use_broker(REDIS_URL, eager=False)
    celery_app.control.purge()  # left-overs of an earlier run must not be counted
    try:
        with start_worker(
            celery_app,
            pool="solo",
            perform_ping_check=False,
            shutdown_timeout=20,
            loglevel="WARNING",
        ):
            yield
    finally:
        use_broker(saved[0], eager=saved[1])


@contextmanager
def redis_down() -> Iterator[None]:
    """Celery pointed at a closed port, as when Redis is down."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    use_broker("redis://127.0.0.1:9/0", eager=False)
    try:
        yield
    finally:
        use_broker(saved[0], eager=saved[1])


def _submit(world: World) -> None:
    with transaction.atomic():
        transition = Transition.objects.create(
            register=world.dept_register,
            action="submit",
            from_state="draft",
            to_state="submitted",
            actor=world.cast.filler,
            version=1,
            revision=0,
            created_at=timezone.now(),
        )
        queue_transition_notifications(transition=transition)


def _wait_until(predicate: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.redis
@needs_redis
@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_redis_down_then_back_delivers_once(world: World) -> None:
    _postgres_only()
    if not REDIS_URL:
        pytest.skip("needs REDIS_URL")
    with redis_down():
        started = time.monotonic()
        _submit(world)  # a real commit: the on_commit hook really tries the dead broker
        assert time.monotonic() - started < 5, "the step waited for a dead broker"
    message = OutboxMessage.objects.get()
    assert message.sent_at is None
    assert mail.outbox == []

    with running_worker():
        # Redis is back: beat's drain and a late direct task race for the same message.
        drain_outbox.delay()
        deliver_outbox.delay(message.pk)
        drain_outbox.delay()
        assert _wait_until(lambda: OutboxMessage.objects.filter(sent_at__isnull=False).exists())
        time.sleep(1.5)  # let the other two tasks run too
    assert [m.to for m in mail.outbox] == [["leader@example.org"]]
    message.refresh_from_db()
    assert message.attempts == 1


@pytest.mark.redis
@needs_redis
@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_step_with_redis_up_is_mailed_by_the_worker(world: World) -> None:
    _postgres_only()
    if not REDIS_URL:
        pytest.skip("needs REDIS_URL")
    with running_worker():
        _submit(world)
        assert _wait_until(lambda: len(mail.outbox) == 1)
        time.sleep(0.5)
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().sent_at is not None
