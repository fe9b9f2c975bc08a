"""Reads of registers, entries and authority items. One visibility selector per model: views build
on them, so an object outside the user's scope is a 404."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from orgs.models import User
from orgs.permissions import leading_scope, unit_scope
from registers.categories import MAJOR_SET
from registers.choices import FILLING_STATES, RegisterLevel, RegisterState
from registers.data import ENTRY_ATTNAMES
from registers.models import (
    AuthorityItem,
    Campaign,
    Category,
    CategorySet,
    ProcedureStep,
    Register,
    RiskEntry,
)


def registers_visible_to(user: User | AnonymousUser) -> QuerySet[Register]:
    """Registers `user` may see: those of the units in his scope, and every published register;
    a PERSONAL register only by the person himself and by those who lead his unit (not by his
    colleagues, even once published); the committee and administrators see everything."""
    registers = Register.objects.select_related("campaign", "unit", "post", "person")
    if not user.is_authenticated:
        return registers.none()
    scope = unit_scope(user)
    if scope is None:
        return registers
    personal = Q(level=RegisterLevel.PERSONAL)
    return registers.filter(
        (~personal & (Q(unit_id__in=scope) | Q(state=RegisterState.PUBLISHED)))
        | (personal & (Q(person_id=user.pk) | Q(unit_id__in=leading_scope(user))))
    )


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


def campaign_from_query(
    query: QueryDict,
    campaigns: QuerySet[Campaign] | Sequence[Campaign],
    *,
    default: Callable[[], Campaign | None] = current_campaign,
) -> Campaign | None:
    """The campaign a page shows, picked by `?campaign=<id>` among `campaigns` (those the page
    offers): an id that is not among them is a 404; without a usable id (none, empty, not a
    number), `default()` — the current campaign unless the page has another."""
    try:
        campaign_id = int(query.get("campaign", ""))
    except ValueError:
        return default()
    if isinstance(campaigns, QuerySet):
        campaign = campaigns.filter(pk=campaign_id).first()
    else:
        campaign = next((c for c in campaigns if c.pk == campaign_id), None)
    if campaign is None:
        raise Http404
    return campaign


def category_set_id_for(register: Register) -> int:
    """The category set a register's entries use: the four 三重一大 matters for a MAJOR register
    (document 001, 附件5), the campaign's set for any other. Every reading of a register's
    categories (entry form, import, exports, entry_clean) goes through here."""
    if register.level == RegisterLevel.MAJOR:
        return CategorySet.objects.values_list("pk", flat=True).get(name=MAJOR_SET)
    return register.campaign.category_set_id


def categories_for(register: Register) -> QuerySet[Category]:
    """The register's categories, in the form's order (see category_set_id_for)."""
    return Category.objects.filter(category_set_id=category_set_id_for(register)).order_by(
        "order", "id"
    )


@dataclass
class CategoryGroup:
    """A category with its entries, in the Annex's order; empty groups stay (Annex 2, note 1)."""

    category: Category
    entries: list[RiskEntry] = field(default_factory=list)


