"""Who may see a unit's standing on a row of the schedule, and who may mark it done or withdraw
that mark (the same people: whoever may say "done" may take it back)."""

from django.contrib.auth.models import AnonymousUser

from orgs.choices import Role
from orgs.models import Unit, User
from orgs.permissions import roles_of, unit_scope
from schedule.models import ScheduleTask
from schedule.responsibility import Mode, task_mode


def may_see_cell(user: User | AnonymousUser, *, task: ScheduleTask, unit: Unit) -> bool:
    """A lead-only row concerns the whole organization: everyone signed in sees how it stands.
    A unit's own row is seen by those whose scope holds the unit (orgs.permissions.unit_scope:
    the unit's people, its leader in charge, the principal above it, the committee, admins)."""
    if not user.is_authenticated:
        return False
    if task_mode(task) == Mode.LEAD:
        return True
    scope = unit_scope(user)
    return scope is None or unit.pk in scope


def may_complete(user: User | AnonymousUser, *, unit: Unit) -> bool:
    """The unit's own people and its head answer for it; the committee, which runs the campaign,
    and administrators may answer for any unit. A leader in charge or a principal above the unit
    oversees it but does not answer for it."""
    if not user.is_authenticated:
        return False
    if roles_of(user) & {Role.COMMITTEE, Role.ADMIN}:
        return True
    return user.unit_id == unit.pk or unit.head_id == user.pk
