from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from archives.choices import AccessState, RecordKind
from orgs.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _person(verbose_name: "StrOrPromise", *, null: bool = False) -> "models.ForeignKey[Any, Any]":
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name="+",
    )


class IntegrityRecord(models.Model):
    """A talk, a 述廉 report or a declaration the committee records in a person's file.
    Uploads (the report itself) are oversight attachments of the record."""

    person = _person(_("本人"))
    kind = models.CharField(_("类型"), max_length=20, choices=RecordKind.choices)
    occurred_on = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"), max_length=8000, blank=True)
    recorded_by = _person(_("记录人"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("廉政档案记录")
        verbose_name_plural = _("廉政档案记录")
        ordering = ["person", "-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.title}"


class AccessRequest(models.Model):
    """A request to read (调阅) one person's or one unit's file, decided by the committee; an
    approval opens the file to the requester until `valid_until`."""

    requester = _person(_("申请人"))
    person = _person(_("调阅对象(个人)"), null=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("调阅对象(单位)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("调阅事由"), max_length=2000)
    days = models.PositiveSmallIntegerField(_("调阅期限(天)"), default=7)
    state = models.CharField(
        _("状态"), max_length=12, choices=AccessState.choices, default=AccessState.PENDING
    )
    decided_by = _person(_("审批人"), null=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), max_length=2000, blank=True)
    valid_until = models.DateTimeField(_("有效期至"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("档案调阅申请")
        verbose_name_plural = _("档案调阅申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="access_request_one_subject",
            ),
            # One pending request per requester and file (two submissions at once included).
            models.UniqueConstraint(
                fields=["requester", "person"],
                condition=Q(state=AccessState.PENDING, person__isnull=False),
                name="access_request_one_pending_per_person",
            ),
            models.UniqueConstraint(
                fields=["requester", "unit"],
                condition=Q(state=AccessState.PENDING, unit__isnull=False),
                name="access_request_one_pending_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.person or self.unit}"


class ArchiveSnapshot(models.Model):
    """The file of one person or one unit as it stood at the end of a year (年度存档)."""

    person = _person(_("本人"), null=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveIntegerField(_("年度"))
    content = models.JSONField(_("档案内容"), default=dict)
    digest = models.CharField(_("内容摘要"), max_length=64)
    created_at = models.DateTimeField(_("存档时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("廉政档案年度存档")
        verbose_name_plural = _("廉政档案年度存档")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="archive_snapshot_one_subject",
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="archive_snapshot_unique_person_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="archive_snapshot_unique_unit_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} · {self.year}"
