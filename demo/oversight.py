"""What follows publication in the demo: leads, a warning of each level in a different state,
rectification items open, overdue, waiting for closure and closed, and actions on grade-1 entries
(one overdue, one verified). Made through the services, so the audit trail and the notifications
are what a real year would leave; made once (a demo that already has warnings is left alone)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from orgs.models import Unit, User
from oversight.choices import (
    ActionStatus,
    Disposal,
    LeadSource,
    RectificationSource,
    WarningLevel,
)
from oversight.measures.services import action_create, action_update, action_verify
from oversight.models import Action, Rectification, Warning
from oversight.rectification.services import (
    rectification_close,
    rectification_create,
    rectification_submit,
)
from oversight.warnings.leads import LeadData, lead_create
from oversight.warnings.services import (
    WarningData,
    warning_answer,
    warning_approve,
    warning_close,
    warning_create,
    warning_submit,
)
from registers.choices import RegisterLevel
from registers.models import RiskEntry


@dataclass(frozen=True)
class OversightSummary:
    leads: int
    warnings: int
    rectifications: int
    actions: int


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


@transaction.atomic
def build_demo_oversight(*, today: date) -> OversightSummary | None:
    if Warning.objects.exists():
        return None
    committee, principal = _user("jiwei"), _user("juzhang")
    staff, head = _user("jingban"), _user("chuzhang")
    eia, finance, enforcement = _unit("D06"), _unit("D03"), _unit("D11")
    enforcer = enforcement.head or head

    petition = lead_create(
        actor=committee,
        data=LeadData(
            source=LeadSource.PETITION,
            summary="群众来信反映:某建设项目环评审批过程中,经办人员多次单独约见项目单位负责人。",
            received_on=today - timedelta(days=12),
            subject_unit=eia,
        ),
    )
    audit_lead = lead_create(
        actor=committee,
        data=LeadData(
            source=LeadSource.AUDIT,
            summary="年度内部审计发现:部分专项资金拨付凭证缺少分管领导签批。",
            received_on=today - timedelta(days=40),
            subject_unit=finance,
        ),
    )
    lead_create(
        actor=committee,
        data=LeadData(
            source=LeadSource.ANOMALY,
            summary="执法支队报告:同一企业一年内三次被投诉,但现场检查记录均为“未发现问题”。",
            received_on=today - timedelta(days=3),
            subject_unit=enforcement,
        ),
    )

    # 一般预警, carried through to its closure.
    general = warning_create(
        actor=committee,
        data=WarningData(
            level=WarningLevel.GENERAL,
            disposal=Disposal.REMINDER,
            subject_unit=eia,
            subject_user=staff,
            facts="在环评审批受理期间,多次单独接触项目单位人员,存在苗头性、倾向性问题。",
            requirement="严格执行双人接待制度,十日内书面说明情况并报告整改措施。",
            deadline=today + timedelta(days=10),
        ),
        lead=petition,
    )
    warning_submit(warning=general, actor=committee)
    warning_approve(warning=general, actor=principal, note="同意启动一般预警。")
    warning_answer(
        warning=general,
        actor=staff,
        report="已书面说明情况;今后接待项目单位一律两人以上并登记。",
    )
    general = warning_close(warning=general, actor=committee, note="说明属实,整改到位,予以销号。")

    # 重要预警, issued and waiting for the subject's report.
    important = warning_create(
        actor=committee,
        data=WarningData(
            level=WarningLevel.IMPORTANT,
            disposal=Disposal.ADMONITION,
            subject_unit=enforcement,
            subject_user=enforcer,
            facts="现场检查记录多次与投诉情况不符,执法过程未全程记录,自由裁量过大。",
            requirement="对近一年的现场检查记录逐件复核,落实执法全过程记录制度。",
            deadline=today + timedelta(days=20),
        ),
    )
    warning_submit(warning=important, actor=committee)
    warning_approve(warning=important, actor=principal)

    # 最高预警, waiting for the party group's approval.
    highest = warning_create(
        actor=committee,
        data=WarningData(
            level=WarningLevel.HIGHEST,
            disposal=Disposal.RECTIFY,
            subject_unit=finance,
            facts="大额专项资金拨付未经集体研究,拨付凭证缺少分管领导签批。",
            requirement="立即停止未经集体研究的大额资金拨付,一个月内完成制度修订。",
            deadline=today + timedelta(days=30),
        ),
        lead=audit_lead,
    )
    warning_submit(warning=highest, actor=committee)

    # Rectification: open, overdue, waiting for closure, closed.
    rectification_create(
        source=RectificationSource.INSPECTION,
        unit=eia,
        owner=staff,
        title="环评审批档案不全",
        problem="抽查的12件审批档案中有3件缺少技术审查会议纪要。",
        steps="补齐会议纪要;建立归档清单。",
        deadline=today + timedelta(days=15),
        actor=committee,
    )
    overdue = rectification_create(
        source=RectificationSource.LEAD,
        lead=audit_lead,
        unit=finance,
        owner=finance.head or head,
        title="专项资金拨付凭证补签",
        problem="部分专项资金拨付凭证缺少分管领导签批。",
        deadline=today + timedelta(days=1),
        actor=committee,
    )
    # Its deadline has passed: it is shown overdue on the board and chased by the sweep.
    Rectification.objects.filter(pk=overdue.pk).update(deadline=today - timedelta(days=6))
    submitted = rectification_create(
        source=RectificationSource.REVIEW,
        unit=eia,
        owner=head,
        title="排污许可岗廉政风险点补充",
        problem="回头看发现排污许可岗的风险点未列入清单。",
        deadline=today + timedelta(days=5),
        actor=committee,
    )
    rectification_submit(
        rectification=submitted, actor=head, report="已将两项风险点补入清单并报纪委审核。"
    )
    closed = rectification_create(
        source=RectificationSource.WARNING,
        warning=general,
        unit=eia,
        owner=staff,
        title="落实双人接待制度",
        problem="单独接触项目单位人员。",
        deadline=today + timedelta(days=10),
        actor=committee,
    )
    rectification_submit(
        rectification=closed, actor=staff, report="已建立接待登记簿,此后均两人接待。"
    )
    rectification_close(rectification=closed, actor=committee, note="整改到位。")

    # Actions on two grade-1 entries of 环境影响评价处: one overdue, one carried out and verified.
    high = list(
        RiskEntry.objects.filter(
            register__unit=eia, register__level=RegisterLevel.DEPARTMENT, grade=1
        ).order_by("category__order", "order")
    )
    if high:
        late = action_create(
            entry=high[0],
            actor=head,
            content="建立环评审批集体会审记录台账,每季度报纪委备案。",
            owner=staff,
            deadline=today + timedelta(days=1),
        )
        Action.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=3))
    if len(high) > 1:
        done = action_create(
            entry=high[1],
            actor=head,
            content="审批结果在门户网站公开,接受社会监督。",
            owner=staff,
            deadline=today + timedelta(days=7),
            on_inspection_list=True,
        )
        action_update(
            action=done,
            actor=staff,
            status=ActionStatus.DONE,
            progress_note="已于本月起在门户网站按周公开审批结果。",
        )
        action_verify(action=done, actor=head, note="经核实,已公开。")
    return OversightSummary(
        leads=3,
        warnings=Warning.objects.count(),
        rectifications=Rectification.objects.count(),
        actions=Action.objects.count(),
    )
