"""Reads of registers, entries and authority items. One visibility selector per model: views build
on them, so an object outside the user's scope is a 404."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from orgs.models import User
from orgs.permissions import unit_scope
from registers.choices import RegisterState
from registers.models import AuthorityItem, Campaign, Category, Register, RiskEntry


def registers_visible_to(user: User | AnonymousUser) -> QuerySet[Register]:
    """Registers `user` may see: those of the units in his scope, and every published register."""
    registers = Register.objects.select_related("campaign", "unit", "post")
    if not user.is_authenticated:
        return registers.none()
    scope = unit_scope(user)
    if scope is None:
        return registers
    return registers.filter(Q(unit_id__in=scope) | Q(state=RegisterState.PUBLISHED))


def register_for_user(*, user: User, register_id: int) -> Register:
    """Fetch and authorize in one step: a register outside the user's scope is a 404."""
    return get_object_or_404(registers_visible_to(user), pk=register_id)


def entries_visible_to(user: User | AnonymousUser) -> QuerySet[RiskEntry]:
    return RiskEntry.objects.filter(register__in=registers_visible_to(user))


def authority_items_visible_to(user: User | AnonymousUser) -> QuerySet[AuthorityItem]:
    """Power and duty lists are public within the organization (they are published anyway)."""
    if not user.is_authenticated:
        return AuthorityItem.objects.none()
    return AuthorityItem.objects.select_related("unit")


def campaigns_visible_to(user: User | AnonymousUser) -> QuerySet[Campaign]:
    if not user.is_authenticated:
        return Campaign.objects.none()
    return Campaign.objects.select_related("category_set")


def current_campaign() -> Campaign | None:
    """The most recent started campaign."""
    return Campaign.objects.filter(started_at__isnull=False).order_by("-year", "-id").first()


@dataclass
class CategoryGroup:
    """A category with its entries, in the Annex's order; empty groups stay (Annex 2, note 1)."""

    category: Category
    entries: list[RiskEntry] = field(default_factory=list)


def entries_by_category(*, register: Register) -> list[CategoryGroup]:
    """Every category of the campaign's set, in order, each with its entries. Two queries."""
    groups = {
        category.pk: CategoryGroup(category=category)
        for category in Category.objects.filter(
            category_set_id=register.campaign.category_set_id
        ).order_by("order", "id")
    }
    entries = (
        RiskEntry.objects.filter(register=register)
        .select_related("responsible_leader", "authority_item")
        .order_by("category__order", "order", "id")
    )
    for entry in entries:
        group = groups.get(entry.category_id)
        if group is not None:
            group.entries.append(entry)
    return list(groups.values())


@dataclass(frozen=True)
class HighShare:
    """The share of grade-1 (high) entries against document 000's "about 20%"."""

    total: int
    high: int
    target: int
    tolerance: int

    @property
    def percent(self) -> float:
        return round(100 * self.high / self.total, 1) if self.total else 0.0

    @property
    def status(self) -> str:
        """ "ok", "high" or "low" against the band target ± tolerance; "empty" with no entry."""
        if not self.total:
            return "empty"
        if self.percent > self.target + self.tolerance:
            return "high"
        if self.percent < self.target - self.tolerance:
            return "low"
        return "ok"


def high_share(*, campaign: Campaign, grades: list[int]) -> HighShare:
    return HighShare(
        total=len(grades),
        high=sum(1 for grade in grades if grade == 1),
        target=campaign.high_share_target,
        tolerance=campaign.high_share_tolerance,
    )
