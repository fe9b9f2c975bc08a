"""Writes of the reports app: an export (audited), and the export jobs of large ones.

An export job holds a lease on its row (`heartbeat_at`, see reports.models.ExportJob). A worker
claims the job under a row lock when it is pending, or running with an expired lease (its
worker died), and then touches the row from a heartbeat thread while it builds: a PDF of
thousands of entries is one WeasyPrint call of several minutes that reports no progress. The
recovery sweep (beat, every EXPORT_JOB_SWEEP_SECONDS) re-queues a running job whose lease
expired, or fails it after EXPORT_JOB_MAX_ATTEMPTS claims; its owner is notified when the job is
done or failed."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import actions
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import notify
from orgs.models import User
from registers.exceptions import DomainError
from reports.choices import EXPORT_AUDIT_ACTIONS, ExportState
from reports.exports import ExportFile, ExportParams, Progress, export_build, export_size
from reports.models import ExportJob
from reports.selectors import CampaignFigures, export_job_lease, export_job_stalled

logger = logging.getLogger(__name__)

JOB_LIFETIME = timedelta(days=1)
# A pending job nobody claimed for this many leases is published again: its message may have
# been lost (broker down when the job was created) or held by a worker that died before
# starting it. A duplicate is harmless: the claim lets one delivery build, the others return.
PENDING_PATIENCE_LEASES = 5
# What the sweep and the audit trail call the system when no person acted.
SYSTEM_ACTOR = "celery"
# The task that builds a job (reports/tasks.py), by name: the task module imports this one, so
# this one looks the task up in Celery's registry instead of importing it back
# (ReportsConfig.ready registers the tasks in every process).
EXPORT_JOB_TASK = "reports.export_job_run"


class JobNotRetryable(DomainError):
    default_message = gettext_lazy("只有失败的导出任务可以重试。")


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
    *,
    kind: str,
    params: ExportParams,
    actor: User | None,
    actor_name: str = "",
    figures: CampaignFigures | None = None,
) -> ExportFile | ExportJob:
    """Export at once, or hand a large export to a worker and return its job. The caller has
    already checked the actor's right to what `params` names; the statistics page passes the
    `figures` it computed for the viewer's scope, so the file shows what the page showed.
    Either way one audit row (reports.choices.EXPORT_AUDIT_ACTIONS) records who took what."""
    size = export_size(kind=kind, params=params)
    if actor is not None and size > export_threshold(kind):
        return export_job_create(kind=kind, params=params, owner=actor, size=size)
    result = export_build(kind=kind, params=params, figures=figures)
    with transaction.atomic():
        audit_record(
            action=EXPORT_AUDIT_ACTIONS[kind],
            actor=actor,
            actor_name=actor_name,
            data={**params, "entries": size, "filename": result.filename},
        )
    return result


def export_job_create(*, kind: str, params: ExportParams, owner: User, size: int = 0) -> ExportJob:
    """Queue a large export; the worker starts once the job row is committed."""
    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind,
            params=params,
            owner=owner,
            expires_at=timezone.now() + JOB_LIFETIME,
            heartbeat_at=timezone.now(),
        )
        audit_record(
            action=EXPORT_AUDIT_ACTIONS[kind],
            actor=owner,
            obj=job,
            data={**params, "entries": size, "async": True},
        )
        transaction.on_commit(partial(_job_publish, job.pk))
    return job


def _job_publish(job_id: int) -> None:
    """Hand the job to Celery (after commit). A broker that is down must not fail the request
    whose job already committed: log it; the sweep publishes a job left pending again."""
    task = current_app.tasks[EXPORT_JOB_TASK]  # outside the try: a missing task is a bug
    try:
        task.delay(job_id)
    except Exception:
        logger.warning(
            "Could not enqueue export job %s (broker unreachable?); the sweep will retry",
            job_id,
            exc_info=True,
        )


def _mine(job_id: int, attempt: int) -> QuerySet[ExportJob]:
    """The job's row while this attempt still holds it: a superseded worker writes nothing."""
    return ExportJob.objects.filter(pk=job_id, state=ExportState.RUNNING, attempts=attempt)


def _job_progress(job_id: int, attempt: int) -> Progress:
    def report(percent: int) -> None:
        _mine(job_id, attempt).update(
            progress=max(1, min(99, percent)), heartbeat_at=timezone.now()
        )

    return report


