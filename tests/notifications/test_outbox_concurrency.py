"""Against the real PostgreSQL and Redis of .ci/run: e-mail queued while Redis is down is
delivered once it is back, by a real Celery worker, and a step with Redis up is mailed by it."""

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.core import mail
from django.db import connection

from config.celery import app as celery_app
from notifications.models import OutboxMessage
from notifications.tasks import deliver_outbox, drain_outbox
from tests.campaign_world import World
from tests.notifications.test_outbox import submit, use_broker

REDIS_URL = os.environ.get("REDIS_URL", "")
# Decided before any fixture runs, so that a skipped test builds nothing (connection.vendor below
# is checked too, in case DATABASE_URL names another engine).
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
needs_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL")


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions)")


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
        submit(world)  # a real commit: the on_commit hook really tries the dead broker
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
        submit(world)
        assert _wait_until(lambda: len(mail.outbox) == 1)
        time.sleep(0.5)
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().sent_at is not None
