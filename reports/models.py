from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.choices import ExportKind, ExportState


class ExportJob(models.Model):
    """A large export built by a Celery worker: its progress, the file when ready, and who may
    download it (only its owner, until it expires).

    A running job holds a lease on its row: the worker touches `heartbeat_at` every
    EXPORT_JOB_HEARTBEAT_SECONDS while it builds, so a job whose heartbeat is older than
    EXPORT_JOB_LEASE_SECONDS lost its worker (killed, out of memory, host gone) and is taken over
    or failed by the recovery sweep (reports.services.export_jobs_recover). `attempts` counts
    the claims; it also fences a superseded worker, whose late result is then discarded."""

    kind = models.CharField(_("类型"), max_length=20, choices=ExportKind.choices)
    params = models.JSONField(_("参数"), default=dict)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=ExportState.choices, default=ExportState.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    error = models.TextField(_("错误"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    # Pending: when it was (re)queued; running: the worker's last sign of life. Null only on
    # rows from before the lease existed, which count as expired.
    heartbeat_at = models.DateTimeField(_("心跳时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"))

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="reports_job_lease_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
