"""The vocabulary of document 003's quarterly integrity assessment (季度廉政考核)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Layer(models.TextChoices):
    """The three tiers document 003 assesses separately (分三个层面)."""

    LEADERSHIP = "leadership", _("领导班子成员")
    DEPARTMENT = "department", _("部门领导")
    STAFF = "staff", _("一般干部")


class Grade(models.TextChoices):
    """Document 003's four grades, best first."""

    GOOD = "good", _("好")
    FINE = "fine", _("良好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("不良")


class PeriodState(models.TextChoices):
    OPEN = "open", _("评分中")
    CLOSED = "closed", _("已结束")


class AssessorRole(models.TextChoices):
    """In which capacity an assessor scored (按照干部管理权限)."""

    PARTY_GROUP = "party_group", _("党组")
    COMMITTEE = "committee", _("纪委")
    LEADER_IN_CHARGE = "leader_in_charge", _("分管领导")
    DEPARTMENT_HEAD = "department_head", _("部门负责人")


QUARTERS = [(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))]
