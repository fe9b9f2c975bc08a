"""Reading rectification items and the measures carried out as actions: what a user may see, his
own open items, an item's history, a unit's ledger (整改台账 / 措施落实台账)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from audit import actions
from audit.labels import action_label
from audit.models import AuditEntry
from orgs.models import Unit, User
from orgs.permissions import sees_everything, unit_scope
from oversight.choices import ActionStatus, RectificationState
from oversight.models import Action, Rectification
from oversight.rectification.permissions import can_see_rectification, visible_filter

# Audit actions shown as an item's history (its views are left out: they are not events of it).
HISTORY_ACTIONS = (
    actions.RECTIFICATION_CREATE,
    actions.RECTIFICATION_UPDATE,
    actions.RECTIFICATION_SUBMIT,
    actions.RECTIFICATION_RETURN,
    actions.RECTIFICATION_CLOSE,
)


def _related(queryset: QuerySet[Rectification]) -> QuerySet[Rectification]:
    return queryset.select_related(
        "unit", "owner", "warning__subject_unit", "lead", "closed_by", "created_by"
    )


def rectifications_visible_to(user: User) -> QuerySet[Rectification]:
    """Every item `user` may see (permissions.can_see_rectification as a queryset)."""
    return _related(Rectification.objects.filter(visible_filter(user)))


def rectification_for_user(*, user: User, pk: int) -> Rectification:
    """The item, if `user` may see it; 404 otherwise (outside his circle it does not exist)."""
    rectification = _related(Rectification.objects.filter(pk=pk)).first()
    if rectification is None or not can_see_rectification(user, rectification):
        raise Http404
    return rectification


def is_overdue(rectification: Rectification, today: date | None = None) -> bool:
    """Past its deadline and still being worked on. An item submitted for closure waits for the
    committee, not for its owner, so it is not overdue."""
    today = today or timezone.localdate()
    return rectification.state == RectificationState.OPEN and rectification.deadline < today


def action_overdue(action: Action, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        action.status != ActionStatus.DONE
        and action.deadline is not None
        and action.deadline < today
    )


def overdue_first(rectification: Rectification, today: date) -> tuple[bool, date, int]:
    return (not is_overdue(rectification, today), rectification.deadline, rectification.pk)


def my_open_rectifications(user: User) -> list[Rectification]:
    """我的整改事项: the items the user owns and still has to carry out, overdue first."""
    today = timezone.localdate()
    items = _related(Rectification.objects.filter(owner=user, state=RectificationState.OPEN))
    return sorted(items, key=lambda r: overdue_first(r, today))


def awaiting_closure() -> QuerySet[Rectification]:
    """Submitted items waiting for the committee's 销号."""
    return _related(Rectification.objects.filter(state=RectificationState.SUBMITTED)).order_by(
        "submitted_at", "pk"
    )


@dataclass
class HistoryLine:
    at: object
    who: str
    what: str
    note: str


def rectification_history(rectification: Rectification) -> list[HistoryLine]:
    """What happened to the item, from the audit trail: who opened it, changed it, submitted it,
    returned it (with the reason: the model keeps only the closing note) and closed it."""
    entries = AuditEntry.objects.filter(
        object_type=Rectification._meta.label_lower,
        object_id=str(rectification.pk),
        action__in=HISTORY_ACTIONS,
    ).order_by("id")
    return [
        HistoryLine(
            at=entry.created_at,
            who=entry.actor_name,
            what=action_label(entry.action),
            note=str(entry.data.get("note", "")),
        )
        for entry in entries
    ]


# --- A unit's ledger ------------------------------------------------------------------------


def ledger_units(user: User) -> QuerySet[Unit]:
    """The units whose ledger `user` may open: all for the committee and administrators, those
    of his unit scope for anyone else."""
    scope = unit_scope(user)
    units = Unit.objects.all()
    if scope is not None:
        units = units.filter(pk__in=scope)
    return units.order_by("order", "code")


def ledger_unit_for(*, user: User, unit_id: int | None) -> Unit:
    """The unit asked for (default: the user's own), 404 outside the user's scope."""
    units = ledger_units(user)
    if unit_id is None:
        # Someone without a unit of his own (an administrator) starts at the first he may see.
        unit = units.filter(pk=user.unit_id).first() if user.unit_id else units.first()
    else:
        unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def ledger_rectifications(*, user: User, unit: Unit) -> list[Rectification]:
    """The unit's items the user may see (a confidential one only inside its warning's circle),
    open before closed, overdue first, then by deadline."""
    today = timezone.localdate()
    items = rectifications_visible_to(user).filter(unit=unit)
    return sorted(
        items,
        key=lambda r: (r.state == RectificationState.CLOSED, *overdue_first(r, today)),
    )


def ledger_actions(*, unit: Unit) -> list[Action]:
    """The actions of the unit's risk entries (every register of the unit, every campaign),
    not done before done, overdue first, then by deadline."""
    today = timezone.localdate()
    items = Action.objects.filter(entry__register__unit=unit).select_related(
        "owner", "entry__register__campaign", "verified_by"
    )
    return sorted(
        items,
        key=lambda a: (
            a.status == ActionStatus.DONE,
            not action_overdue(a, today),
            a.deadline or date.max,
            a.pk,
        ),
    )


def stats_rectifications(user: User) -> QuerySet[Rectification]:
    """The items counted in the statistics: every item for the committee and administrators
    (counts only), the visible ones for anyone else."""
    if sees_everything(user):
        return Rectification.objects.all()
    return Rectification.objects.filter(visible_filter(user) & Q(warning__isnull=True))
