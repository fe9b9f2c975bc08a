"""Who may do what with the actions (措施落实) of a risk entry.

Actions follow the published register: they are not its content, so none of these rights depends
on the register's workflow state. Seeing an action follows seeing its register
(registers.selectors), with one addition: the owner always sees the action he was given, even
when he sits outside the unit whose unpublished register it belongs to — he could not carry it
out otherwise.
"""

from orgs.models import User
from orgs.permissions import sees_everything
from oversight.models import Action
from registers.models import Register, RiskEntry
from registers.permissions import can_fill
from registers.selectors import registers_visible_to


def may_see_register(user: User, register: Register) -> bool:
    """The register's own visibility rule (one query), so that the two never drift apart."""
    return registers_visible_to(user).filter(pk=register.pk).exists()


def may_edit_actions(user: User, entry: RiskEntry) -> bool:
    """Add, change and delete the actions of `entry`: whoever may fill its register (its unit's
    members, the post's holders, administrators) and the head of its unit."""
    if not user.is_authenticated:
        return False
    register = entry.register
    return can_fill(user, register) or register.unit.head_id == user.pk


def may_see_action(user: User, action: Action) -> bool:
    if not user.is_authenticated:
        return False
    return action.owner_id == user.pk or may_see_register(user, action.entry.register)


def may_report_progress(user: User, action: Action) -> bool:
    """Change the status and the progress note, add evidence: the owner, and the editors."""
    if not user.is_authenticated:
        return False
    return action.owner_id == user.pk or may_edit_actions(user, action.entry)


def may_verify(user: User, action: Action) -> bool:
    """Confirm that an action was carried out (核实): the head of the entry's unit, or a member of
    the discipline committee — never the owner himself, whose word it is that is being checked."""
    if not user.is_authenticated or action.owner_id == user.pk:
        return False
    return bool(user.is_committee_member) or action.entry.register.unit.head_id == user.pk


def may_set_inspection(user: User, action: Action) -> bool:
    """Put an action on the inspection list (检查清单) or take it off: the editors, and the
    committee, whose list it is."""
    if not user.is_authenticated:
        return False
    return bool(user.is_committee_member) or may_edit_actions(user, action.entry)


def may_see_inspection_list(user: User) -> bool:
    """The inspection list covers the whole organization: the committee and administrators."""
    return sees_everything(user)
