"""Who may see and do what with a rectification item (整改纠偏).

Seeing: the committee and administrators see every item; the owner his own; the responsible
unit's head and leader in charge theirs; whoever's unit scope (orgs.permissions.unit_scope) covers
the unit. An item that comes from a warning is confidential like its warning: only whoever may see
that warning sees it (oversight.warnings.permissions, the one rule of that circle: the
administrator is not above it), and every reading of it is audited by the views.

Doing: the committee creates items from any source, moves the deadline, returns and closes
(销号); a unit's head may create one for his own unit from an inspection, a review or another
source; the owner and the unit's head write the steps and the report and submit it for closure.
"""

from django.db.models import Q

from orgs.choices import Role
from orgs.models import Unit, User
from orgs.permissions import roles_of, sees_everything, unit_scope
from oversight.choices import RectificationSource, RectificationState
from oversight.models import Rectification
from oversight.warnings.permissions import can_see_warning, warnings_visible_to

# The sources a unit head may open an item from himself; the rest come from the committee's work.
HEAD_SOURCES = frozenset(
    {RectificationSource.INSPECTION, RectificationSource.REVIEW, RectificationSource.OTHER}
)


def is_committee(user: User) -> bool:
    return Role.COMMITTEE in roles_of(user)


# --- Seeing ---------------------------------------------------------------------------------


def can_see_rectification(user: User, rectification: Rectification) -> bool:
    """The one rule; rectifications_visible_to (selectors) is the same as a queryset."""
    if not user.is_authenticated:
        return False
    if rectification.warning_id is not None:
        assert rectification.warning is not None
        return can_see_warning(user, rectification.warning)
    if sees_everything(user) or rectification.owner_id == user.pk:
        return True
    unit = rectification.unit
    if user.pk in (unit.head_id, unit.leader_in_charge_id):
        return True
    scope = unit_scope(user)
    return scope is None or unit.pk in scope


def visible_filter(user: User) -> Q:
    """can_see_rectification as a filter on Rectification rows."""
    confidential = Q(warning__in=warnings_visible_to(user))
    if sees_everything(user):
        plain = Q(warning__isnull=True)
    else:
        scope = unit_scope(user)
        mine = (
            Q(owner=user)
            | Q(unit__head=user)
            | Q(unit__leader_in_charge=user)
            | Q(unit_id__in=scope or ())
        )
        plain = Q(warning__isnull=True) & mine
    return plain | confidential


# --- Doing ----------------------------------------------------------------------------------


def heads_unit(user: User, unit: Unit) -> bool:
    return bool(unit.head_id is not None and unit.head_id == user.pk)


def can_create_for(user: User, *, unit: Unit, source: str) -> bool:
    if is_committee(user):
        return True
    return heads_unit(user, unit) and source in HEAD_SOURCES


def can_create_any(user: User) -> bool:
    """Whether to offer 新建整改事项 at all: the committee, or the head of some unit."""
    return is_committee(user) or Unit.objects.filter(head=user).exists()


def is_responsible(user: User, rectification: Rectification) -> bool:
    """The owner or the head of the responsible unit: they carry the item out."""
    return rectification.owner_id == user.pk or heads_unit(user, rectification.unit)


def can_write_report(user: User, rectification: Rectification) -> bool:
    """Steps and report: while the item is open, by those carrying it out or the committee."""
    if rectification.state != RectificationState.OPEN:
        return False
    return is_responsible(user, rectification) or is_committee(user)


def can_change_deadline(user: User, rectification: Rectification) -> bool:
    return rectification.state != RectificationState.CLOSED and is_committee(user)


def can_submit(user: User, rectification: Rectification) -> bool:
    return rectification.state == RectificationState.OPEN and is_responsible(user, rectification)


def can_decide(user: User, rectification: Rectification) -> bool:
    """Return or close (销号) a submitted item: the committee, but never its own owner."""
    return (
        rectification.state == RectificationState.SUBMITTED
        and is_committee(user)
        and user.pk != rectification.owner_id
    )


def can_edit_evidence(user: User, rectification: Rectification) -> bool:
    """Add or remove evidence files: until the item is closed, by those carrying it out or the
    committee (the attachments area checks can_see_rectification first)."""
    if rectification.state == RectificationState.CLOSED:
        return False
    return is_responsible(user, rectification) or is_committee(user)


def can_see_board(user: User) -> bool:
    """监督看板: the committee and administrators."""
    return sees_everything(user)
