"""Celery tasks of the outbox. Tasks are acknowledged late (settings), so a worker lost mid-task
gets it redelivered; delivery is idempotent, so a redelivery sends nothing twice."""

from celery import shared_task

from notifications.outbox import outbox_deliver, outbox_drain


@shared_task(name="notifications.deliver_outbox", ignore_result=True)
def deliver_outbox(message_id: int) -> bool:
    """Send one queued e-mail (started on commit by the step that queued it)."""
    return outbox_deliver(message_id=message_id)


@shared_task(name="notifications.drain_outbox", ignore_result=True)
def drain_outbox() -> int:
    """Every minute: send whatever the direct tasks did not (broker down, worker lost)."""
    return outbox_drain()