@contextmanager
def _heartbeat(*, job_id: int, attempt: int) -> Iterator[None]:
    """Touch the job's lease from a thread while the body runs. The thread dies with the worker
    process, which is the point: a killed worker stops beating and its lease runs out."""
    stop = threading.Event()
    interval = settings.EXPORT_JOB_HEARTBEAT_SECONDS

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    _mine(job_id, attempt).update(heartbeat_at=timezone.now())
                except Exception:
                    # A lost database connection: try again at the next beat; the lease allows
                    # a few misses before anyone takes the job over.
                    logger.warning("Heartbeat of export job %s failed", job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections only

    thread = threading.Thread(target=beat, name=f"export-job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval)


def _job_claim(*, job_id: int) -> tuple[ExportJob | None, int | None]:
    """Take the job for this worker: (job, attempt number) when claimed, (job, None) when
    someone else holds a live lease or the job is over, (None, None) when it was purged."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None, None
        now = timezone.now()
        if job.state == ExportState.RUNNING and not export_job_stalled(job):
            return job, None  # a live worker builds it (e.g. a redelivered duplicate)
        if job.state not in (ExportState.PENDING, ExportState.RUNNING):
            return job, None
        if job.attempts >= settings.EXPORT_JOB_MAX_ATTEMPTS:
            _job_fail_crashed(job, now=now)
            return job, None
        job.state = ExportState.RUNNING
        job.attempts += 1
        job.progress = 1
        job.heartbeat_at = now
        job.error = ""
        job.save(update_fields=["state", "attempts", "progress", "heartbeat_at", "error"])
        return job, job.attempts


def export_job_execute(*, job_id: int) -> ExportJob | None:
    """Build the job's file (in the worker). A failure is recorded on the job, not raised: the
    page polling it shows the message, and the owner is notified either way. Returns the job as
    it stands (None if it was purged meanwhile)."""
    job, attempt = _job_claim(job_id=job_id)
    if job is None or attempt is None:
        return job
    try:
        with _heartbeat(job_id=job.pk, attempt=attempt):
            result = export_build(
                kind=job.kind, params=job.params, progress=_job_progress(job.pk, attempt)
            )
    except Exception as error:
        # The details go to the log; the owner gets a message he can act on.
        logger.exception("Export job %s failed", job.pk)
        message = _("生成文件时出错(%(error)s)。可点击“重试”再试一次;如仍失败,请联系管理员。") % {
            "error": type(error).__name__
        }
        return _job_finish(job_id=job.pk, attempt=attempt, error=message)
    return _job_finish(job_id=job.pk, attempt=attempt, result=result)


def _job_finish(
    *, job_id: int, attempt: int, result: ExportFile | None = None, error: str = ""
) -> ExportJob | None:
    with transaction.atomic():
        job = _mine(job_id, attempt).select_for_update().first()
        if job is None:
            # Another attempt took the job over, or the sweep failed it, while this worker was
            # too slow to beat: that outcome stands and this result is dropped.
            logger.warning("Export job %s attempt %s was superseded", job_id, attempt)
            return ExportJob.objects.filter(pk=job_id).first()
        job.finished_at = timezone.now()
        if result is None:
            job.state = ExportState.FAILED
            job.error = error[:500]
            job.save(update_fields=["state", "error", "finished_at"])
        else:
            job.file.save(result.filename, ContentFile(result.content), save=False)
            job.filename = result.filename
            job.state = ExportState.DONE
            job.progress = 100
            job.save(update_fields=["file", "filename", "state", "progress", "finished_at"])
        _job_notify(job)
    return job


def _job_fail_crashed(job: ExportJob, *, now: datetime) -> None:
    """Fail a job (locked by the caller) on which every allowed attempt lost its worker."""
    job.state = ExportState.FAILED
    job.error = _(
        "生成过程中后台进程意外中断,已尝试 %(attempts)d 次仍未完成。"
        "可点击“重试”再试一次;如仍失败,请联系管理员。"
    ) % {"attempts": job.attempts}
    job.finished_at = now
    job.save(update_fields=["state", "error", "finished_at"])
    audit_record(
        action=actions.EXPORT_JOB_FAIL,
        actor_name=SYSTEM_ACTOR,
        obj=job,
        data={"attempts": job.attempts, "reason": "worker lost"},
    )
    _job_notify(job)


def _job_notify(job: ExportJob) -> None:
    """Tell the owner his job is done or failed (in the caller's transaction)."""
    if job.state == ExportState.DONE:
        title = _("导出已完成:%(name)s") % {"name": job.filename}
        body = _("文件保留至 %(expires)s,请及时下载。") % {
            "expires": timezone.localtime(job.expires_at).strftime("%Y-%m-%d %H:%M")
        }
    else:
        title = _("导出失败:%(kind)s") % {"kind": job.get_kind_display()}
        body = job.error
    notify(
        recipients=[job.owner],
        kind=NotificationKind.OTHER,
        title=title,
        body=body,
        url=reverse("reports:job", args=[job.pk]),
    )


@dataclass
class RecoveryResult:
    """What one sweep did, by job id."""

    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    republished: list[int] = field(default_factory=list)


def export_jobs_recover() -> RecoveryResult:
    """The sweep (beat, every EXPORT_JOB_SWEEP_SECONDS): a running job whose lease expired lost
    its worker; it is queued again while it has attempts left, otherwise failed with a message
    and its owner notified. A pending job nobody claimed for PENDING_PATIENCE_LEASES leases is
    published again. Each job is handled in its own transaction, under its row lock, skipping
    one a worker holds at that moment; running it twice at once does nothing twice."""
    result = RecoveryResult()
    now = timezone.now()
    stale = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - export_job_lease())
    for job_id in ExportJob.objects.filter(stale, state=ExportState.RUNNING).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            job = (
                ExportJob.objects.select_for_update(skip_locked=True)
                .filter(pk=job_id, state=ExportState.RUNNING)
                .first()
            )
            if job is None or not export_job_stalled(job):
                continue  # finished, or its worker beat meanwhile
            if job.attempts >= settings.EXPORT_JOB_MAX_ATTEMPTS:
                _job_fail_crashed(job, now=timezone.now())
                result.failed.append(job.pk)
                continue
            job.state = ExportState.PENDING
            job.progress = 0
            job.heartbeat_at = timezone.now()
            job.save(update_fields=["state", "progress", "heartbeat_at"])
            audit_record(
                action=actions.EXPORT_JOB_REQUEUE,
                actor_name=SYSTEM_ACTOR,
                obj=job,
                data={"attempts": job.attempts, "reason": "worker lost"},
            )
            transaction.on_commit(partial(_job_publish, job.pk))
            result.requeued.append(job.pk)
    patience = now - PENDING_PATIENCE_LEASES * export_job_lease()
    forgotten = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=patience)
    for job_id in ExportJob.objects.filter(forgotten, state=ExportState.PENDING).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            touched = ExportJob.objects.filter(
                forgotten, pk=job_id, state=ExportState.PENDING
            ).update(heartbeat_at=timezone.now())
            if touched:
                transaction.on_commit(partial(_job_publish, job_id))
                result.republished.append(job_id)
    if result.requeued or result.failed:
        logger.warning(
            "Export jobs whose worker died: requeued %s, failed %s", result.requeued, result.failed
        )
    return result


def export_job_retry(*, job: ExportJob, actor: User) -> ExportJob:
    """The owner starts a failed job again (the 重试 button): a fresh set of attempts and a
    fresh day to download it."""
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().get(pk=job.pk)
        if locked.owner_id != actor.pk or locked.state != ExportState.FAILED:
            raise JobNotRetryable
        now = timezone.now()
        locked.state = ExportState.PENDING
        locked.attempts = 0
        locked.progress = 0
        locked.error = ""
        locked.finished_at = None
        locked.heartbeat_at = now
        locked.expires_at = now + JOB_LIFETIME
        locked.save(
            update_fields=[
                "state",
                "attempts",
                "progress",
                "error",
                "finished_at",
                "heartbeat_at",
                "expires_at",
            ]
        )
        audit_record(
            action=actions.EXPORT_JOB_RETRY, actor=actor, obj=locked, data={"kind": locked.kind}
        )
        transaction.on_commit(partial(_job_publish, locked.pk))
    return locked


def export_jobs_purge() -> int:
    """Delete expired jobs and their files (run daily by Celery beat). Returns how many."""
    expired = list(ExportJob.objects.filter(expires_at__lte=timezone.now()))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
