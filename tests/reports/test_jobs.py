"""Export jobs whose worker died: the lease, the recovery sweep, the takeover by a later
delivery, the owner's retry button, his list of jobs and the notifications."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import actions
from audit.models import AuditEntry
from notifications.models import Notification
from orgs.models import User
from reports import services
from reports.choices import ExportKind, ExportState
from reports.models import ExportJob
from reports.services import export_job_execute, export_jobs_recover
from tests.clients import client_for
from tests.config.test_settings import manage
from tests.conftest import Cast
from tests.reports.conftest import Data

pytestmark = pytest.mark.django_db


def make_job(data: Data, owner: User, **fields: object) -> ExportJob:
    now = timezone.now()
    values: dict[str, object] = {
        "kind": ExportKind.ANNEX_XLSX,
        "params": {"register": data.dept_register.pk},
        "owner": owner,
        "expires_at": now + timedelta(days=1),
        "heartbeat_at": now,
        **fields,
    }
    return ExportJob.objects.create(**values)


def left_by_dead_worker(job: ExportJob, *, attempts: int) -> None:
    """What a killed worker leaves behind: running, part done, and a heartbeat that stopped
    well over a lease ago."""
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportState.RUNNING,
        attempts=attempts,
        progress=30,
        heartbeat_at=timezone.now() - timedelta(minutes=10),
    )


def test_sweep_requeues_a_dead_workers_job_then_fails_it_after_max_attempts(
    data: Data, cast: Cast, settings, django_capture_on_commit_callbacks
) -> None:
    settings.EXPORT_JOB_MAX_ATTEMPTS = 2
    job = make_job(data, cast.filler)
    left_by_dead_worker(job, attempts=1)
    with django_capture_on_commit_callbacks() as callbacks:
        result = export_jobs_recover()
    assert result.requeued == [job.pk] and not result.failed
    job.refresh_from_db()
    assert job.state == ExportState.PENDING and job.progress == 0 and job.attempts == 1
    assert len(callbacks) == 1  # published again, after commit
    assert AuditEntry.objects.filter(
        action=actions.EXPORT_JOB_REQUEUE, object_id=str(job.pk)
    ).exists()
    # Still on its way: nothing to tell its owner yet.
    assert not Notification.objects.filter(recipient=job.owner).exists()

    # The second worker dies as well: no attempt left, the job fails and its owner hears of it.
    left_by_dead_worker(job, attempts=2)
    told_before = set(Notification.objects.values_list("pk", flat=True))  # the workflow's
    with django_capture_on_commit_callbacks() as callbacks:
        result = export_jobs_recover()
    assert result.failed == [job.pk] and not result.requeued
    job.refresh_from_db()
    assert job.state == ExportState.FAILED and job.finished_at is not None
    assert "意外中断" in job.error and "2 次" in job.error
    assert not [c for c in callbacks if getattr(c, "func", None) is services._job_publish]
    notice = Notification.objects.exclude(pk__in=told_before).get()
    assert notice.recipient == cast.filler and notice.title.startswith("导出失败")
    assert notice.url == reverse("reports:job", args=[job.pk])
    assert AuditEntry.objects.filter(action=actions.EXPORT_JOB_FAIL, object_id=str(job.pk)).exists()
    # A sweep once more changes nothing.
    assert export_jobs_recover() == services.RecoveryResult()


def test_sweep_leaves_live_and_finished_jobs_alone(data: Data, cast: Cast) -> None:
    live = make_job(data, cast.filler, state=ExportState.RUNNING, attempts=1, progress=30)
    done = make_job(
        data,
        cast.filler,
        state=ExportState.DONE,
        heartbeat_at=timezone.now() - timedelta(hours=2),
    )
    assert export_jobs_recover() == services.RecoveryResult()
    live.refresh_from_db()
    done.refresh_from_db()
    assert (live.state, done.state) == (ExportState.RUNNING, ExportState.DONE)


def test_sweep_publishes_a_forgotten_pending_job_again(
    data: Data, cast: Cast, django_capture_on_commit_callbacks
) -> None:
    # Its message was lost (broker down when it was created): nobody claimed it for a long time.
    job = make_job(data, cast.filler, heartbeat_at=timezone.now() - timedelta(hours=1))
    fresh = make_job(data, cast.filler)
    with django_capture_on_commit_callbacks(execute=True):
        result = export_jobs_recover()
    assert result.republished == [job.pk]
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.state == ExportState.DONE and fresh.state == ExportState.PENDING


def test_delivery_takes_over_an_expired_lease_but_not_a_live_one(data: Data, cast: Cast) -> None:
    job = make_job(data, cast.filler, state=ExportState.RUNNING, attempts=1, progress=30)
    # A duplicate delivery while the first worker is alive and beating: left alone.
    export_job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.progress) == (ExportState.RUNNING, 1, 30)
    assert not job.file
    # The first worker died: the next delivery claims the job and builds it.
    left_by_dead_worker(job, attempts=1)
    export_job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts, job.progress) == (ExportState.DONE, 2, 100)
    assert job.file and job.filename.endswith(".xlsx")
    notice = Notification.objects.get(recipient=cast.filler)
    assert notice.title == f"导出已完成:{job.filename}"
    assert notice.url == reverse("reports:job", args=[job.pk])


def test_delivery_fails_an_expired_job_without_attempts_left(
    data: Data, cast: Cast, settings
) -> None:
    settings.EXPORT_JOB_MAX_ATTEMPTS = 3
    job = make_job(data, cast.filler)
    left_by_dead_worker(job, attempts=3)
    export_job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.FAILED and "3 次" in job.error
    assert Notification.objects.filter(recipient=cast.filler, title__startswith="导出失败").exists()


def test_a_superseded_worker_writes_nothing(data: Data, cast: Cast, monkeypatch) -> None:
    job = make_job(data, cast.filler)
    real_build = services.export_build

    def slow_build(**kwargs: object):  # type: ignore[no-untyped-def]
        # While this worker builds, its lease ran out and another delivery took the job over.
        ExportJob.objects.filter(pk=job.pk).update(attempts=2, heartbeat_at=timezone.now())
        return real_build(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "export_build", slow_build)
    export_job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.RUNNING and job.attempts == 2 and not job.file
    assert not Notification.objects.filter(recipient=job.owner).exists()


def test_a_build_error_fails_the_job_with_a_message_and_a_notice(
    data: Data, cast: Cast, monkeypatch
) -> None:
    def broken_build(**kwargs: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(services, "export_build", broken_build)
    job = make_job(data, cast.filler)
    export_job_execute(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == ExportState.FAILED and job.error.startswith("生成文件时出错")
    assert Notification.objects.filter(recipient=cast.filler, title__startswith="导出失败").exists()


def test_job_page_of_a_failed_job_stops_polling_and_offers_retry(data: Data, cast: Cast) -> None:
    job = make_job(data, cast.filler)
    left_by_dead_worker(job, attempts=3)
    export_jobs_recover()
    client = client_for(cast.filler)
    url = reverse("reports:job", args=[job.pk])
    for headers in ({}, {"HX-Request": "true"}):
        body = client.get(url, headers=headers).content.decode()
        assert f'hx-get="{url}"' not in body  # the status no longer polls
        assert "意外中断" in body
        assert reverse("reports:job_retry", args=[job.pk]) in body


def test_job_page_of_a_stalled_job_says_so_and_polls_slowly(data: Data, cast: Cast) -> None:
    job = make_job(data, cast.filler)
    left_by_dead_worker(job, attempts=1)
    body = client_for(cast.filler).get(reverse("reports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 5s"' in body
    assert 'data-testid="job-stalled"' in body


def test_retry_button_requeues_the_owners_failed_job(
    data: Data, cast: Cast, django_capture_on_commit_callbacks
) -> None:
    job = make_job(data, cast.filler, state=ExportState.FAILED, attempts=3, error="中断")
    url = reverse("reports:job_retry", args=[job.pk])
    # Nobody else may touch it, an administrator included; a GET does nothing.
    for other in (cast.head, cast.admin, cast.outsider):
        assert client_for(other).post(url).status_code == 404
    client = client_for(cast.filler)
    assert client.get(url).status_code == 405
    job.refresh_from_db()
    assert job.state == ExportState.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("reports:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == (ExportState.DONE, 1, "")
    assert (
        AuditEntry.objects.filter(action=actions.EXPORT_JOB_RETRY, actor=cast.filler).count() == 1
    )
    # A job that has not failed is not started again.
    response = client.post(url, follow=True)
    assert "只有失败的导出任务可以重试" in response.content.decode()
    assert AuditEntry.objects.filter(action=actions.EXPORT_JOB_RETRY).count() == 1


def test_my_jobs_lists_the_users_own_jobs(
    data: Data, cast: Cast, django_assert_num_queries
) -> None:
    mine = make_job(data, cast.filler, state=ExportState.FAILED, error="中断")
    theirs = make_job(data, cast.head)
    expired = make_job(data, cast.filler, expires_at=timezone.now() - timedelta(seconds=1))
    client = client_for(cast.filler)
    home = client.get(reverse("home")).content.decode()
    assert reverse("reports:my_jobs") in home  # in the navigation, for a filler too
    # 1 session, 2 user, 3 roles for the navigation, 4 the jobs, 5 the header bell's count.
    with django_assert_num_queries(5):
        body = client.get(reverse("reports:my_jobs")).content.decode()
    assert reverse("reports:job", args=[mine.pk]) in body
    assert reverse("reports:job", args=[theirs.pk]) not in body
    assert reverse("reports:job", args=[expired.pk]) not in body
    for _ in range(5):
        make_job(data, cast.filler, state=ExportState.DONE)
    with django_assert_num_queries(5):
        client.get(reverse("reports:my_jobs"))


@pytest.mark.django_db(transaction=True)  # the heartbeat thread writes on its own connection
def test_heartbeat_thread_keeps_the_lease_of_its_own_attempt_only(
    data: Data, cast: Cast, settings
) -> None:
    settings.EXPORT_JOB_HEARTBEAT_SECONDS = 0.05
    job = make_job(data, cast.filler)
    left_by_dead_worker(job, attempts=2)
    old = ExportJob.objects.get(pk=job.pk).heartbeat_at
    with services._heartbeat(job_id=job.pk, attempt=1):  # superseded: must not beat
        time.sleep(0.3)
    assert ExportJob.objects.get(pk=job.pk).heartbeat_at == old
    with services._heartbeat(job_id=job.pk, attempt=2):
        deadline = time.monotonic() + 5
        while ExportJob.objects.get(pk=job.pk).heartbeat_at == old:
            assert time.monotonic() < deadline, "no heartbeat"
            time.sleep(0.05)
    job.refresh_from_db()
    assert timezone.now() - job.heartbeat_at < timedelta(seconds=5)
    assert export_jobs_recover() == services.RecoveryResult()  # alive: not taken away


def test_celery_settings_back_the_recovery(settings) -> None:
    from config.celery import app

    # Late acknowledgement, requeued when the worker process dies: nothing is lost with it.
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    sweep = settings.CELERY_BEAT_SCHEDULE["reports-export-jobs-recover"]
    assert sweep["task"] in app.tasks
    assert sweep["schedule"] == timedelta(seconds=settings.EXPORT_JOB_SWEEP_SECONDS)
    # The broker redelivers a live task only after the longest export, long after the sweep.
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert (
        visibility >= 3600 > settings.EXPORT_JOB_LEASE_SECONDS + settings.EXPORT_JOB_SWEEP_SECONDS
    )
    assert settings.EXPORT_JOB_LEASE_SECONDS >= 3 * settings.EXPORT_JOB_HEARTBEAT_SECONDS


def test_a_fresh_process_knows_the_task_that_builds_a_job() -> None:
    # reports.services hands a job to the task by its name (the task module imports the services,
    # so they cannot import it back): a web process that never loaded reports.tasks would fail to
    # queue any job. ReportsConfig.ready loads it.
    code = (
        "from celery import current_app; from reports.services import EXPORT_JOB_TASK; "
        "print(EXPORT_JOB_TASK in current_app.tasks)"
    )
    result = manage("shell", "--no-imports", "-c", code, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
