from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitmentKind(models.TextChoices):
    """The letters of document 001 (附件1-4), each generated from a published register."""

    PERSONAL = "personal", _("个人廉能风险防控承诺书")
    DEPARTMENT = "department", _("内设机构廉能风险防控承诺书")
    UNIT = "unit", _("单位廉能风险防控承诺书")
    REPORT = "report", _("个人廉能风险识别防控情况报告书")


class CommitmentState(models.TextChoices):
    UNSIGNED = "unsigned", _("待签字")
    SIGNED = "signed", _("已签字")
    PUBLISHED = "published", _("已公示")
