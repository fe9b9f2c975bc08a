from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registers.choices import RegisterState
from registers.models import Register
from workflow.transitions import ACTION_LABELS


class Transition(models.Model):
    """One immutable step of a register's workflow: who moved it from which state to which, when,
    from where, and why. Written only by the services of workflow/, in the same transaction as the
    state change."""

    register = models.ForeignKey(
        Register, verbose_name=_("清单"), on_delete=models.PROTECT, related_name="transitions"
    )
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=12, choices=RegisterState.choices)
    to_state = models.CharField(_("新状态"), max_length=12, choices=RegisterState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("意见"), blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"))
    revision = models.PositiveIntegerField(_("修订号"))
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        ordering = ["register", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.register} {self.get_from_state_display()}→{self.get_to_state_display()}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


class Signature(models.Model):
    """A sign-off (签字): the signer, the time and a digest of the register's content at that
    moment. A later change of the content makes `voided_at` set (the signature no longer holds)."""

    register = models.ForeignKey(
        Register, verbose_name=_("清单"), on_delete=models.PROTECT, related_name="signatures"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签字人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签字时间"))
    digest = models.CharField(_("内容摘要"), max_length=64)
    version = models.PositiveIntegerField(_("版本"))
    revision = models.PositiveIntegerField(_("修订号"))
    voided_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    void_reason = models.CharField(_("失效原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("签字")
        verbose_name_plural = _("签字")
        ordering = ["register", "-signed_at"]

    def __str__(self) -> str:
        return f"{self.signer} {self.signed_at:%Y-%m-%d}"
