"""The oversight deadline sweep as a Celery task (beat starts it each morning)."""

from datetime import date

from celery import shared_task

from oversight.rectification.sweep import deadline_sweep


@shared_task(name="oversight.deadline_sweep", ignore_result=True)
def oversight_deadline_sweep(today: str | None = None) -> int:
    """Every morning: reminders before the deadlines of rectification items and actions, overdue
    notices after them. `today` (ISO date) replays a missed day; each chase goes out once anyway."""
    result = deadline_sweep(date.fromisoformat(today) if today else None)
    return len(result.sent)
