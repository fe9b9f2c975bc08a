from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """What the committee records in a person's integrity file (廉政档案)."""

    TALK = "talk", _("约谈")
    CONVERSATION = "conversation", _("谈话")
    INTEGRITY_REPORT = "integrity_report", _("述廉报告")
    DECLARATION = "declaration", _("个人有关事项报告")


class AccessState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")