def entries_by_category(*, register: Register) -> list[CategoryGroup]:
    """Every category of the campaign's set, in order, each with its entries. Two queries."""
    groups = {
        category.pk: CategoryGroup(category=category) for category in categories_for(register)
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
    """The share of grade-1 (high) entries against document 000's "about 20%". `total` counts
    the graded entries only: an ungraded one (an imported row whose file gave no grade) is
    neither high nor not, and counting it would lower the share until it is graded; `ungraded`
    says how many were left out."""

    total: int
    high: int
    target: int
    tolerance: int
    ungraded: int = 0

    @property
    def entries(self) -> int:
        """Every entry, graded or not."""
        return self.total + self.ungraded

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


def high_share(*, campaign: Campaign, grades: Sequence[int | None]) -> HighShare:
    """The share among `grades`, one per entry, None for an ungraded entry."""
    graded = [grade for grade in grades if grade is not None]
    return HighShare(
        total=len(graded),
        high=sum(1 for grade in graded if grade == 1),
        target=campaign.high_share_target,
        tolerance=campaign.high_share_tolerance,
        ungraded=len(grades) - len(graded),
    )


def ungraded_entry_count(*, register: Register) -> int:
    """How many of the register's entries have no grade yet: it cannot be submitted until none."""
    return RiskEntry.objects.filter(register=register, grade__isnull=True).count()


# --- Lists with counts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    """A line of the register list: the register, its entry count and its high-risk share."""

    register: Register
    entry_count: int
    high_count: int
    ungraded_count: int = 0

    @property
    def share(self) -> HighShare:
        campaign = self.register.campaign
        return HighShare(
            total=self.entry_count - self.ungraded_count,
            high=self.high_count,
            target=campaign.high_share_target,
            tolerance=campaign.high_share_tolerance,
            ungraded=self.ungraded_count,
        )


def register_rows(
    *,
    user: User | AnonymousUser,
    campaign_id: int | None = None,
    level: str = "",
    state: str = "",
    unit_id: int | None = None,
) -> list[RegisterRow]:
    """The visible registers, filtered, each with its number of entries, of grade-1 (high)
    entries and of ungraded entries: one query however many registers."""
    registers = registers_visible_to(user)
    if campaign_id:
        registers = registers.filter(campaign_id=campaign_id)
    if level:
        registers = registers.filter(level=level)
    if state:
        registers = registers.filter(state=state)
    if unit_id:
        registers = registers.filter(unit_id=unit_id)
    counted = registers.annotate(
        entry_count=Count("entries"),
        high_count=Count("entries", filter=Q(entries__grade=1)),
        ungraded_count=Count("entries", filter=Q(entries__grade__isnull=True)),
    ).order_by("campaign__year", "campaign_id", "unit__order", "level", "post__order", "id")
    return [
        RegisterRow(
            register=register,
            entry_count=register.entry_count,
            high_count=register.high_count,
            ungraded_count=register.ungraded_count,
        )
        for register in counted
    ]


@dataclass
class UnitShare:
    """A unit's high-risk share over all its registers of a campaign (unit, department and post
    level together)."""

    unit_name: str
    campaign: Campaign
    total: int = 0  # graded entries, as HighShare.total
    high: int = 0
    ungraded: int = 0

    @property
    def share(self) -> HighShare:
        return HighShare(
            total=self.total,
            high=self.high,
            target=self.campaign.high_share_target,
            tolerance=self.campaign.high_share_tolerance,
            ungraded=self.ungraded,
        )


def unit_shares(rows: list[RegisterRow]) -> list[UnitShare]:
    """Per (campaign, unit) totals of the register list's rows."""
    shares: dict[tuple[int, int], UnitShare] = {}
    for row in rows:
        register = row.register
        key = (register.campaign_id, register.unit_id)
        share = shares.setdefault(
            key, UnitShare(unit_name=register.unit.name, campaign=register.campaign)
        )
        share.total += row.entry_count - row.ungraded_count
        share.high += row.high_count
        share.ungraded += row.ungraded_count
    return list(shares.values())


def registers_fillable_by(user: User | AnonymousUser) -> QuerySet[Register]:
    """Registers waiting for `user` to fill in: his own (PERSONAL), those of his own unit and post
    and of the unit he heads, in an editable state. Administrators may fill anything, but their
    inbox would then list every draft of the organization, so only their own unit's count here."""
    if not user.is_authenticated:
        return Register.objects.none()
    personal = Q(level=RegisterLevel.PERSONAL)
    own = (Q(unit__head_id=user.pk) & ~personal) | Q(person_id=user.pk)
    if user.unit_id:
        own |= Q(unit_id=user.unit_id) & ~Q(level__in=(RegisterLevel.POST, RegisterLevel.PERSONAL))
    if user.post_id:
        own |= Q(level=RegisterLevel.POST, post_id=user.post_id)
    return (
        registers_visible_to(user)
        .filter(own, state__in=FILLING_STATES, campaign__started_at__isnull=False)
        .order_by("-campaign__year", "unit__order", "level", "post__order")
    )


def authority_items_filtered(
    *,
    user: User | AnonymousUser,
    unit_id: int | None = None,
    kind: str = "",
    category: str = "",
    search: str = "",
) -> QuerySet[AuthorityItem]:
    items = authority_items_visible_to(user).annotate(step_count=Count("steps"))
    if unit_id:
        items = items.filter(unit_id=unit_id)
    if kind:
        items = items.filter(kind=kind)
    if category:
        items = items.filter(category=category)
    if search:
        items = items.filter(
            Q(name__icontains=search)
            | Q(legal_basis__icontains=search)
            | Q(responsible_subject__icontains=search)
        )
    return items.order_by("unit__order", "order", "id")


def authority_item_for_user(*, user: User, item_id: int) -> AuthorityItem:
    items = authority_items_visible_to(user).prefetch_related(
        Prefetch("steps", queryset=ProcedureStep.objects.order_by("order", "id"))
    )
    return get_object_or_404(items, pk=item_id)


def leader_choices() -> QuerySet[User]:
    """People who can be a responsible leader: unit heads (principals and department heads) and
    leaders in charge."""
    return (
        User.objects.filter(Q(headed_units__isnull=False) | Q(overseen_units__isnull=False))
        .distinct()
        .order_by("name")
    )


# --- Roll forward ------------------------------------------------------------------------------

# Every field the filler gives, by column, so that comparing fetches no related row.
ENTRY_COMPARED_FIELDS = tuple(ENTRY_ATTNAMES.values())


@dataclass
class RollForward:
    """How a rolled-forward register differs from its source: a status per entry id ("new",
    "changed", "unchanged") and the source entries no longer present."""

    source: Register
    status: dict[int, str]
    removed: list[RiskEntry]

    @property
    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for status in self.status.values():
            counts[status] += 1
        return counts


def roll_forward_changes(*, register: Register, entries: list[RiskEntry]) -> RollForward | None:
    """Compare the entries with the register's source (one query), or None without a source."""
    if register.source_id is None:
        return None
    source = Register.objects.select_related("campaign").get(pk=register.source_id)
    originals = {
        entry.pk: entry
        for entry in RiskEntry.objects.filter(register_id=register.source_id)
        .select_related("category")
        .order_by("category__order", "order", "id")
    }
    status: dict[int, str] = {}
    kept: set[int] = set()
    for entry in entries:
        original = originals.get(entry.source_entry_id or 0)
        if original is None:
            status[entry.pk] = "new"
            continue
        kept.add(original.pk)
        same = all(
            getattr(entry, name) == getattr(original, name) for name in ENTRY_COMPARED_FIELDS
        )
        status[entry.pk] = "unchanged" if same else "changed"
    removed = [entry for pk, entry in originals.items() if pk not in kept]
    return RollForward(source=source, status=status, removed=removed)


def personal_register_of(*, user: User, campaign: Campaign | None = None) -> Register | None:
    """The person's own register (我的个人清单) in `campaign`, or in the most recent started
    campaign that gave him one: his PERSONAL register, or — in a campaign that covers key posts
    only — the register of the key post he holds."""
    own = Q(level=RegisterLevel.PERSONAL, person_id=user.pk)
    if user.post_id is not None:
        own |= Q(level=RegisterLevel.POST, post_id=user.post_id)
    registers = Register.objects.filter(own, campaign__started_at__isnull=False).select_related(
        "campaign", "unit", "person"
    )
    if campaign is not None:
        registers = registers.filter(campaign=campaign)
    # A campaign has one or the other; should it have both (a PERSONAL register made by hand
    # beside a key post's), his own comes first.
    own_first = Case(When(level=RegisterLevel.PERSONAL, then=0), default=1)
    return registers.order_by("-campaign__year", "-campaign_id", own_first, "pk").first()
