from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("落实中")
    DONE = "done", _("已落实")


class LeadSource(models.TextChoices):
    """Where an integrity lead (廉情信息) came from."""

    PETITION = "petition", _("信访举报")
    INSPECTION = "inspection", _("巡察发现")
    AUDIT = "audit", _("审计发现")
    ANOMALY = "anomaly", _("异常情况报告")
    FEEDBACK = "feedback", _("公示监督意见")


class LeadDecision(models.TextChoices):
    PENDING = "pending", _("待研判")
    NO_ACTION = "no_action", _("不予处理")
    WARNING = "warning", _("启动预警")
    RECTIFICATION = "rectification", _("列入整改")


class WarningLevel(models.TextChoices):
    """Document 003's three levels of 廉情预警."""

    GENERAL = "general", _("一般预警")
    IMPORTANT = "important", _("重要预警")
    HIGHEST = "highest", _("最高预警")


# Document 003's definition of each level, shown where the committee chooses one.
WARNING_LEVEL_HELP = {
    WarningLevel.GENERAL: _("个人存在苗头性、倾向性问题"),
    WarningLevel.IMPORTANT: _(
        "个人存在轻微违纪违规问题,或部门存在无章可依、制度漏洞、自由裁量权过大等问题"
    ),
    WarningLevel.HIGHEST: _(
        "重大决策、重要人事任免、重大项目安排、大额资金使用中存在风险,或领导干部出现重大异常情况"
    ),
}


class Disposal(models.TextChoices):
    """Document 002's ways of disposing of a warning."""

    REMINDER = "reminder", _("警示提醒")
    ADMONITION = "admonition", _("诫勉纠错")
    RECTIFY = "rectify", _("责令整改")


class WarningState(models.TextChoices):
    """纪委启动 → 党委(党组)批准 → 下达,责任部门落实 → 当事人报告整改 → 纪委销号."""

    DRAFT = "draft", _("拟稿")
    PENDING_APPROVAL = "pending_approval", _("待党委批准")
    REJECTED = "rejected", _("未批准")
    ISSUED = "issued", _("已下达")
    ANSWERED = "answered", _("已报告整改")
    CLOSED = "closed", _("已销号")


class RectificationSource(models.TextChoices):
    WARNING = "warning", _("廉情预警")
    LEAD = "lead", _("廉情信息")
    REVIEW = "review", _("回头看")
    INSPECTION = "inspection", _("监督检查")
    OTHER = "other", _("其他")


class RectificationState(models.TextChoices):
    OPEN = "open", _("整改中")
    SUBMITTED = "submitted", _("待销号")
    CLOSED = "closed", _("已销号")


class ChaseKind(models.TextChoices):
    """What the daily sweep sends about a deadline."""

    REMINDER = "reminder", _("到期提醒")
    OVERDUE = "overdue", _("逾期督办")
