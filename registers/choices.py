from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit import actions


class AuthorityKind(models.TextChoices):
    POWER = "power", _("权力事项")
    DUTY = "duty", _("职责事项")


class AuthorityCategory(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LEVY = "levy", _("行政征收")
    BENEFIT = "benefit", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他行政权力")
    INTERNAL = "internal", _("内部管理")


class RegisterLevel(models.TextChoices):
    UNIT = "unit", _("单位层面")
    DEPARTMENT = "department", _("内设机构层面")
    POST = "post", _("岗位层面")
    # One person's own register (个人岗位风险点自查表, documents 001 and 004): Register.person.
    PERSONAL = "personal", _("个人层面")
    # The 三重一大 special register of a principal unit (专项廉能风险防控情况登记表, document 001).
    MAJOR = "major", _("三重一大专项")


class PersonalScope(models.TextChoices):
    """Who gets a register of his own in a campaign."""

    KEY_POSTS = "key_posts", _("仅重点岗位(每个重点岗位一张岗位清单)")
    EVERYONE = "everyone", _("全体人员(每人一张个人清单,含领导班子成员)")


class PeopleDocument(models.TextChoices):
    """Which document the personal and department forms follow: document 001 grades personal
    risks A/B/C; document 004 grades them 一/二/三级 and gives department registers its
    部门岗位风险点自查表 (附件4)."""

    DOC001 = "doc001", _("文件001:个人风险A/B/C级")
    DOC004 = (
        "doc004",
        _("文件004:个人岗位风险点自查表(附件3)、部门岗位风险点自查表(附件4),一/二/三级"),
    )


class RegisterState(models.TextChoices):
    """Workflow states. Only workflow/ moves a register between them (see workflow.transitions)."""

    DRAFT = "draft", _("自查填报")
    SUBMITTED = "submitted", _("待签字")
    SIGNED = "signed", _("待纪委审核")
    APPROVED = "approved", _("待党组研究")
    DELIBERATED = "deliberated", _("待公示")
    PUBLISHED = "published", _("已公示")
    RETURNED = "returned", _("退回修改")


# States in which the filler may change the entries. An edit while the register waits for its
# signature or its review is allowed on purpose: workflow voids the signature and sends the
# register back to draft (workflow.services.register_content_changed). Past the committee's
# approval the content is frozen until publication, and a published register is reopened as a
# new version.
# States in which a register waits for its fillers (the "to fill" inbox).
FILLING_STATES = (RegisterState.DRAFT, RegisterState.RETURNED)

EDITABLE_STATES = (
    RegisterState.DRAFT,
    RegisterState.RETURNED,
    RegisterState.SUBMITTED,
    RegisterState.SIGNED,
)


class GradingScheme(models.TextChoices):
    HIGH_MEDIUM_LOW = "hml", _("高/中/低")
    LEVELS = "levels", _("一级/二级/三级")


class Grade(models.IntegerChoices):
    """Stored as 1 (highest) to 3; shown by the campaign's scheme (see registers.grading)."""

    FIRST = 1, _("一级")
    SECOND = 2, _("二级")
    THIRD = 3, _("三级")


class Likelihood(models.IntegerChoices):
    HIGH = 3, _("可能性较大")
    MEDIUM = 2, _("有一定可能")
    LOW = 1, _("可能性较小")


class Impact(models.IntegerChoices):
    SEVERE = 3, _("后果严重")
    SERIOUS = 2, _("后果较严重")
    MINOR = 1, _("后果较轻微")


# How the audit trail names what this app records (see audit.labels).
AUDIT_LABELS: dict[str, str | Promise] = {
    actions.AUTHORITY_ITEM_CREATE: _("新增权责事项"),
    actions.AUTHORITY_ITEM_UPDATE: _("修改权责事项"),
    actions.AUTHORITY_ITEM_DELETE: _("删除权责事项"),
    actions.CAMPAIGN_CREATE: _("新建排查工作"),
    actions.CAMPAIGN_UPDATE: _("修改排查工作"),
    actions.CAMPAIGN_START: _("开始排查工作"),
    actions.CAMPAIGN_ADD_REGISTERS: _("补建清单"),
    actions.RISK_ENTRY_CREATE: _("添加风险点"),
    actions.RISK_ENTRY_UPDATE: _("修改风险点"),
    actions.RISK_ENTRY_DELETE: _("删除风险点"),
    actions.REGISTER_REORDER_ENTRIES: _("调整风险点顺序"),
    actions.REGISTER_IMPORT: _("从Excel导入清单"),
}
