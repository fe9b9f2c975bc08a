"""The writes of integrity leads (廉情信息): what the committee learns (信访举报, 巡察/审计发现,
异常情况报告, and the supervision opinions on published registers, which flow in by themselves)
and its triage (研判): no action, a warning (oversight.warnings.services.warning_create with the
lead), or a rectification item (the rectification area's service)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import actions
from audit.services import audit_record
from orgs.models import Unit, User
from oversight.choices import LeadDecision, LeadSource, RectificationSource
from oversight.models import Lead, Rectification
from oversight.rectification.services import rectification_create
from oversight.warnings.permissions import is_committee
from registers.choices import RegisterState
from registers.exceptions import DomainError
from registers.models import RiskEntry
from workflow.models import Feedback

# The sources the committee records by hand; supervision opinions come from Feedback rows.
MANUAL_SOURCES = tuple(source for source in LeadSource if source != LeadSource.FEEDBACK)


# Leads are recorded as they come in: a date before this is a slip of the keyboard.
EARLIEST_YEAR = 2000


@dataclass(frozen=True)
class LeadData:
    """What the committee records of a lead."""

    source: str
    summary: str
    received_on: date
    subject_user: User | None = None
    subject_unit: Unit | None = None
    entries: tuple[RiskEntry, ...] = ()


@dataclass(frozen=True)
class RectificationData:
    """The rectification item a lead becomes."""

    unit: Unit
    owner: User
    title: str
    problem: str
    deadline: date
    steps: str = ""
    entry: RiskEntry | None = None


def _check_published(entries: tuple[RiskEntry, ...]) -> None:
    if any(entry.register.state != RegisterState.PUBLISHED for entry in entries):
        raise DomainError(_("只能关联已公示清单中的风险点。"), field="entries")


def _clean(data: LeadData, *, feedback: bool = False) -> LeadData:
    if not feedback and data.source not in MANUAL_SOURCES:
        raise DomainError(_("请选择来源。"), field="source")
    summary = data.summary.strip()
    if not summary:
        raise DomainError(_("请填写内容摘要。"), field="summary")
    if data.received_on > timezone.localdate():
        raise DomainError(_("收到日期不能晚于今天。"), field="received_on")
    if data.received_on.year < EARLIEST_YEAR:
        raise DomainError(
            _("收到日期不能早于%(year)s年。") % {"year": EARLIEST_YEAR}, field="received_on"
        )
    _check_published(data.entries)
    return LeadData(
        source=data.source,
        summary=summary,
        received_on=data.received_on,
        subject_user=data.subject_user,
        subject_unit=data.subject_unit,
        entries=data.entries,
    )


@transaction.atomic
def lead_create(*, actor: User, data: LeadData) -> Lead:
    """The committee records a lead."""
    if not is_committee(actor):
        raise PermissionDenied
    data = _clean(data)
    lead = Lead.objects.create(
        source=data.source,
        summary=data.summary,
        received_on=data.received_on,
        subject_user=data.subject_user,
        subject_unit=data.subject_unit,
        recorded_by=actor,
    )
    lead.entries.set(data.entries)
    audit_record(
        action=actions.LEAD_CREATE,
        actor=actor,
        obj=lead,
        data={"source": lead.source, "entries": [entry.pk for entry in data.entries]},
    )
    return lead


@transaction.atomic
def lead_update(*, lead: Lead, actor: User, data: LeadData) -> Lead:
    """The committee corrects a lead it has not yet triaged. A supervision opinion keeps its
    source and text (they are the citizen's words); its subject and entries may be set."""
    if not is_committee(actor):
        raise PermissionDenied
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.decision != LeadDecision.PENDING:
        raise DomainError(_("该廉情信息已研判,不能再修改。"))
    from_feedback = lead.feedback_id is not None
    if from_feedback:
        data = LeadData(
            source=lead.source,
            summary=lead.summary,
            received_on=lead.received_on,
            subject_user=data.subject_user,
            subject_unit=data.subject_unit,
            entries=data.entries,
        )
    data = _clean(data, feedback=from_feedback)
    lead.source = data.source
    lead.summary = data.summary
    lead.received_on = data.received_on
    lead.subject_user = data.subject_user
    lead.subject_unit = data.subject_unit
    lead.save()
    lead.entries.set(data.entries)
    audit_record(
        action=actions.LEAD_UPDATE,
        actor=actor,
        obj=lead,
        data={
            "source": lead.source,
            "entries": [entry.pk for entry in data.entries],
        },
    )
    return lead


def _decided(lead: Lead, *, actor: User, decision: str, note: str) -> Lead:
    lead.decision = decision
    lead.decision_note = note
    lead.decided_by = actor
    lead.decided_at = timezone.now()
    lead.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
    return lead


def _locked_pending(lead: Lead) -> Lead:
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.decision != LeadDecision.PENDING:
        raise DomainError(
            _("该廉情信息已研判为“%(decision)s”,操作未执行。")
            % {"decision": lead.get_decision_display()}
        )
    return lead


@transaction.atomic
def lead_dismiss(*, lead: Lead, actor: User, note: str) -> Lead:
    """研判: no action, with the reason."""
    if not is_committee(actor):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise DomainError(_("不予处理时请填写研判意见。"), field="note")
    lead = _decided(_locked_pending(lead), actor=actor, decision=LeadDecision.NO_ACTION, note=note)
    audit_record(
        action=actions.LEAD_DECIDE, actor=actor, obj=lead, data={"decision": lead.decision}
    )
    return lead


@transaction.atomic
def lead_rectify(
    *, lead: Lead, actor: User, data: RectificationData, note: str = ""
) -> Rectification:
    """研判: a rectification item (整改纠偏), opened by the rectification area's service."""
    if not is_committee(actor):
        raise PermissionDenied
    lead = _decided(
        _locked_pending(lead), actor=actor, decision=LeadDecision.RECTIFICATION, note=note.strip()
    )
    rectification = rectification_create(
        source=RectificationSource.LEAD,
        unit=data.unit,
        owner=data.owner,
        title=data.title,
        problem=data.problem,
        deadline=data.deadline,
        actor=actor,
        lead=lead,
        entry=data.entry,
        steps=data.steps,
    )
    audit_record(
        action=actions.LEAD_DECIDE,
        actor=actor,
        obj=lead,
        data={"decision": lead.decision, "rectification": rectification.pk},
    )
    return rectification


def lead_create_from_feedback(*, feedback: Feedback) -> Lead:
    """A supervision opinion on a published register becomes a lead about the register's unit,
    once: Lead.feedback is one-to-one, so a second call (or a concurrent one) finds the first."""
    existing = Lead.objects.filter(feedback=feedback).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            lead = Lead.objects.create(
                source=LeadSource.FEEDBACK,
                summary=feedback.text,
                received_on=timezone.localdate(feedback.created_at),
                subject_unit=feedback.publication.register.unit,
                feedback=feedback,
            )
            audit_record(
                action=actions.LEAD_CREATE,
                actor=None,
                actor_name=_("系统"),
                obj=lead,
                data={"source": lead.source, "feedback": feedback.pk},
            )
    except IntegrityError:
        return Lead.objects.get(feedback=feedback)
    return lead


def leads_import_feedback() -> int:
    """Every supervision opinion without its lead gets one (the opinions sent before this area
    existed, or while its listener was not connected); returns how many."""
    waiting = Feedback.objects.filter(lead__isnull=True).select_related("publication__register")
    count = 0
    for feedback in waiting:
        lead_create_from_feedback(feedback=feedback)
        count += 1
    return count


def lead_record_view(*, lead: Lead, actor: User) -> None:
    """Every reading of a lead leaves an audit row."""
    audit_record(action=actions.LEAD_VIEW, actor=actor, obj=lead, data={})


def lead_list_record(*, actor: User, shown: int) -> None:
    """Reading the list of leads is audited like reading one (one row per page shown)."""
    audit_record(action=actions.LEAD_LIST, actor=actor, data={"count": shown})
