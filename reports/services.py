"""Writes of the reports app: an export (audited), and the export jobs of large ones."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from orgs.models import User
from reports.choices import ExportState
from reports.exports import ExportFile, Progress, export_build, export_size
from reports.models import ExportJob

JOB_LIFETIME = timedelta(days=1)


def export_threshold(kind: str) -> int:
    """Entries above which an export goes to a worker. A PDF lays out about ten times slower
    than a workbook (bench/export_bench.py: 1,000 entries ≈ 11 s), so unless
    EXPORT_ASYNC_THRESHOLD_PDF says otherwise it goes async at a quarter of the xlsx threshold,
    keeping every synchronous request within a few seconds."""
    threshold = int(getattr(settings, "EXPORT_ASYNC_THRESHOLD", 2000))
    if kind.endswith("_pdf"):
        return int(getattr(settings, "EXPORT_ASYNC_THRESHOLD_PDF", threshold // 4))
    return threshold


def export_run(
    *, kind: str, params: dict[str, Any], actor: User | None, actor_name: str = "", **extra: Any
) -> ExportFile | ExportJob:
    """Export at once, or hand a large export to a worker and return its job. The caller has
    already checked the actor's right to what `params` names. Either way one audit row
    "export.<kind>" records who took what."""
    size = export_size(kind=kind, params=params)
    if actor is not None and size > export_threshold(kind):
        return export_job_create(kind=kind, params=params, owner=actor, size=size)
    result = export_build(kind=kind, params=params, **extra)
    with transaction.atomic():
        audit_record(
            action=f"export.{kind}",
            actor=actor,
            actor_name=actor_name,
            data={**params, "entries": size, "filename": result.filename},
        )
    return result


def export_job_create(
    *, kind: str, params: dict[str, Any], owner: User, size: int = 0
) -> ExportJob:
    """Queue a large export; the worker starts once the job row is committed."""
    from reports.tasks import export_job_run  # the task module imports this one

    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind,
            params=params,
            owner=owner,
            expires_at=timezone.now() + JOB_LIFETIME,
        )
        audit_record(
            action=f"export.{kind}",
            actor=owner,
            obj=job,
            data={**params, "entries": size, "async": True},
        )
        transaction.on_commit(lambda: export_job_run.delay(job.pk))
    return job


def _job_progress(job_id: int) -> Progress:
    def report(percent: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(progress=max(1, min(99, percent)))

    return report


def export_job_execute(*, job_id: int) -> ExportJob:
    """Build the job's file (in the worker). A failure is recorded on the job, not raised: the
    page polling it shows the message."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.state != ExportState.PENDING:
            return job
        job.state = ExportState.RUNNING
        job.progress = 1
        job.save(update_fields=["state", "progress"])
    try:
        result = export_build(kind=job.kind, params=job.params, progress=_job_progress(job.pk))
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportState.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        job.file.save(result.filename, ContentFile(result.content), save=False)
        job.filename = result.filename
        job.state = ExportState.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "filename", "state", "progress", "finished_at"])
    return job


def export_jobs_purge() -> int:
    """Delete expired jobs and their files (run daily by Celery beat). Returns how many."""
    expired = list(ExportJob.objects.filter(expires_at__lte=timezone.now()))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
