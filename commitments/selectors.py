"""Reads of the letters: one visibility selector (anything else is a 404), the person's and the
unit's letters (archives/ reads these), the tracker, the public page."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from commitments.choices import CommitmentKind, CommitmentState
from commitments.models import Commitment
from commitments.permissions import PUBLISHED_KINDS, can_see_all
from orgs.models import Unit, User
from registers.models import Campaign

_RELATED = ("campaign", "unit", "person", "signer", "signed_by", "register")


def commitments_visible_to(user: User | AnonymousUser) -> QuerySet[Commitment]:
    rows = Commitment.objects.select_related(*_RELATED)
    if not user.is_authenticated:
        return rows.none()
    if can_see_all(user):
        return rows
    return rows.filter(Q(person=user) | Q(signer=user))


def commitment_for(*, user: User, pk: int) -> Commitment:
    """Fetch and authorize in one step: a letter outside the user's sight does not exist."""
    try:
        return commitments_visible_to(user).get(pk=pk)
    except Commitment.DoesNotExist:
        raise Http404 from None


def commitments_of(person: User) -> QuerySet[Commitment]:
    """The person's own letters (personal letters and reports) across campaigns, newest first,
    superseded unsigned ones left out. For the integrity file (archives/): no access check here."""
    return (
        Commitment.objects.filter(person=person)
        .exclude(superseded_at__isnull=False, state=CommitmentState.UNSIGNED)
        .select_related(*_RELATED)
        .order_by("-campaign__year", "-campaign_id", "kind", "-register_version")
    )


def unit_commitments(unit: Unit) -> QuerySet[Commitment]:
    """The unit's department and unit letters across campaigns (the unit's integrity file),
    superseded unsigned ones left out. No access check here."""
    return (
        Commitment.objects.filter(unit=unit, kind__in=PUBLISHED_KINDS)
        .exclude(superseded_at__isnull=False, state=CommitmentState.UNSIGNED)
        .select_related(*_RELATED)
        .order_by("-campaign__year", "-campaign_id", "kind", "-register_version")
    )


def my_commitments(user: User) -> QuerySet[Commitment]:
    """我的承诺书: the letters the user is the subject or the signer of."""
    return (
        Commitment.objects.filter(Q(person=user) | Q(signer=user))
        .select_related(*_RELATED)
        .order_by("-campaign__year", "-campaign_id", "superseded_at", "state", "kind", "id")
    )


def to_sign(user: User) -> QuerySet[Commitment]:
    """The letters waiting for the user's signature."""
    return (
        Commitment.objects.filter(
            signer=user, state=CommitmentState.UNSIGNED, superseded_at__isnull=True
        )
        .select_related(*_RELATED)
        .order_by("sign_by", "id")
    )


def tracker_rows(
    *,
    campaign: Campaign | None,
    unit: Unit | None = None,
    kind: str = "",
    state: str = "",
) -> QuerySet[Commitment]:
    """Every letter still expected (not superseded), filtered; unsigned first."""
    rows = Commitment.objects.filter(superseded_at__isnull=True).select_related(*_RELATED)
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    if unit is not None:
        rows = rows.filter(unit=unit)
    if kind:
        rows = rows.filter(kind=kind)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("state", "sign_by", "unit__order", "kind", "id")


@dataclass
class TrackerCounts:
    total: int
    unsigned: int
    signed: int
    published: int
    unsigned_by_kind: dict[str, int]


def tracker_counts(rows: QuerySet[Commitment]) -> TrackerCounts:
    by_state = dict(
        rows.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    by_kind = dict(
        rows.filter(state=CommitmentState.UNSIGNED)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return TrackerCounts(
        total=sum(by_state.values()),
        unsigned=by_state.get(CommitmentState.UNSIGNED, 0),
        signed=by_state.get(CommitmentState.SIGNED, 0),
        published=by_state.get(CommitmentState.PUBLISHED, 0),
        unsigned_by_kind={
            str(label): by_kind.get(value, 0) for value, label in CommitmentKind.choices
        },
    )


def public_commitments(*, campaign: Campaign) -> list[Commitment]:
    """The published department and unit letters of the campaign: for each register and kind,
    the latest published version only."""
    seen: set[tuple[int, str]] = set()
    latest: list[Commitment] = []
    for letter in (
        Commitment.objects.filter(
            campaign=campaign, kind__in=PUBLISHED_KINDS, state=CommitmentState.PUBLISHED
        )
        .select_related("unit", "signed_by")
        .order_by("unit__order", "kind", "register_id", "-register_version")
    ):
        key = (letter.register_id, letter.kind)
        if key not in seen:
            seen.add(key)
            latest.append(letter)
    return latest
