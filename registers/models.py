from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Post, Unit
from registers.choices import (
    AuthorityCategory,
    AuthorityKind,
    Grade,
    GradingScheme,
    Impact,
    Likelihood,
    PeopleDocument,
    PersonalScope,
    RegisterLevel,
    RegisterState,
)


class CategorySet(models.Model):
    """A set of investigation categories (排查类别). Document 000's six are seeded by a migration;
    an administrator may define others (document 001's five, say) and pick one per campaign."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    source = models.CharField(_("出处"), max_length=200, blank=True)
    is_default = models.BooleanField(_("默认"), default=False)

    class Meta:
        verbose_name = _("排查类别组")
        verbose_name_plural = _("排查类别组")
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """One investigation category, with the Annex's note (备注) as help text."""

    category_set = models.ForeignKey(
        CategorySet, verbose_name=_("类别组"), on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("类别名称"), max_length=50)
    note = models.TextField(_("备注(填报说明)"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("排查类别")
        verbose_name_plural = _("排查类别")
        ordering = ["category_set", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category_set", "name"], name="category_unique_name_per_set"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AuthorityItem(models.Model):
    """One line of a unit's power list (权力清单) or duty list (职责清单)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="authority_items"
    )
    name = models.CharField(_("事项名称"), max_length=200)
    kind = models.CharField(_("清单类型"), max_length=10, choices=AuthorityKind.choices)
    category = models.CharField(_("事项类别"), max_length=20, choices=AuthorityCategory.choices)
    legal_basis = models.TextField(_("行使依据"), blank=True)
    responsible_subject = models.CharField(_("责任主体"), max_length=200, blank=True)
    supervision_method = models.TextField(_("监督方式"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("权责事项")
        verbose_name_plural = _("权责事项")
        ordering = ["unit__order", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProcedureStep(models.Model):
    """One step of an authority item's procedure (流程): the flowchart of doc 000, step 3."""

    item = models.ForeignKey(
        AuthorityItem, verbose_name=_("权责事项"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveIntegerField(_("序号"), default=0)
    name = models.CharField(_("环节"), max_length=100)
    handler = models.CharField(_("承办岗位"), max_length=100, blank=True)
    description = models.TextField(_("内容与要求"), blank=True)
    time_limit = models.CharField(_("时限"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("流程环节")
        verbose_name_plural = _("流程环节")
        ordering = ["item", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """One round of the work (排查工作), usually a year: what it covers and how it grades."""

    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    grading_scheme = models.CharField(
        _("风险等级表述"),
        max_length=10,
        choices=GradingScheme.choices,
        default=GradingScheme.HIGH_MEDIUM_LOW,
        help_text=_("岗位层面清单统一使用A/B/C级"),
    )
    category_set = models.ForeignKey(
        CategorySet, verbose_name=_("排查类别组"), on_delete=models.PROTECT
    )
    has_party_group_stage = models.BooleanField(
        _("经党组研究"), default=True, help_text=_("纪委审核通过后由党组研究,再公示")
    )
    publication_start = models.DateField(_("公示开始日期"), null=True, blank=True)
    publication_end = models.DateField(_("公示结束日期"), null=True, blank=True)
    high_share_target = models.PositiveSmallIntegerField(
        _("高风险占比目标(%)"), default=20, help_text=_("一般高风险类别控制在20%左右")
    )
    high_share_tolerance = models.PositiveSmallIntegerField(_("允许偏差(百分点)"), default=10)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("上一轮排查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("开始时以各单位上一轮已公示的清单为基础"),
    )
    requires_high_risk_actions = models.BooleanField(
        _("一级风险须有落实措施"),
        default=False,
        help_text=_("提交前,每个一级(高)风险点至少要有一项指定了责任人和完成期限的落实措施"),
    )
    personal_scope = models.CharField(
        _("个人清单范围"),
        max_length=12,
        choices=PersonalScope.choices,
        default=PersonalScope.KEY_POSTS,
        help_text=_("文件001、004:全体干部职工(含领导班子成员)查找本人岗位风险"),
    )
    people_document = models.CharField(
        _("个人与部门表格依据"),
        max_length=8,
        choices=PeopleDocument.choices,
        default=PeopleDocument.DOC001,
    )
    has_major_register = models.BooleanField(
        _("三重一大专项清单"),
        default=False,
        help_text=_("局本级、城区分局和直属单位另填《专项廉能风险防控情况登记表》(文件001附件5)"),
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("排查工作")
        verbose_name_plural = _("排查工作")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class Register(models.Model):
    """One unit's risk register (廉政风险清单) in one campaign, at one level; carries the workflow
    state, which only workflow/ changes. `revision` grows with every change of content: editors
    send it back to detect a concurrent edit, and signatures are bound to the content at a revision.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("排查工作"), on_delete=models.PROTECT, related_name="registers"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("填报单位/部门"), on_delete=models.PROTECT, related_name="registers"
    )
    level = models.CharField(_("层面"), max_length=12, choices=RegisterLevel.choices)
    post = models.ForeignKey(
        Post,
        verbose_name=_("岗位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registers",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("本人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="personal_registers",
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=RegisterState.choices, default=RegisterState.DRAFT
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    revision = models.PositiveIntegerField(_("修订号"), default=0)
    source = models.ForeignKey(
        "self",
        verbose_name=_("沿用自"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("上一轮排查中本单位已公示的清单"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("廉政风险清单")
        verbose_name_plural = _("廉政风险清单")
        ordering = ["campaign", "unit__order", "level", "post__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "level"],
                condition=Q(post__isnull=True, person__isnull=True),
                name="register_unique_per_unit_level",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(person__isnull=False),
                name="register_unique_per_person",
            ),
            models.CheckConstraint(
                condition=Q(level=RegisterLevel.PERSONAL, person__isnull=False)
                | (~Q(level=RegisterLevel.PERSONAL) & Q(person__isnull=True)),
                name="register_person_iff_personal_level",
            ),
            models.UniqueConstraint(
                fields=["campaign", "post"],
                condition=Q(post__isnull=False),
                name="register_unique_per_post",
            ),
            models.CheckConstraint(
                condition=Q(level=RegisterLevel.POST, post__isnull=False)
                | (~Q(level=RegisterLevel.POST) & Q(post__isnull=True)),
                name="register_post_iff_post_level",
            ),
        ]

    def __str__(self) -> str:
        if self.person is not None:
            return f"{self.unit.name}·{self.person.name}"
        if self.post is not None:
            return f"{self.unit.name}·{self.post.name}"
        return f"{self.unit.name}{self.get_level_display()}"

    @property
    def title(self) -> str:
        """The register's title as the Annex writes it: "<单位>廉政风险清单"; a person's
        "<单位><姓名>个人廉政风险清单", a 三重一大 register "<单位>三重一大专项廉政风险清单"."""
        if self.level == RegisterLevel.PERSONAL and self.person is not None:
            return f"{self.unit.name}{self.person.name}个人廉政风险清单"
        if self.level == RegisterLevel.MAJOR:
            return f"{self.unit.name}三重一大专项廉政风险清单"
        name = f"{self.unit.name}{self.post.name}" if self.post is not None else self.unit.name
        return f"{name}廉政风险清单"


class RiskEntry(models.Model):
    """One row of a register (风险点)."""

    register = models.ForeignKey(
        Register, verbose_name=_("清单"), on_delete=models.CASCADE, related_name="entries"
    )
    category = models.ForeignKey(Category, verbose_name=_("排查类别"), on_delete=models.PROTECT)
    order = models.PositiveIntegerField(_("序号"), default=0)
    risk = models.TextField(_("主要廉政风险"))
    manifestations = models.TextField(_("表现形式"), blank=True)
    likelihood = models.PositiveSmallIntegerField(
        _("发生可能性"), choices=Likelihood.choices, null=True, blank=True
    )
    impact = models.PositiveSmallIntegerField(
        _("危害程度"), choices=Impact.choices, null=True, blank=True
    )
    # Empty only for an imported row whose file gave no grade: the register page lists such
    # entries and the register cannot be submitted until each is graded.
    grade = models.PositiveSmallIntegerField(
        _("风险等级"), choices=Grade.choices, null=True, blank=True
    )
    grade_override_reason = models.TextField(
        _("调整等级理由"), blank=True, help_text=_("与可能性×危害程度建议的等级不同时必填")
    )
    cause = models.TextField(_("形成原因"), blank=True)
    prevention_measures = models.TextField(_("防控措施"), blank=True)
    monitoring_indicator = models.TextField(_("监测指标"), blank=True)
    responsible_department = models.CharField(_("责任部门"), max_length=200, blank=True)
    responsible_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_leader_name = models.CharField(
        _("责任领导(姓名)"),
        max_length=100,
        blank=True,
        help_text=_("表格中显示的姓名;选择人员时自动填写"),
    )
    responsible_post = models.CharField(
        _("责任岗位"), max_length=200, blank=True, help_text=_("文件000:落实责任领导和责任岗位")
    )
    # Columns of an imported file that no field takes, kept as [name, text] pairs in the file's
    # order (a list, not an object: PostgreSQL's jsonb does not keep the order of keys).
    extra_fields = models.JSONField(_("其他字段"), default=list, blank=True)
    authority_item = models.ForeignKey(
        AuthorityItem,
        verbose_name=_("关联权责事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risk_entries",
    )
    source_entry = models.ForeignKey(
        "self",
        verbose_name=_("沿用自"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Not stored: what the register page shows beside the fields (registers.views), the grade as
    # the campaign's scheme writes it and the roll-forward status ("new", "changed", "unchanged").
    grade_text: str
    change: str

    class Meta:
        verbose_name = _("风险点")
        verbose_name_plural = _("风险点")
        ordering = ["register", "category__order", "order", "id"]
        indexes = [models.Index(fields=["register", "category", "order"])]

    def __str__(self) -> str:
        return self.risk[:40]


class ImportCategoryChoice(models.Model):
    """Which campaign category a unit's imported files mean by one of their own category values
    (岗位职责风险 → 岗位履职类): chosen once in the import's mapping step, proposed at the unit's
    next import."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE)
    category_set = models.ForeignKey(
        CategorySet, verbose_name=_("排查类别组"), on_delete=models.CASCADE
    )
    value = models.CharField(_("文件中的类别"), max_length=200)
    category = models.ForeignKey(Category, verbose_name=_("排查类别"), on_delete=models.CASCADE)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("导入类别对应")
        verbose_name_plural = _("导入类别对应")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "category_set", "value"], name="import_category_choice_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} → {self.category}"
