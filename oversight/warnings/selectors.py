"""Reading leads and warnings: always through the visibility rules of permissions.py, so that a
lead or warning outside the reader's circle is a 404."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import actions
from audit.labels import action_label
from audit.models import AuditEntry
from orgs.choices import Role
from orgs.inbox import InboxItem, InboxSection
from orgs.models import Unit, User
from orgs.permissions import roles_of
from oversight.choices import LeadDecision, WarningLevel, WarningState
from oversight.models import Lead, Warning
from oversight.warnings.permissions import (
    DELIVERED_STATES,
    leads_visible_to,
    warnings_visible_to,
)
from registers.choices import RegisterState
from registers.models import RiskEntry

INBOX_SIZE = 5

# The audit actions that are steps of a warning (its readings are left out of its history).
HISTORY_ACTIONS = (
    actions.WARNING_CREATE,
    actions.WARNING_UPDATE,
    actions.WARNING_SUBMIT,
    actions.WARNING_APPROVE,
    actions.WARNING_REJECT,
    actions.WARNING_ANSWER,
    actions.WARNING_RETURN,
    actions.WARNING_CLOSE,
)


def warning_url(warning: Warning) -> str:
    return reverse("oversight:warning_detail", args=[warning.pk])


def _related(queryset: QuerySet[Warning]) -> QuerySet[Warning]:
    return queryset.select_related("subject_user", "subject_unit", "started_by", "approved_by")


def warning_for(*, user: User, pk: int) -> Warning:
    """The warning, if `user` is in its circle; 404 otherwise."""
    warning = _related(warnings_visible_to(user)).filter(pk=pk).first()
    if warning is None:
        raise Http404
    return warning


def lead_for(*, user: User, pk: int) -> Lead:
    lead = (
        leads_visible_to(user)
        .select_related("subject_user", "subject_unit", "feedback__publication", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if lead is None:
        raise Http404
    return lead


# --- the register (预警台账) ----------------------------------------------------------------


@dataclass
class WarningFilters:
    level: str = ""
    state: str = ""
    disposal: str = ""
    unit: Unit | None = None
    year: int | None = None


@dataclass
class LevelRow:
    level: str
    label: str
    counts: list[int]  # per state, in WarningState's order
    total: int


@dataclass
class WarningRegister:
    warnings: list[Warning]
    rows: list[LevelRow]
    state_labels: list[tuple[str, str]]
    state_totals: list[int]
    total: int


def warning_register(*, user: User, filters: WarningFilters) -> WarningRegister:
    """The warnings `user` may see, filtered, with the count of each level in each state (of all
    the visible ones, before the filters). Two queries: the counts, the rows."""
    visible = warnings_visible_to(user)
    counter: Counter[tuple[str, str]] = Counter(
        {
            (row["level"], row["state"]): row["n"]
            for row in visible.order_by().values("level", "state").annotate(n=Count("id"))
        }
    )
    states = list(WarningState.choices)
    rows = [
        LevelRow(
            level=level,
            label=str(label),
            counts=[counter[(level, state)] for state, _label in states],
            total=sum(counter[(level, state)] for state, _label in states),
        )
        for level, label in WarningLevel.choices
    ]
    state_totals = [
        sum(counter[(level, state)] for level, _l in WarningLevel.choices) for state, _s in states
    ]
    chosen = visible
    if filters.level:
        chosen = chosen.filter(level=filters.level)
    if filters.state:
        chosen = chosen.filter(state=filters.state)
    if filters.disposal:
        chosen = chosen.filter(disposal=filters.disposal)
    if filters.unit is not None:
        chosen = chosen.filter(subject_unit=filters.unit)
    if filters.year is not None:
        chosen = chosen.filter(
            Q(issued_at__year=filters.year)
            | Q(issued_at__isnull=True, created_at__year=filters.year)
        )
    return WarningRegister(
        warnings=list(_related(chosen).order_by("-created_at", "-id")),
        rows=rows,
        state_labels=[(state, str(label)) for state, label in states],
        state_totals=state_totals,
        total=sum(state_totals),
    )


def my_warnings(user: User) -> QuerySet[Warning]:
    """我的预警: the issued warnings addressed to `user`, or to the department he heads when he
    is in their circle."""
    return _related(
        warnings_visible_to(user)
        .filter(state__in=DELIVERED_STATES)
        .filter(Q(subject_user=user) | Q(subject_unit__head=user))
    ).order_by("-issued_at", "-id")


def awaiting_answer_by(user: User) -> QuerySet[Warning]:
    """Issued warnings whose rectification report `user` owes (permissions.answerer_id)."""
    return _related(
        Warning.objects.filter(state=WarningState.ISSUED).filter(
            Q(subject_user=user) | Q(subject_user__isnull=True, subject_unit__head=user)
        )
    ).order_by("deadline", "id")


@dataclass
class HistoryLine:
    at: datetime
    who: str
    what: str
    note: str


def warning_history(warning: Warning) -> list[HistoryLine]:
    """The steps of the warning, from the audit trail, with their notes: a return's note lives
    only there; the party committee's note (approval_note) and the closing note on the model
    belong to the last approval or rejection and to the closing."""
    entries = list(
        AuditEntry.objects.filter(
            object_type=Warning._meta.label_lower,
            object_id=str(warning.pk),
            action__in=HISTORY_ACTIONS,
        ).order_by("id")
    )
    decisions = [
        index
        for index, entry in enumerate(entries)
        if entry.action in (actions.WARNING_APPROVE, actions.WARNING_REJECT)
    ]
    lines = []
    for index, entry in enumerate(entries):
        note = str(entry.data.get("note", ""))
        if decisions and index == decisions[-1]:
            note = warning.approval_note
        elif entry.action == actions.WARNING_CLOSE:
            note = warning.close_note
        lines.append(
            HistoryLine(
                at=entry.created_at,
                who=entry.actor_name,
                what=action_label(entry.action),
                note=note,
            )
        )
    return lines


def published_entries(unit: Unit | None = None) -> QuerySet[RiskEntry]:
    """The entries of published registers a lead or a warning may refer to: of `unit` (and the
    units below it) when given."""
    entries = RiskEntry.objects.filter(register__state=RegisterState.PUBLISHED)
    if unit is not None:
        entries = entries.filter(register__unit__in=_unit_and_below(unit))
    return entries.select_related("register__unit", "register__post").order_by(
        "register__unit__order", "register__unit__code", "register_id", "order", "id"
    )


def _unit_and_below(unit: Unit) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(unit_id)
    found, stack = [], [unit.pk]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def issuer_name(unit: Unit) -> str:
    """The body that issues the notice: the discipline committee of the organization the
    department belongs to (the top of its tree), unless OVERSIGHT_WARNING_ISSUER names it."""
    configured: str = getattr(settings, "OVERSIGHT_WARNING_ISSUER", "")
    if configured:
        return configured
    root = unit
    seen = {root.pk}
    while root.parent_id is not None and root.parent_id not in seen:
        root = Unit.objects.get(pk=root.parent_id)
        seen.add(root.pk)
    return _("中共%(unit)s纪律检查委员会") % {"unit": root.name}


def chinese_date(day: date) -> str:
    return _("%(year)d年%(month)d月%(day)d日") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def paragraphs(text: str) -> list[str]:
    """A text as the notice's indented paragraphs, one per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def notice_context(warning: Warning) -> dict[str, Any]:
    """What the notice (预警通知书) prints."""
    assert warning.approved_at is not None
    unit = warning.subject_unit
    if warning.subject_user is not None:
        addressee = _("%(unit)s %(name)s同志") % {
            "unit": unit.name,
            "name": warning.subject_user.name or warning.subject_user.username,
        }
    else:
        addressee = unit.name
    return {
        "warning": warning,
        "issuer": issuer_name(unit),
        "addressee": addressee,
        "you": _("你") if warning.subject_user is not None else _("你部门"),
        "facts": paragraphs(warning.facts),
        "requirement": paragraphs(warning.requirement),
        "copy_to": unit.name if warning.subject_user is not None else "",
        "issued_on": chinese_date(timezone.localdate(warning.approved_at)),
        "deadline": chinese_date(warning.deadline),
    }


