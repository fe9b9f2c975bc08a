"""Reads of the org tree."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from orgs.models import Post, Unit, User


@dataclass
class UnitNode:
    """One unit of the org tree with its children, people and posts, ready for a template."""

    unit: Unit
    depth: int
    children: list["UnitNode"] = field(default_factory=list)


def unit_tree() -> list[UnitNode]:
    """The whole org tree, roots first, in display order, with people and posts prefetched.

    Four queries however large the tree: units (with head and leader), people, posts, holders.
    """
    units = list(
        Unit.objects.select_related("head", "leader_in_charge").prefetch_related(
            Prefetch(
                "members", queryset=User.objects.filter(is_active=True).select_related("post")
            ),
            Prefetch("posts", queryset=Post.objects.order_by("order", "id")),
        )
    )
    by_parent: dict[int | None, list[Unit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)

    def build(parent_id: int | None, depth: int) -> list[UnitNode]:
        return [
            UnitNode(unit=unit, depth=depth, children=build(unit.pk, depth + 1))
            for unit in by_parent.get(parent_id, [])
        ]

    return build(None, 0)


def units_overseen_by(*, user: User) -> QuerySet[Unit]:
    """The 分管 range of a leader in charge."""
    return Unit.objects.filter(leader_in_charge=user).order_by("order", "code")
