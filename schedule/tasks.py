"""The daily sweep as a Celery task (beat starts it each morning)."""

from datetime import date

from celery import shared_task

from schedule.services import reminders_sweep


@shared_task(name="schedule.sweep_reminders", ignore_result=True)
def sweep_reminders(today: str | None = None) -> int:
    """Every morning: deadline reminders and overdue notices. `today` (ISO date) lets an
    operator replay a missed day; the sweep sends each reminder at most once anyway."""
    result = reminders_sweep(today=date.fromisoformat(today) if today else None)
    return len(result.sent)
