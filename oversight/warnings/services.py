"""The writes of a warning (廉情预警), one function per step of document 003's procedure:
"三级预警程序均由纪委启动报党委批准,由责任部门具体落实".

    draft (拟稿) ─submit→ pending_approval (待党委批准) ─approve→ issued (已下达) ─answer→
    answered (已报告整改) ─close→ closed (已销号)
    pending_approval ─reject→ rejected (未批准) ─submit→ pending_approval
    answered ─return→ issued

Each step locks the row, checks the actor's right and the state the step starts from (a step on a
warning that moved on since the page was loaded is refused with a message), writes its audit row
and its notifications in the same transaction. Notifications name the warning by its number only:
they are e-mailed, and the facts stay behind the confidential page.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import actions
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import committee_members, notify
from orgs.models import Unit, User
from oversight.choices import Disposal, LeadDecision, WarningLevel, WarningState
from oversight.models import Lead, Warning
from oversight.warnings.permissions import can_answer, is_committee, is_party_group
from oversight.warnings.selectors import warning_url
from registers.choices import RegisterState
from registers.exceptions import DomainError
from registers.models import RiskEntry

# The document number: 廉预〔2026〕3号, the year of approval and its sequence in that year.
NUMBER_PREFIX = "廉预"
# Namespace of the PostgreSQL advisory lock that serializes numbering (any constant apart from
# the other advisory locks of the project).
_NUMBER_LOCK_NAMESPACE = 7_261_731
NOTE_MAX_LENGTH = 2000


class StaleWarning(DomainError):
    """The warning moved on since the actor loaded the page."""


@dataclass(frozen=True)
class WarningData:
    """What the committee writes in a warning."""

    level: str
    disposal: str
    subject_unit: Unit
    facts: str
    requirement: str
    deadline: date
    subject_user: User | None = None
    entries: tuple[RiskEntry, ...] = ()


def _locked(warning: Warning, *allowed: str) -> Warning:
    locked = Warning.objects.select_for_update().select_related("subject_unit").get(pk=warning.pk)
    if locked.state not in allowed:
        raise StaleWarning(
            _("该预警当前状态为“%(state)s”,已被他人处理,操作未执行。请核对后再操作。")
            % {"state": locked.get_state_display()}
        )
    return locked


def _clean(data: WarningData) -> WarningData:
    facts, requirement = data.facts.strip(), data.requirement.strip()
    if data.level not in WarningLevel.values:
        raise DomainError(_("请选择预警等级。"), field="level")
    if data.disposal not in Disposal.values:
        raise DomainError(_("请选择处置方式。"), field="disposal")
    if data.level == WarningLevel.GENERAL and data.subject_user is None:
        raise DomainError(
            _("一般预警针对个人的苗头性、倾向性问题,请选择预警对象(个人)。"),
            field="subject_user",
        )
    if data.subject_user is None and data.subject_unit.head_id is None:
        raise DomainError(
            _(
                "“%(unit)s”未设负责人,无人接收部门预警:请先在组织机构中设置负责人,或选择预警对象(个人)。"
            )
            % {"unit": data.subject_unit.name},
            field="subject_unit",
        )
    if not facts:
        raise DomainError(_("请填写预警事由。"), field="facts")
    if not requirement:
        raise DomainError(_("请填写整改要求。"), field="requirement")
    if data.deadline < timezone.localdate():
        raise DomainError(_("整改报告期限不能早于今天。"), field="deadline")
    unpublished = [e for e in data.entries if e.register.state != RegisterState.PUBLISHED]
    if unpublished:
        raise DomainError(_("只能关联已公示清单中的风险点。"), field="entries")
    return WarningData(
        level=data.level,
        disposal=data.disposal,
        subject_unit=data.subject_unit,
        facts=facts,
        requirement=requirement,
        deadline=data.deadline,
        subject_user=data.subject_user,
        entries=data.entries,
    )


def _fields_of(data: WarningData) -> dict[str, object]:
    return {
        "level": data.level,
        "disposal": data.disposal,
        "subject_unit": data.subject_unit,
        "subject_user": data.subject_user,
        "facts": data.facts,
        "requirement": data.requirement,
        "deadline": data.deadline,
    }


def _note(note: str, *, required: str = "") -> str:
    """A note of a step: stripped, at most NOTE_MAX_LENGTH characters, required when `required`
    (the message) is given."""
    note = note.strip()
    if required and not note:
        raise DomainError(required, field="note")
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(_("意见不能超过%(limit)d字。") % {"limit": NOTE_MAX_LENGTH}, field="note")
    return note


def _audit_data(warning: Warning) -> dict[str, object]:
    # Never the facts nor the report: the audit trail is read by administrators, who are outside
    # a warning's circle.
    return {"level": warning.level, "disposal": warning.disposal, "state": warning.state}


@transaction.atomic
def warning_create(*, actor: User, data: WarningData, lead: Lead | None = None) -> Warning:
    """The committee drafts a warning, from a lead or on its own; a lead not yet triaged is
    thereby decided "启动预警"."""
    if not is_committee(actor):
        raise PermissionDenied
    data = _clean(data)
    warning = Warning.objects.create(**_fields_of(data), lead=lead, started_by=actor)
    warning.entries.set(data.entries)
    audit_record(
        action=actions.WARNING_CREATE,
        actor=actor,
        obj=warning,
        data={**_audit_data(warning), "lead": lead.pk if lead else None},
    )
    if lead is not None:
        locked = Lead.objects.select_for_update().get(pk=lead.pk)
        if locked.decision == LeadDecision.PENDING:
            locked.decision = LeadDecision.WARNING
            locked.decided_by = actor
            locked.decided_at = timezone.now()
            locked.save(update_fields=["decision", "decided_by", "decided_at"])
            audit_record(
                action=actions.LEAD_DECIDE,
                actor=actor,
                obj=locked,
                data={"decision": locked.decision, "warning": warning.pk},
            )
    return warning


@transaction.atomic
def warning_update(*, warning: Warning, actor: User, data: WarningData) -> Warning:
    """The committee corrects its draft, or a warning the party committee did not approve."""
    if not is_committee(actor):
        raise PermissionDenied
    warning = _locked(warning, WarningState.DRAFT, WarningState.REJECTED)
    data = _clean(data)
    for name, value in _fields_of(data).items():
        setattr(warning, name, value)
    warning.save()
    warning.entries.set(data.entries)
    audit_record(action=actions.WARNING_UPDATE, actor=actor, obj=warning, data=_audit_data(warning))
    return warning


def _notify(
    *, recipients: Iterable[User | None], title: str, body: str, warning: Warning, actor: User
) -> None:
    notify(
        recipients=recipients,
        kind=NotificationKind.OTHER,
        title=title,
        body=body,
        url=warning_url(warning),
        exclude=actor,
    )


def party_group_members() -> list[User]:
    return list(User.objects.filter(is_party_group_member=True, is_active=True))


def _name(warning: Warning) -> str:
    """How a notification names a warning: its number once it has one, else its level."""
    return warning.number or warning.get_level_display()


@transaction.atomic
def warning_submit(*, warning: Warning, actor: User) -> Warning:
    """纪委启动,报党委批准: the draft goes to the party group."""
    if not is_committee(actor):
        raise PermissionDenied
    warning = _locked(warning, WarningState.DRAFT, WarningState.REJECTED)
    warning.state = WarningState.PENDING_APPROVAL
    warning.save(update_fields=["state", "updated_at"])
    audit_record(action=actions.WARNING_SUBMIT, actor=actor, obj=warning, data=_audit_data(warning))
    _notify(
        recipients=party_group_members(),
        title=_("有一份%(level)s待党委批准") % {"level": warning.get_level_display()},
        body=_("纪委报请批准一份廉情预警(%(unit)s),请审批。") % {"unit": warning.subject_unit.name},
        warning=warning,
        actor=actor,
    )
    return warning


def _next_number(year: int) -> str:
    """The next number of the year. Two approvals at once must not take the same one: on
    PostgreSQL an advisory lock per year serializes them until commit; SQLite's write lock,
    taken when the transaction starts, already does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_NUMBER_LOCK_NAMESPACE, year])
    stem = f"{NUMBER_PREFIX}〔{year}〕"
    pattern = re.compile(rf"^{re.escape(stem)}(\d+)号$")
    taken = [
        int(match.group(1))
        for number in Warning.objects.filter(number__startswith=stem).values_list(
            "number", flat=True
        )
        if (match := pattern.match(number))
    ]
    return f"{stem}{max(taken, default=0) + 1}号"


