from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.choices import PRINCIPAL_UNIT_KINDS, UnitKind


class Unit(models.Model):
    """A node of the org tree: the bureau, an internal department, a branch or an affiliated unit.

    `head` is the unit's principal (单位主要负责人) for a bureau, branch or affiliated unit, and
    the department head (部门负责人) for a department. `leader_in_charge` is the member of the
    leadership who oversees the unit (分管领导); a deputy's 分管 range is the units naming him.
    """

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(_("编码"), max_length=30, unique=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head = models.ForeignKey(
        "orgs.User",
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    leader_in_charge = models.ForeignKey(
        "orgs.User",
        verbose_name=_("分管领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="overseen_units",
    )

    class Meta:
        verbose_name = _("单位/部门")
        verbose_name_plural = _("单位/部门")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_principal_unit(self) -> bool:
        """True for a unit whose head is a principal: the bureau, a branch, an affiliated unit."""
        return self.kind in PRINCIPAL_UNIT_KINDS


class Post(models.Model):
    """A position (岗位) in a unit; key posts (重点岗位) get a post-level register of their own."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), on_delete=models.CASCADE, related_name="posts"
    )
    name = models.CharField(_("岗位名称"), max_length=100)
    is_key = models.BooleanField(
        _("重点岗位"),
        default=False,
        help_text=_("审批、执法、资金、人事、采购等重点岗位"),
    )
    duties = models.TextField(_("岗位职责"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["unit__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="post_unique_name_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}·{self.name}"


class User(AbstractUser):
    """A person of the organization. Roles follow from the org (see orgs.roles), not from flags,
    except the two organization-wide bodies: the discipline committee and the party group."""

    name = models.CharField(_("姓名"), max_length=50)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所在单位/部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("岗位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="holders",
    )
    job_title = models.CharField(_("职务"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_committee_member = models.BooleanField(
        _("纪委成员"), default=False, help_text=_("机关纪委/纪检监察:审核所有清单")
    )
    is_party_branch_secretary = models.BooleanField(
        _("党支部书记"),
        default=False,
        help_text=_("个人清单报主管领导审定(文件004)"),
    )
    is_party_group_member = models.BooleanField(
        _("党组成员"), default=False, help_text=_("研究审定经纪委审核的清单")
    )

    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["unit__order", "id"]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return self.name or self.username
