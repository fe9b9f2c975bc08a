"""Who may fill in a register. Visibility (who may see one) is registers.selectors."""

from orgs.models import Unit, User
from orgs.permissions import is_admin
from registers.choices import EDITABLE_STATES, RegisterLevel
from registers.models import Register


def can_fill(user: User, register: Register) -> bool:
    """The filler's right: members of the register's unit (for a post-level register, the holders
    of the post and the unit's head; for a PERSONAL register, the person alone), and
    administrators. The state is checked separately."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if register.level == RegisterLevel.PERSONAL:
        return user.pk == register.person_id
    if register.level == RegisterLevel.POST:
        return user.post_id == register.post_id or register.unit.head_id == user.pk
    return user.unit_id == register.unit_id or register.unit.head_id == user.pk


def is_editable(register: Register) -> bool:
    return register.state in EDITABLE_STATES


def can_keep_authority_items(user: User, unit: Unit) -> bool:
    """A unit keeps its own power and duty list: its members and its head; administrators
    anywhere."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    return user.unit_id == unit.pk or unit.head_id == user.pk
