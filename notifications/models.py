from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registers.models import Register


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("待签字")
    SIGNED = "signed", _("待审核")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("待党组研究")
    DELIBERATED = "deliberated", _("待公示")
    PUBLISHED = "published", _("已公示")
    REOPENED = "reopened", _("重新修订")
    SIGNATURE_VOIDED = "signature_voided", _("签字失效")
    FEEDBACK = "feedback", _("监督反馈")
    REMINDER = "reminder", _("截止提醒")
    OVERDUE = "overdue", _("逾期督办")
    ACTION_ASSIGNED = "action_assigned", _("落实任务")
    OTHER = "other", _("通知")


class Notification(models.Model):
    """One message in a user's in-app inbox (the bell). Written in the same transaction as the
    step it reports; read_at is set when the user marks it read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    register = models.ForeignKey(
        Register,
        verbose_name=_("清单"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class OutboxMessage(models.Model):
    """An e-mail waiting to be delivered (the outbox). Written in the caller's transaction, so it
    exists exactly when the step it reports was committed; `sent_at` is set under a row lock in
    the same transaction as the sending, so the direct task and the drain never both send it."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("通知"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    to = models.EmailField(_("收件人"))
    subject = models.CharField(_("主题"), max_length=250)
    body = models.TextField(_("正文"))
    created_at = models.DateTimeField(_("创建时间"))
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_attempt_at = models.DateTimeField(_("最近尝试时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
