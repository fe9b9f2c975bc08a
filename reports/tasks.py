from celery import shared_task

from reports.services import export_job_execute, export_jobs_purge


@shared_task(name="reports.export_job_run")
def export_job_run(job_id: int) -> None:
    """Load the job by id and build it (the service does the work and records failures)."""
    export_job_execute(job_id=job_id)


@shared_task(name="reports.export_jobs_purge")
def export_jobs_purge_task() -> int:
    """Periodic: drop expired export files (see CELERY_BEAT_SCHEDULE)."""
    return export_jobs_purge()
