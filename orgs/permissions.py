"""Roles and scope: who a user is in the organization, derived from the org tree.

Both are computed once per request and cached on the user object, so a page that asks many times
costs one query for the roles and one for the tree.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from orgs.choices import PRINCIPAL_UNIT_KINDS, Role
from orgs.models import Unit, User

_ROLES_ATTR = "_qinglian_roles"
_SCOPE_ATTR = "_qinglian_scope"


def is_admin(user: User | AnonymousUser) -> bool:
    """The one rule for "is this person an administrator": a signed-in Django staff user or
    superuser (both reach the Django admin's data; the README's demo `admin` is both). Every
    check of the administrator's rights, and Role.ADMIN in roles_of, goes through here."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def admin_users() -> Q:
    """The same rule as is_admin, as a filter on User rows."""
    return Q(is_staff=True) | Q(is_superuser=True)


def roles_of(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles of DESIGN.md that `user` holds. Anonymous visitors hold none."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _ROLES_ATTR, None)
    if cached is not None:
        return cached
    roles: set[Role] = set()
    if user.unit_id:
        roles.add(Role.STAFF)
    for kind, head_id, leader_id in Unit.objects.filter(
        Q(head=user) | Q(leader_in_charge=user)
    ).values_list("kind", "head_id", "leader_in_charge_id"):
        if head_id == user.pk:
            roles.add(Role.PRINCIPAL if kind in PRINCIPAL_UNIT_KINDS else Role.DEPARTMENT_HEAD)
        if leader_id == user.pk:
            roles.add(Role.LEADER_IN_CHARGE)
    if user.is_committee_member:
        roles.add(Role.COMMITTEE)
    if user.is_party_group_member:
        roles.add(Role.PARTY_GROUP)
    if is_admin(user):
        roles.add(Role.ADMIN)
    result = frozenset(roles)
    setattr(user, _ROLES_ATTR, result)
    return result


def sees_everything(user: User | AnonymousUser) -> bool:
    """The discipline committee and administrators supervise the whole organization."""
    return bool(roles_of(user) & {Role.COMMITTEE, Role.ADMIN})


def descendants(unit_ids: Iterable[int], children: dict[int | None, list[int]]) -> set[int]:
    """`unit_ids` and every unit below them in the tree."""
    found: set[int] = set()
    stack = list(unit_ids)
    while stack:
        unit_id = stack.pop()
        if unit_id in found:
            continue
        found.add(unit_id)
        stack.extend(children.get(unit_id, []))
    return found


def unit_scope(user: User | AnonymousUser) -> frozenset[int] | None:
    """Ids of the units whose unpublished work `user` may see; None means every unit.

    Staff and department heads see their own unit; a principal sees his unit and everything below
    it; a leader in charge sees the units he oversees and everything below them; the committee and
    administrators see all.
    """
    if not user.is_authenticated:
        return frozenset()
    if sees_everything(user):
        return None
    return _scopes(user)[0]


def leading_scope(user: User | AnonymousUser) -> frozenset[int]:
    """Ids of the units `user` leads: those he heads (a department too) or oversees (分管), and
    everything below them. A person's own register is seen there, by whoever may have to sign it
    (see workflow.permissions.signer_of), not by his colleagues."""
    if not user.is_authenticated:
        return frozenset()
    return _scopes(user)[1]


def _scopes(user: User) -> tuple[frozenset[int], frozenset[int]]:
    """unit_scope and leading_scope from one reading of the unit tree, cached on the user."""
    cached = getattr(user, _SCOPE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    children: dict[int | None, list[int]] = defaultdict(list)
    roots: set[int] = set()
    led: set[int] = set()
    for unit_id, parent_id, head_id, leader_id, kind in Unit.objects.values_list(
        "id", "parent_id", "head_id", "leader_in_charge_id", "kind"
    ):
        children[parent_id].append(unit_id)
        if user.pk in (head_id, leader_id):
            led.add(unit_id)
        if leader_id == user.pk or (head_id == user.pk and kind in PRINCIPAL_UNIT_KINDS):
            roots.add(unit_id)
    scope = descendants(roots, children)
    if user.unit_id:
        scope.add(user.unit_id)
    result = (frozenset(scope), frozenset(descendants(led, children)))
    setattr(user, _SCOPE_ATTR, result)
    return result
