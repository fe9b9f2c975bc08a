"""This app's hooks into the apps below (inbox, navigation, audit labels, the daily sweep's chase
sources, the schedule's completion sources), called from its AppConfig.ready."""

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.reminders import scoring_chases
from assessment.selectors import to_score
from audit import actions
from audit.labels import register_action_labels, register_data_labels
from orgs.choices import Role
from orgs.inbox import InboxItem, InboxSection, register_inbox_provider
from orgs.models import User
from orgs.navigation import REPORTS, SUPERVISION, NavItem, register_nav_item
from oversight.rectification.sweep import register_chase_source

INBOX_SIZE = 5

AUDIT_LABELS: dict[str, str | Promise] = {
    actions.ASSESSMENT_INDICATOR_CREATE: gettext_lazy("添加考核指标"),
    actions.ASSESSMENT_INDICATOR_UPDATE: gettext_lazy("修改考核指标"),
    actions.GRADE_SCALE_UPDATE: gettext_lazy("修改考核等级分数线"),
    actions.ASSESSMENT_PERIOD_OPEN: gettext_lazy("开启季度廉政考核"),
    actions.ASSESSMENT_PERIOD_UPDATE: gettext_lazy("修改考核评分截止日期"),
    actions.ASSESSMENT_PERIOD_CLOSE: gettext_lazy("结束季度廉政考核"),
    actions.ASSESSMENT_PERIOD_EXPORT_XLSX: gettext_lazy("导出廉政考核结果通报"),
    actions.ASSESSMENT_SCORE: gettext_lazy("廉政考核评分"),
    actions.ASSESSMENT_FILE_ADVERSE: gettext_lazy("“不良”考核结果记入廉政档案"),
    actions.ASSESSMENT_EXPORT_ANNUAL: gettext_lazy("导出年度廉政考核汇总"),
}

# Keys of this app's audit details that no field of the audited model names.
DATA_LABELS: dict[str, str | Promise] = {
    "people": gettext_lazy("人数"),
    "scores": gettext_lazy("各项得分"),
    "old_deadline": gettext_lazy("原截止日期"),
    "old_values": gettext_lazy("原值"),
    "scored": gettext_lazy("已评分人数"),
    "unscored": gettext_lazy("未评分人数"),
    "adverse": gettext_lazy("“不良”人数"),
    "year": gettext_lazy("年度"),
}


def inbox_sections(user: User) -> list[InboxSection]:
    """待评分的廉政考核: the people the user still has to score in an open quarter."""
    waiting = to_score(user)
    count = waiting.count()
    if not count:
        return []
    return [
        InboxSection(
            key="assessments_to_score",
            title=gettext_lazy("待评分的廉政考核"),
            count=count,
            items=[
                InboxItem(
                    title=f"{a.person} · {a.unit.name}",
                    url=reverse("assessment:score", args=[a.pk]),
                    detail=_("%(period)s · 截止%(deadline)s")
                    % {"period": a.period, "deadline": a.period.deadline.isoformat()},
                )
                for a in waiting[:INBOX_SIZE]
            ],
            more_url=reverse("assessment:scoring") + "?state=todo",
        )
    ]


def connect() -> None:
    register_action_labels(AUDIT_LABELS)
    register_data_labels(DATA_LABELS)
    register_inbox_provider(inbox_sections)
    register_chase_source(scoring_chases)
    assessors = frozenset(
        {
            Role.PARTY_GROUP,
            Role.COMMITTEE,
            Role.LEADER_IN_CHARGE,
            Role.DEPARTMENT_HEAD,
            Role.PRINCIPAL,
        }
    )
    register_nav_item(
        NavItem(
            gettext_lazy("廉政考核评分"),
            "assessment:scoring",
            "pencil-square",
            assessors,
            group=SUPERVISION,
        )
    )
    register_nav_item(
        NavItem(
            gettext_lazy("季度廉政考核"),
            "assessment:period_list",
            "award",
            frozenset({Role.COMMITTEE, Role.ADMIN}),
            group=SUPERVISION,
        )
    )
    register_nav_item(
        NavItem(
            gettext_lazy("我的廉政考核"),
            "assessment:mine",
            "person-check",
            frozenset({Role.STAFF}),
            group=SUPERVISION,
        )
    )
    register_nav_item(
        NavItem(
            gettext_lazy("年度廉政考核汇总"),
            "assessment:annual",
            "table",
            frozenset({Role.COMMITTEE, Role.ADMIN}),
            group=REPORTS,
        )
    )
