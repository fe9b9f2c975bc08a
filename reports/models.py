from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.choices import ExportKind, ExportState


class ExportJob(models.Model):
    """A large export built by a Celery worker: its progress, the file when ready, and who may
    download it (only its owner, until it expires)."""

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
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"))

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
