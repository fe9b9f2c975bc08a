"""The yearly snapshot of the integrity files as a Celery task (beat starts it on 1 January)."""

from celery import shared_task
from django.utils import timezone

from archives.services import archives_snapshot


@shared_task(name="archives.snapshot_archives", ignore_result=True)
def snapshot_archives(year: int | None = None) -> int:
    """Freeze every file of `year` (by default the year just ended); once per subject and year,
    so a replay adds only what is missing. Returns how many snapshots were made."""
    target = year if year is not None else timezone.localdate().year - 1
    return archives_snapshot(year=target, actor_name="celery beat").created