# --- leads ----------------------------------------------------------------------------------


@dataclass
class LeadFilters:
    source: str = ""
    decision: str = ""


def lead_list(*, user: User, filters: LeadFilters) -> tuple[list[Lead], dict[str, int]]:
    """The leads, filtered, and how many wait for each decision (of all of them)."""
    visible = leads_visible_to(user)
    counts = {
        row["decision"]: row["n"]
        for row in visible.order_by().values("decision").annotate(n=Count("id"))
    }
    chosen = visible
    if filters.source:
        chosen = chosen.filter(source=filters.source)
    if filters.decision:
        chosen = chosen.filter(decision=filters.decision)
    leads = list(
        chosen.select_related("subject_user", "subject_unit").order_by("-received_on", "-id")
    )
    return leads, counts


# --- the inbox ------------------------------------------------------------------------------


def _items(warnings: QuerySet[Warning], detail: str = "") -> list[InboxItem]:
    return [
        InboxItem(
            title=str(warning),
            url=warning_url(warning),
            detail=detail
            or _("%(unit)s · 期限 %(deadline)s")
            % {"unit": warning.subject_unit.name, "deadline": warning.deadline.isoformat()},
        )
        for warning in warnings[:INBOX_SIZE]
    ]


def inbox_sections(user: User) -> list[InboxSection]:
    """需要我报告整改的预警 for the subject, 待批准的预警 for the party group, 待销号的预警 and
    待研判的廉情信息 for the committee."""
    sections: list[InboxSection] = []
    owed = awaiting_answer_by(user)
    if count := owed.count():
        sections.append(
            InboxSection(
                key="warnings_to_answer",
                title=gettext_lazy("需要我报告整改的预警"),
                count=count,
                items=_items(owed),
                more_url=reverse("oversight:my_warnings"),
            )
        )
    roles = roles_of(user)
    register_url = reverse("oversight:warning_list")
    if Role.PARTY_GROUP in roles:
        pending = _related(Warning.objects.filter(state=WarningState.PENDING_APPROVAL))
        if count := pending.count():
            sections.append(
                InboxSection(
                    key="warnings_to_approve",
                    title=gettext_lazy("待批准的预警"),
                    count=count,
                    items=_items(pending.order_by("updated_at", "id")),
                    more_url=f"{register_url}?state={WarningState.PENDING_APPROVAL}",
                )
            )
    if Role.COMMITTEE in roles:
        answered = _related(Warning.objects.filter(state=WarningState.ANSWERED))
        if count := answered.count():
            sections.append(
                InboxSection(
                    key="warnings_to_close",
                    title=gettext_lazy("待销号的预警"),
                    count=count,
                    items=_items(answered.order_by("answered_at", "id")),
                    more_url=f"{register_url}?state={WarningState.ANSWERED}",
                )
            )
        leads = Lead.objects.filter(decision=LeadDecision.PENDING)
        if count := leads.count():
            sections.append(
                InboxSection(
                    key="leads_to_decide",
                    title=gettext_lazy("待研判的廉情信息"),
                    count=count,
                    items=[
                        InboxItem(
                            title=lead.get_source_display(),
                            url=reverse("oversight:lead_detail", args=[lead.pk]),
                            detail=lead.received_on.isoformat(),
                        )
                        for lead in leads.order_by("received_on", "id")[:INBOX_SIZE]
                    ],
                    more_url=reverse("oversight:lead_list") + f"?decision={LeadDecision.PENDING}",
                )
            )
    return sections
