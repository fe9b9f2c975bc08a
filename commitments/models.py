from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commitments.choices import CommitmentKind, CommitmentState
from orgs.models import Unit
from registers.models import Campaign, Register


class CommitmentText(models.Model):
    """The commitment text (承诺内容) a campaign gives one kind of letter; the letters generated
    after it is changed carry the new text, signed ones keep theirs."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("排查工作"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=CommitmentKind.choices)
    text = models.TextField(_("承诺内容"), max_length=8000)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("承诺内容")
        verbose_name_plural = _("承诺内容")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="commitment_text_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_kind_display()}"


class Commitment(models.Model):
    """One letter (承诺书 or 报告书) generated from a published register: the person's (personal
    and report), the department's or the unit's. Signed with the password-and-digest signature
    of registers; department and unit letters are then published (公示)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("排查工作"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=CommitmentKind.choices)
    register = models.ForeignKey(
        Register, verbose_name=_("依据清单"), on_delete=models.PROTECT, related_name="commitments"
    )
    register_version = models.PositiveIntegerField(_("清单版本"), default=1)
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位/部门"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承诺人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=CommitmentState.choices, default=CommitmentState.UNSIGNED
    )
    text = models.TextField(_("承诺内容"))
    # The register's risks at generation, [{category, risk, grade, measures}, ...]: the letter
    # lists them; signing binds to the digest of the text and these rows.
    risks = models.JSONField(_("风险点"), default=list)
    digest = models.CharField(_("内容摘要"), max_length=64, blank=True)
    # Who is to sign, fixed at generation: the person himself, the department's head, the
    # unit's principal. Visibility and the tracker read it, so a letter has one signer.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("应签字人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments_to_sign",
    )
    sign_by = models.DateField(_("签字期限"), null=True, blank=True)
    # Set when a newer published version of the register generated letters of its own: the
    # letter is no longer expected (a signed one stays, signed, as a record).
    superseded_at = models.DateTimeField(_("被新版本取代时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签字人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签字时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("承诺书")
        verbose_name_plural = _("承诺书")
        ordering = ["campaign", "unit__order", "kind", "id"]
        constraints = [
            # A post register gives a letter to each holder of the post, a department or unit
            # register one letter with no person.
            models.UniqueConstraint(
                fields=["register", "register_version", "kind", "person"],
                condition=models.Q(person__isnull=False),
                name="commitment_unique_per_person",
            ),
            models.UniqueConstraint(
                fields=["register", "register_version", "kind"],
                condition=models.Q(person__isnull=True),
                name="commitment_unique",
            ),
        ]

    def __str__(self) -> str:
        who = self.person.name if self.person is not None else self.unit.name
        return f"{who} · {self.get_kind_display()}"
