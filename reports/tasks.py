"""Celery tasks of the reports: each loads by id and calls a service. Acknowledged late and
requeued when their worker dies (settings); the services make a second delivery harmless."""

from celery import shared_task

from reports.services import (
    EXPORT_JOB_TASK,
    export_job_execute,
    export_jobs_purge,
    export_jobs_recover,
)


@shared_task(name=EXPORT_JOB_TASK, ignore_result=True)
def export_job_run(job_id: int) -> None:
    """Load the job by id and build it (the service claims the job, does the work and records
    failures; a job another live worker holds, or one already over, is left alone)."""
    export_job_execute(job_id=job_id)


@shared_task(name="reports.export_jobs_recover", ignore_result=True)
def export_jobs_recover_task() -> dict[str, list[int]]:
    """Periodic: re-queue or fail the jobs whose worker died (see CELERY_BEAT_SCHEDULE)."""
    result = export_jobs_recover()
    return {
        "requeued": result.requeued,
        "failed": result.failed,
        "republished": result.republished,
    }


@shared_task(name="reports.export_jobs_purge")
def export_jobs_purge_task() -> int:
    """Periodic: drop expired export files (see CELERY_BEAT_SCHEDULE)."""
    return export_jobs_purge()
