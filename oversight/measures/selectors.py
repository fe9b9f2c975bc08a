"""Reads of actions (措施落实): what a user may see, his own open actions, the inspection list,
and the grade-1 entries that still lack a planned action."""

from collections import defaultdict
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.inbox import InboxItem, InboxSection
from orgs.models import User
from oversight.choices import ActionStatus
from oversight.models import Action, Attachment
from registers.models import Register, RiskEntry
from registers.selectors import entries_visible_to, registers_visible_to

# What every page showing an action with its entry and register needs, fetched in one query.
ACTION_RELATED = (
    "owner",
    "verified_by",
    "entry__category",
    "entry__responsible_leader",
    "entry__register__campaign",
    "entry__register__unit",
    "entry__register__post",
)


def _by_deadline(actions: QuerySet[Action]) -> QuerySet[Action]:
    # The earliest deadline first, actions without one last: overdue actions (deadline before
    # today) come before every action still in time, without a computed "overdue" column.
    return actions.order_by(F("deadline").asc(nulls_last=True), "id")


def actions_visible_to(user: User) -> QuerySet[Action]:
    """Actions of the registers `user` may see, and the actions he owns wherever they are."""
    return Action.objects.filter(
        Q(entry__register__in=registers_visible_to(user)) | Q(owner=user)
    ).select_related(*ACTION_RELATED)


def action_for_user(*, user: User, action_id: int) -> Action:
    """Fetch and authorize in one step: an action the user may not see is a 404."""
    return get_object_or_404(actions_visible_to(user), pk=action_id)


def entry_for_user(*, user: User, entry_id: int) -> RiskEntry:
    """An entry of a register the user may see, with what its actions page shows; else 404."""
    return get_object_or_404(
        entries_visible_to(user).select_related(
            "category",
            "responsible_leader",
            "register__campaign",
            "register__unit",
            "register__post",
        ),
        pk=entry_id,
    )


def actions_of_entry(*, entry: RiskEntry) -> list[Action]:
    actions = _by_deadline(
        Action.objects.filter(entry=entry).select_related("owner", "verified_by")
    )
    result = list(actions)
    for action in result:
        # Spare each action's rights check a query for the entry it came from.
        action.entry = entry
    return result


def evidence_of(actions: Sequence[Action]) -> dict[int, list[Attachment]]:
    """The attachments of several actions, by action id, in one query."""
    found: dict[int, list[Attachment]] = defaultdict(list)
    if not actions:
        return found
    attachments = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Action),
        object_id__in=[action.pk for action in actions],
    ).order_by("uploaded_at", "id")
    for attachment in attachments:
        found[attachment.object_id].append(attachment)
    return found


def actions_owned_by(*, user: User, show: str = "open") -> QuerySet[Action]:
    """The actions `user` owns: "open" (not yet carried out), "done", or "all" (the open ones
    first); each group overdue first."""
    actions = Action.objects.filter(owner=user).select_related(*ACTION_RELATED)
    if show == "open":
        return _by_deadline(actions.exclude(status=ActionStatus.DONE))
    if show == "done":
        return _by_deadline(actions.filter(status=ActionStatus.DONE))
    return actions.order_by(
        Case(When(status=ActionStatus.DONE, then=Value(1)), default=Value(0)),
        F("deadline").asc(nulls_last=True),
        "id",
    )


def inspection_actions(
    *, campaign_id: int | None = None, unit_id: int | None = None, status: str = ""
) -> QuerySet[Action]:
    """The inspection list (检查清单): every action put on it whose entry is of grade 1 (document
    004: the committee checks the measures of the posts graded 一级), by campaign and unit. An
    action whose entry was graded down since stays marked but leaves the list."""
    actions = Action.objects.filter(on_inspection_list=True, entry__grade=1).select_related(
        *ACTION_RELATED
    )
    if campaign_id:
        actions = actions.filter(entry__register__campaign_id=campaign_id)
    if unit_id:
        actions = actions.filter(entry__register__unit_id=unit_id)
    if status:
        actions = actions.filter(status=status)
    return actions.order_by(
        "-entry__register__campaign__year",
        "entry__register__campaign_id",
        "entry__register__unit__order",
        "entry__register__unit__code",
        "entry__register_id",
        "entry__category__order",
        "entry__order",
        "entry_id",
        F("deadline").asc(nulls_last=True),
        "id",
    )


def high_entries_without_planned_action(*, register: Register) -> int:
    """How many grade-1 entries of `register` have no action with both an owner and a deadline:
    one query."""
    planned = Action.objects.filter(
        entry=OuterRef("pk"), owner__isnull=False, deadline__isnull=False
    )
    return RiskEntry.objects.filter(register=register, grade=1).filter(~Exists(planned)).count()


INBOX_SIZE = 5


def inbox_sections(user: User) -> list[InboxSection]:
    """我的落实措施: the actions the user owns and has not carried out yet, overdue first; no
    section for someone who owns none."""
    actions = actions_owned_by(user=user, show="open")
    first = list(actions[: INBOX_SIZE + 1])
    if not first:
        return []
    count = len(first) if len(first) <= INBOX_SIZE else actions.count()
    today = timezone.localdate()
    items = []
    for action in first[:INBOX_SIZE]:
        if action.deadline is None:
            when = _("未定期限")
        elif action.deadline < today:
            when = _("已逾期(期限 %(date)s)") % {"date": action.deadline.isoformat()}
        else:
            when = _("期限 %(date)s") % {"date": action.deadline.isoformat()}
        items.append(
            InboxItem(
                title=action.content[:40],
                url=reverse("oversight:action_edit", args=[action.pk]),
                detail=" · ".join(
                    [action.entry.register.unit.name, action.get_status_display(), when]
                ),
            )
        )
    return [
        InboxSection(
            key="my_actions",
            title=gettext_lazy("我的落实措施"),
            count=count,
            items=items,
            more_url=reverse("oversight:my_actions"),
            empty_text=gettext_lazy("没有待落实的措施"),
        )
    ]