def delivered_to(warning: Warning) -> list[User | None]:
    """Who receives an issued warning besides the committee: its subject, and the head of the
    responsible department when he is in its circle (责令整改, or a warning to the department)."""
    people: list[User | None] = [warning.subject_user]
    if warning.subject_user_id is None or warning.disposal == Disposal.RECTIFY:
        people.append(warning.subject_unit.head)
    return people


@transaction.atomic
def warning_approve(*, warning: Warning, actor: User, note: str = "") -> Warning:
    """党委批准: the warning is numbered and issued to its subject, to be carried out by the
    responsible department."""
    if not is_party_group(actor):
        raise PermissionDenied
    warning = _locked(warning, WarningState.PENDING_APPROVAL)
    if actor.pk in (warning.started_by_id, warning.subject_user_id):
        # Who started a warning, or is its subject, does not approve it.
        raise PermissionDenied
    now = timezone.now()
    warning.state = WarningState.ISSUED
    warning.approved_by = actor
    warning.approved_at = now
    warning.approval_note = _note(note)
    warning.issued_at = now
    warning.number = _next_number(timezone.localdate(now).year)
    warning.save()
    audit_record(
        action=actions.WARNING_APPROVE,
        actor=actor,
        obj=warning,
        data={**_audit_data(warning), "number": warning.number},
    )
    _notify(
        recipients=[*delivered_to(warning), *committee_members()],
        title=_("廉情预警 %(number)s 已下达") % {"number": warning.number},
        body=_("请查阅预警通知书,并于 %(deadline)s 前报告整改情况。")
        % {"deadline": warning.deadline.isoformat()},
        warning=warning,
        actor=actor,
    )
    return warning


