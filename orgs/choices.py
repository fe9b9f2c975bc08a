from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    BUREAU = "bureau", _("局本级")
    DEPARTMENT = "department", _("内设机构")
    BRANCH = "branch", _("城区分局")
    AFFILIATED = "affiliated", _("直属单位")


# Units whose head is a principal (单位主要负责人) rather than a department head.
PRINCIPAL_UNIT_KINDS = (UnitKind.BUREAU, UnitKind.BRANCH, UnitKind.AFFILIATED)


class Role(models.TextChoices):
    STAFF = "staff", _("经办人")
    DEPARTMENT_HEAD = "department_head", _("部门负责人")
    LEADER_IN_CHARGE = "leader_in_charge", _("分管领导")
    PRINCIPAL = "principal", _("单位主要负责人")
    COMMITTEE = "committee", _("纪委")
    PARTY_GROUP = "party_group", _("党组")
    ADMIN = "admin", _("管理员")
