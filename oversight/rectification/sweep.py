"""The daily deadline sweep of oversight: rectification items still open and actions (防控措施落实)
not done yet.

- Before a deadline: a reminder to the owner on each of OVERSIGHT_REMINDER_DAYS (3 and 1 days
  before, by default).
- After it: an overdue notice (逾期督办) to the owner and the responsible unit's head, and, for a
  rectification item, to the committee; on the first day after the deadline, then every
  OVERSIGHT_OVERDUE_REPEAT_DAYS, and on the first sweep after a missed day.

Each chase is sent at most once per object, kind and day: its DeadlineChase row is inserted first,
in the same transaction as its notifications, and the unique constraint makes a concurrent or
repeated sweep that finds the row taken skip it (on PostgreSQL the second insert waits for the
first transaction and then fails; SQLite serializes the writers).

Like the schedule's sweep, it writes no audit row: it decides nothing and changes no item, and
what it sent is recorded in its DeadlineChase rows.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import NotificationKind
from notifications.services import committee_members, notify, unique_people
from orgs.models import User
from oversight.choices import ActionStatus, ChaseKind, RectificationState
from oversight.models import Action, DeadlineChase, Rectification
from oversight.rectification.permissions import can_see_rectification

DEFAULT_REMINDER_DAYS = (3, 1)
DEFAULT_OVERDUE_REPEAT_DAYS = 7


def reminder_days() -> tuple[int, ...]:
    return tuple(getattr(settings, "OVERSIGHT_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def overdue_repeat_days() -> int:
    return int(getattr(settings, "OVERSIGHT_OVERDUE_REPEAT_DAYS", DEFAULT_OVERDUE_REPEAT_DAYS))


@dataclass
class Chase:
    """One chase to send: its object, kind, how many days before (negative: after) the deadline,
    and to whom. A chase of another app's object (a review answer, an assessment to score) says
    what it is, its name, deadline and page itself (`what`, `name`, `deadline`, `url`)."""

    target: models.Model
    kind: str
    days_before: int
    recipients: list[User]
    committee: bool = False  # the committee hears of it in its daily digest
    what: str = ""
    name: str = ""
    deadline: date | None = None
    url: str = ""


# Apps above oversight add the deadlines they keep (review answers, assessment scoring): each
# source gives the chases due on a day, built with `chase_kind` and `told_overdue`.
ChaseSource = Callable[[date], list[Chase]]
_sources: list[ChaseSource] = []


def register_chase_source(source: ChaseSource) -> None:
    if source not in _sources:
        _sources.append(source)


@dataclass
class SweepResult:
    sent: list[DeadlineChase] = field(default_factory=list)

    def keys(self) -> set[tuple[str, int, str]]:
        return {(c.content_type.model, c.object_id, c.kind) for c in self.sent}


def chase_kind(deadline: date, today: date, already_overdue: bool) -> tuple[str, int] | None:
    """(kind, days before the deadline) if `today` is a day to chase this deadline."""
    days_before = (deadline - today).days
    if days_before >= 0:
        return (ChaseKind.REMINDER, days_before) if days_before in reminder_days() else None
    days_after = -days_before
    if (days_after - 1) % overdue_repeat_days() == 0 or not already_overdue:
        return ChaseKind.OVERDUE, days_before
    return None


def told_overdue(model: type[models.Model], ids: list[int]) -> set[int]:
    """The objects that have had an overdue notice already (a missed sweep day is caught up
    only for those that never had one)."""
    return set(
        DeadlineChase.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=ids,
            kind=ChaseKind.OVERDUE,
        ).values_list("object_id", flat=True)
    )


def _rectification_chases(today: date) -> list[Chase]:
    items = list(
        Rectification.objects.filter(state=RectificationState.OPEN)
        .select_related("unit__head", "owner", "warning__subject_unit")
        .order_by("pk")
    )
    told = told_overdue(Rectification, [r.pk for r in items if r.deadline < today])
    chases: list[Chase] = []
    for item in items:
        found = chase_kind(item.deadline, today, item.pk in told)
        if found is None:
            continue
        kind, days_before = found
        people: list[User | None] = [item.owner]
        if kind == ChaseKind.OVERDUE:
            people.append(item.unit.head)
        # A confidential item is chased only inside its warning's circle.
        recipients = [p for p in unique_people(people) if can_see_rectification(p, item)]
        chases.append(
            Chase(item, kind, days_before, recipients, committee=kind == ChaseKind.OVERDUE)
        )
    return chases


def _action_chases(today: date) -> list[Chase]:
    items = list(
        Action.objects.filter(owner__isnull=False, deadline__isnull=False)
        .exclude(status=ActionStatus.DONE)
        .select_related("owner", "entry__register__unit__head")
        .order_by("pk")
    )
    told = told_overdue(Action, [a.pk for a in items if a.deadline and a.deadline < today])
    chases: list[Chase] = []
    for item in items:
        assert item.deadline is not None
        found = chase_kind(item.deadline, today, item.pk in told)
        if found is None:
            continue
        kind, days_before = found
        people: list[User | None] = [item.owner]
        if kind == ChaseKind.OVERDUE:
            people.append(item.entry.register.unit.head)
        chases.append(Chase(item, kind, days_before, unique_people(people)))
    return chases


def deadline_sweep(today: date | None = None) -> SweepResult:
    """Chase every open rectification item and every action not done (see the module's doc)."""
    today = today or timezone.localdate()
    chases = _rectification_chases(today) + _action_chases(today)
    for source in _sources:
        chases += source(today)
    if not chases:
        return SweepResult()
    return SweepResult(sent=_send(chases, today))


@transaction.atomic
def _send(chases: list[Chase], today: date) -> list[DeadlineChase]:
    committee = committee_members()
    claimed: list[tuple[DeadlineChase, Chase]] = []
    now = timezone.now()
    for chase in chases:
        recipients = list(chase.recipients)
        if chase.committee:
            assert isinstance(chase.target, Rectification)
            recipients += [p for p in committee if can_see_rectification(p, chase.target)]
        try:
            # The savepoint keeps the outer transaction usable when the row is already taken.
            with transaction.atomic():
                row = DeadlineChase.objects.create(
                    content_type=ContentType.objects.get_for_model(chase.target),
                    object_id=chase.target.pk,
                    kind=chase.kind,
                    day=today,
                    recipients=",".join(p.username for p in unique_people(recipients)),
                    created_at=now,
                )
        except IntegrityError:
            continue
        claimed.append((row, chase))
    digest: dict[int, list[Rectification]] = defaultdict(list)
    for _row, chase in claimed:
        title, body, url = _message(chase)
        notify(
            recipients=chase.recipients,
            kind=NotificationKind.REMINDER
            if chase.kind == ChaseKind.REMINDER
            else NotificationKind.OVERDUE,
            title=title,
            body=body,
            url=url,
        )
        if chase.committee and isinstance(chase.target, Rectification):
            for person in committee:
                if can_see_rectification(person, chase.target):
                    digest[person.pk].append(chase.target)
    # The committee hears of every overdue item, in one notice a day, not one per item.
    people = {person.pk: person for person in committee}
    for person_id, items in digest.items():
        notify(
            recipients=[people[person_id]],
            kind=NotificationKind.OVERDUE,
            title=_("%(count)s项整改事项逾期未完成") % {"count": len(items)},
            body=_("以下整改事项已超过整改期限:%(items)s。")
            % {
                "items": ";".join(
                    f"{item.unit.name}“{item.title}”({item.deadline.isoformat()})" for item in items
                )
            },
            url=reverse("oversight:board"),
        )
    return [row for row, _chase in claimed]


def _message(chase: Chase) -> tuple[str, str, str]:
    target = chase.target
    if chase.what:
        assert chase.deadline is not None
        deadline, what, name, url = chase.deadline, chase.what, chase.name, chase.url
    elif isinstance(target, Rectification):
        name = target.title
        what = _("整改事项")
        url = reverse("oversight:rectification_detail", args=[target.pk])
        deadline = target.deadline
    else:
        assert isinstance(target, Action) and target.deadline is not None
        name = target.content[:60]
        what = _("防控措施")
        url = reverse("oversight:action_edit", args=[target.pk])
        deadline = target.deadline
    context = {
        "what": what,
        "name": name,
        "deadline": deadline.isoformat(),
        "days": abs(chase.days_before),
    }
    if chase.kind == ChaseKind.REMINDER:
        title = _("还有%(days)s天到期:%(name)s") % context
        body = _("%(what)s“%(name)s”将于%(deadline)s到期(还有%(days)s天),请抓紧落实。") % context
    else:
        title = _("已逾期%(days)s天:%(name)s") % context
        body = (
            _(
                "%(what)s“%(name)s”已于%(deadline)s到期,逾期%(days)s天仍未完成,请责任人抓紧落实,部门负责人督促办理。"
            )
            % context
        )
    return title, body, url