@transaction.atomic
def warning_reject(*, warning: Warning, actor: User, note: str) -> Warning:
    """党委不批准: back to the committee, with the reason."""
    if not is_party_group(actor):
        raise PermissionDenied
    note = _note(note, required=_("不批准时请填写审批意见。"))
    warning = _locked(warning, WarningState.PENDING_APPROVAL)
    warning.state = WarningState.REJECTED
    warning.approved_by = actor
    warning.approved_at = timezone.now()
    warning.approval_note = note
    warning.save()
    audit_record(action=actions.WARNING_REJECT, actor=actor, obj=warning, data=_audit_data(warning))
    _notify(
        recipients=[warning.started_by, *committee_members()],
        title=_("一份%(level)s未获党委批准") % {"level": warning.get_level_display()},
        body=_("请查阅审批意见,修改后可重新报请批准。"),
        warning=warning,
        actor=actor,
    )
    return warning


@transaction.atomic
def warning_answer(*, warning: Warning, actor: User, report: str) -> Warning:
    """The subject (or, for a warning to a department, its head) reports the rectification."""
    if not can_answer(actor, warning):
        raise PermissionDenied
    report = report.strip()
    warning = _locked(warning, WarningState.ISSUED)
    if not report:
        raise DomainError(_("请填写整改情况报告。"), field="answer")
    max_length = Warning._meta.get_field("answer").max_length or 8000
    if len(report) > max_length:
        raise DomainError(
            _("整改报告不能超过%(limit)d字。") % {"limit": max_length}, field="answer"
        )
    warning.state = WarningState.ANSWERED
    warning.answer = report
    warning.answered_by = actor
    warning.answered_at = timezone.now()
    warning.save()
    audit_record(action=actions.WARNING_ANSWER, actor=actor, obj=warning, data=_audit_data(warning))
    _notify(
        recipients=committee_members(),
        title=_("廉情预警 %(number)s 已报告整改情况") % {"number": _name(warning)},
        body=_("请审核整改情况,予以销号或退回。"),
        warning=warning,
        actor=actor,
    )
    return warning


@transaction.atomic
def warning_return(*, warning: Warning, actor: User, note: str) -> Warning:
    """The committee finds the report wanting: back to the subject, with what is missing.

    The note is kept in the audit row (the model has no field for it): the state history of
    the warning's page shows it to the circle."""
    if not is_committee(actor):
        raise PermissionDenied
    note = _note(note, required=_("退回时请说明需要补充或改正的内容。"))
    warning = _locked(warning, WarningState.ANSWERED)
    warning.state = WarningState.ISSUED
    warning.save(update_fields=["state", "updated_at"])
    audit_record(
        action=actions.WARNING_RETURN,
        actor=actor,
        obj=warning,
        data={**_audit_data(warning), "note": note},
    )
    _notify(
        recipients=[warning.answered_by],
        title=_("廉情预警 %(number)s 的整改报告被退回") % {"number": _name(warning)},
        body=_("请按纪委意见补充整改情况后重新报告。"),
        warning=warning,
        actor=actor,
    )
    return warning


@transaction.atomic
def warning_close(*, warning: Warning, actor: User, note: str = "") -> Warning:
    """纪委销号."""
    if not is_committee(actor):
        raise PermissionDenied
    warning = _locked(warning, WarningState.ANSWERED)
    if actor.pk in (warning.answered_by_id, warning.subject_user_id):
        # Nobody closes his own case.
        raise PermissionDenied
    warning.state = WarningState.CLOSED
    warning.closed_by = actor
    warning.closed_at = timezone.now()
    warning.close_note = _note(note)
    warning.save()
    audit_record(action=actions.WARNING_CLOSE, actor=actor, obj=warning, data=_audit_data(warning))
    _notify(
        recipients=[warning.answered_by, *delivered_to(warning)],
        title=_("廉情预警 %(number)s 已销号") % {"number": _name(warning)},
        body=_("纪委已审核整改情况,予以销号。"),
        warning=warning,
        actor=actor,
    )
    return warning


def warning_record_view(*, warning: Warning, actor: User, pdf: bool = False) -> None:
    """Every reading of a warning, on the page or as the notice, leaves an audit row."""
    audit_record(
        action=actions.WARNING_EXPORT_PDF if pdf else actions.WARNING_VIEW,
        actor=actor,
        obj=warning,
        data={"state": warning.state},
    )


def warning_list_record(*, actor: User, shown: int) -> None:
    """Reading the warning register (its list names subjects, units and levels) is a reading
    of confidential records too: one audit row per page shown."""
    audit_record(action=actions.WARNING_LIST, actor=actor, data={"count": shown})
