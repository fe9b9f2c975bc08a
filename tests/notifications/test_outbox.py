"""The outbox: delivered once, never twice; a broker that is down does not hold up the step."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from notifications.models import OutboxMessage
from notifications.outbox import outbox_deliver, outbox_drain
from notifications.tasks import deliver_outbox, drain_outbox
from tests.campaign_world import World
from workflow import services

pytestmark = pytest.mark.django_db


def submit(world: World) -> None:
    """The filler submits the department register: a workflow step whose notice to the signer
    (the leader in charge, who has an address) goes out through the outbox."""
    services.register_submit(register=world.dept_register, actor=world.cast.filler)


def test_eager_delivery_on_commit(world: World, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        submit(world)
    message = OutboxMessage.objects.get()
    assert message.sent_at is not None
    assert message.attempts == 1
    assert len(mail.outbox) == 1
    # The drain and a redelivered task find nothing left to send.
    assert drain_outbox.delay().get() == 0
    assert deliver_outbox.delay(message.pk).get() is False
    assert len(mail.outbox) == 1


def test_nothing_is_sent_before_commit(world: World) -> None:
    submit(world)  # the test's transaction never commits: no on_commit callback runs
    assert OutboxMessage.objects.get().sent_at is None
    assert mail.outbox == []
    assert outbox_drain() == 1
    assert outbox_drain() == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_stays_pending_and_is_retried(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit(world)
    message = OutboxMessage.objects.get()

    def broken_send(self: object, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    assert outbox_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.sent_at, message.attempts) == (None, 1)
    assert "SMTP server down" in message.last_error
    monkeypatch.undo()
    assert outbox_drain() == 0  # backs off a minute after a failure
    OutboxMessage.objects.filter(pk=message.pk).update(
        last_attempt_at=timezone.now() - timedelta(minutes=1)
    )
    assert outbox_drain() == 1
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.last_error == ""
    assert len(mail.outbox) == 1


def use_broker(url: str, *, eager: bool) -> None:
    """Switch the app to another broker: drop its cached connection and producer pools, the way
    Celery itself does after a fork, so that the next publish connects to `url`."""
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = eager
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Point Celery at a closed port, as if Redis were down, and stop running tasks eagerly."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    use_broker("redis://127.0.0.1:9/0", eager=False)
    yield
    use_broker(saved[0], eager=saved[1])


def test_broker_down_the_step_returns_quickly_and_drain_delivers_once(
    world: World, broker_down: None, django_capture_on_commit_callbacks
) -> None:
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        submit(world)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"the step waited {elapsed:.1f}s for a dead broker"
    message = OutboxMessage.objects.get()
    assert message.sent_at is None
    assert mail.outbox == []
    # Beat's drain (run here directly) delivers it; a late direct task then finds it sent.
    assert outbox_drain() == 1
    assert outbox_deliver(message_id=message.pk) is False
    assert len(mail.outbox) == 1


def test_mailed_links_are_absolute(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    settings.SITE_URL = "https://qinglian.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        submit(world)
    (message,) = mail.outbox
    path = reverse("registers:register_detail", args=[world.dept_register.pk])
    assert f"https://qinglian.example.org{path}" in message.body
