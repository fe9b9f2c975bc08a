"""The async path with a real Celery worker on Redis (and PostgreSQL, which the worker's thread
shares with the test): skipped on the embedded defaults."""

import os
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from reports.choices import ExportKind, ExportState
from reports.models import ExportJob
from tests.conftest import Cast
from tests.reports.conftest import Data

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    # Decided before the fixtures run (they need the database this test is about).
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs REDIS_URL and PostgreSQL",
    ),
]


def test_large_export_is_built_by_a_worker(data: Data, cast: Cast, settings) -> None:
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    settings.EXPORT_ASYNC_THRESHOLD = 5
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
            client = Client()
            client.force_login(cast.head)
            url = reverse("reports:register_export", args=[data.dept_register.pk, "xlsx"])
            response = client.get(url)
            job = ExportJob.objects.get()
            assert response.status_code == 302
            deadline = time.monotonic() + 60
            while job.state in (ExportState.PENDING, ExportState.RUNNING):
                assert time.monotonic() < deadline, "the worker did not finish the export"
                time.sleep(0.2)
                job.refresh_from_db()
    finally:
        app.conf.task_always_eager = True
    assert job.state == ExportState.DONE, job.error
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200


def test_job_left_by_a_dead_worker_is_finished_by_a_worker_after_the_sweep(
    data: Data, cast: Cast
) -> None:
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from reports.tasks import export_jobs_recover_task

    # What a worker killed mid-render leaves behind: running at 30%, its heartbeat stopped.
    job = ExportJob.objects.create(
        kind=ExportKind.ANNEX_XLSX,
        params={"register": data.dept_register.pk},
        owner=cast.filler,
        state=ExportState.RUNNING,
        attempts=1,
        progress=30,
        heartbeat_at=timezone.now() - timedelta(minutes=10),
        expires_at=timezone.now() + timedelta(days=1),
    )
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
            export_jobs_recover_task.delay()  # as beat does every EXPORT_JOB_SWEEP_SECONDS
            deadline = time.monotonic() + 60
            while job.state != ExportState.DONE:
                assert time.monotonic() < deadline, f"job still {job.state}: {job.error}"
                assert job.state != ExportState.FAILED, job.error
                time.sleep(0.2)
                job.refresh_from_db()
    finally:
        app.conf.task_always_eager = True
    assert job.attempts == 2 and job.progress == 100
    assert Notification.objects.filter(recipient=cast.filler, url__endswith=f"/{job.pk}/").exists()
    client = Client()
    client.force_login(cast.filler)
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 200
