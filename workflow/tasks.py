"""Celery tasks: each loads by id (or takes a plain value) and calls a service. Tasks are
acknowledged late (settings), so a worker lost mid-task gets it redelivered; the services are
idempotent, so a redelivery sends nothing twice."""

from datetime import date

from celery import shared_task

from workflow.notifications import outbox_deliver, outbox_drain
from workflow.schedule import reminders_sweep


@shared_task(name="workflow.deliver_outbox", ignore_result=True)
def deliver_outbox(message_id: int) -> bool:
    """Send one queued e-mail (started on commit by the step that queued it)."""
    return outbox_deliver(message_id=message_id)


@shared_task(name="workflow.drain_outbox", ignore_result=True)
def drain_outbox() -> int:
    """Every minute: send whatever the direct tasks did not (broker down, worker lost)."""
    return outbox_drain()


@shared_task(name="workflow.sweep_reminders", ignore_result=True)
def sweep_reminders(today: str | None = None) -> int:
    """Every morning: deadline reminders and overdue notices. `today` (ISO date) lets an
    operator replay a missed day; the sweep sends each reminder at most once anyway."""
    result = reminders_sweep(today=date.fromisoformat(today) if today else None)
    return len(result.sent)
