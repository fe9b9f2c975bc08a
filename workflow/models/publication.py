from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registers.models import Campaign, Register


class PublishedVersion(models.Model):
    """A frozen copy of a register as it was published (公示): its entries as JSON and who
    signed it. Readers of published registers (staff and the public page) read these rows, so a
    register reopened as a new version keeps showing its published content until the next one
    is published."""

    register = models.ForeignKey(
        Register, verbose_name=_("清单"), on_delete=models.PROTECT, related_name="publications"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("排查工作"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=300)
    unit_name = models.CharField(_("单位"), max_length=200)
    level = models.CharField(_("层面"), max_length=12)
    level_label = models.CharField(_("层面名称"), max_length=40)
    entries = models.JSONField(_("风险点"), default=list)
    signers = models.JSONField(_("签字人"), default=list)
    digest = models.CharField(_("内容摘要"), max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公示人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公示时间"))
    unit_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("已公示版本")
        verbose_name_plural = _("已公示版本")
        ordering = ["campaign", "unit_order", "level", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "version"], name="published_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Feedback(models.Model):
    """A supervision opinion (监督意见) on a published register, from a staff member or an
    anonymous visitor of the public page; it lands in the discipline committee's inbox."""

    publication = models.ForeignKey(
        PublishedVersion,
        verbose_name=_("公示清单"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    text = models.TextField(_("意见内容"), max_length=2000)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_public = models.BooleanField(_("来自公开页面"), default=False)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"))
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling_note = models.TextField(_("处理情况"), blank=True)

    class Meta:
        verbose_name = _("监督意见")
        verbose_name_plural = _("监督意见")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]
