"""Reads of the workflow: the action panel of a register, its history, the inboxes, the
committee's overview and the published registers."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission

from orgs.inbox import InboxItem, InboxSection
from orgs.models import User
from registers.choices import RegisterLevel, RegisterState
from registers.models import Campaign, Register
from registers.selectors import registers_visible_to, ungraded_entry_count
from workflow.models import Feedback, PublishedVersion, Signature, Transition
from workflow.permissions import (
    STAGE_PERMISSIONS,
    handles_feedback,
    has_stage_permission,
    may_act,
)
from workflow.transitions import ACTION_LABELS, USER_ACTIONS, Action, submit_refusal

STAGE_CODENAMES = list(STAGE_PERMISSIONS.values())
ACTION_STYLES: dict[str, str] = {
    Action.SUBMIT: "primary",
    Action.SIGN: "success",
    Action.APPROVE: "success",
    Action.DELIBERATE: "success",
    Action.PUBLISH: "success",
    Action.RETURN: "outline-danger",
    Action.REOPEN: "outline-secondary",
}
STATE_BADGES: dict[str, str] = {
    RegisterState.DRAFT: "secondary",
    RegisterState.SUBMITTED: "info",
    RegisterState.SIGNED: "primary",
    RegisterState.APPROVED: "warning",
    RegisterState.DELIBERATED: "warning",
    RegisterState.PUBLISHED: "success",
    RegisterState.RETURNED: "danger",
}


@dataclass(frozen=True)
class PanelAction:
    """One button of the panel: a POST form to workflow:act."""

    action: str
    label: str | Promise
    url: str
    style: str
    needs_reason: bool
    needs_password: bool
    # Why the move would be refused as the register stands (an ungraded entry keeps it from
    # being submitted): the panel shows this and a disabled button. "" when nothing does.
    blocked: str = ""


@dataclass
class RegisterPanel:
    """The context of templates/workflow/partials/_register_panel.html (see its header)."""

    register: Register
    state_label: str
    badge: str
    actions: list[PanelAction]
    return_transition: Transition | None
    sent_back_transition: Transition | None
    valid_signature: Signature | None
    voided_signatures: list[Signature] = field(default_factory=list)
    history_url: str = ""
    review_url: str = ""


def _stage_permission_ids(user: User) -> list[int]:
    content_type = ContentType.objects.get_for_model(Register)
    return [
        int(pk)
        for pk in UserObjectPermission.objects.filter(
            user=user, content_type=content_type, permission__codename__in=STAGE_CODENAMES
        ).values_list("object_pk", flat=True)
    ]


def workflow_registers_for(user: User) -> QuerySet[Register]:
    """Registers `user` may open in the workflow pages: those visible to him (registers'
    selector) and those at a stage whose object permission he holds — a party group member
    deliberates registers outside his own unit scope, and loses sight of them when the stage
    passes (unless they are published)."""
    visible = registers_visible_to(user)
    if not user.is_authenticated:
        return visible
    return visible | Register.objects.filter(pk__in=_stage_permission_ids(user)).select_related(
        "campaign", "unit", "post", "person"
    )


def workflow_register_for(*, user: User, register_id: int) -> Register:
    """Fetch and authorize in one step: outside the user's reach is a 404."""
    return get_object_or_404(workflow_registers_for(user), pk=register_id)


def available_actions(
    *, user: User, register: Register, ungraded: int | None = None
) -> list[PanelAction]:
    """The moves `user` may make now: the table allows them, the org gives him the right, and
    (for a review stage) he holds the stage's object permission. A move the register's content
    keeps from succeeding is listed with the reason (`blocked`). `ungraded`: the number of
    ungraded entries where the caller has counted them (the pages that show the entries),
    counted here otherwise, and only when the user may submit."""
    actions = []
    for action in USER_ACTIONS:
        if may_act(user, register, action) and has_stage_permission(user, register, action):
            blocked = ""
            if action == Action.SUBMIT:
                if ungraded is None:
                    ungraded = ungraded_entry_count(register=register)
                blocked = submit_refusal(register=register, ungraded=ungraded)
            actions.append(
                PanelAction(
                    action=action,
                    label=ACTION_LABELS[action],
                    url=reverse("workflow:act", args=[register.pk, action]),
                    style=ACTION_STYLES[action],
                    needs_reason=action == Action.RETURN,
                    needs_password=action == Action.SIGN,
                    blocked=blocked,
                )
            )
    return actions


def register_panel(*, user: User, register: Register, ungraded: int | None = None) -> RegisterPanel:
    """Build the panel's context for `user` looking at `register` (already visible to him);
    `ungraded` as for available_actions."""
    last = (
        Transition.objects.filter(register=register)
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    signatures = list(
        Signature.objects.filter(register=register, version=register.version).select_related(
            "signer"
        )
    )
    return RegisterPanel(
        register=register,
        state_label=str(register.get_state_display()),
        badge=STATE_BADGES.get(register.state, "secondary"),
        actions=available_actions(user=user, register=register, ungraded=ungraded),
        return_transition=(
            last
            if last is not None
            and last.action == Action.RETURN
            and register.state == RegisterState.RETURNED
            else None
        ),
        sent_back_transition=(
            last
            if last is not None
            and last.action == Action.CONTENT_CHANGED
            and register.state == RegisterState.DRAFT
            else None
        ),
        valid_signature=next((s for s in signatures if s.voided_at is None), None),
        voided_signatures=[s for s in signatures if s.voided_at is not None],
        history_url=reverse("workflow:history", args=[register.pk]),
        review_url=reverse("workflow:register", args=[register.pk]),
    )


def register_history(*, register: Register) -> tuple[list[Transition], list[Signature]]:
    transitions = list(
        Transition.objects.filter(register=register)
        .select_related("actor")
        .order_by("created_at", "id")
    )
    signatures = list(
        Signature.objects.filter(register=register)
        .select_related("signer")
        .order_by("signed_at", "id")
    )
    return transitions, signatures


# --- inbox ----------------------------------------------------------------------------------

INBOX_SIZE = 5
# The inbox's section of each review stage (each state with a stage permission), in its order.
INBOX_STAGES: dict[str, tuple[str, Promise]] = {
    RegisterState.SUBMITTED: ("to_sign", _("待我签字")),
    RegisterState.SIGNED: ("to_review", _("待纪委审核")),
    RegisterState.APPROVED: ("to_deliberate", _("待党组研究")),
    RegisterState.DELIBERATED: ("to_publish", _("待公示")),
}


def registers_with_stage_permission(*, user: User, codename: str, state: str) -> QuerySet[Register]:
    """Registers in `state` on which `user` holds the stage permission `codename`."""
    ids = UserObjectPermission.objects.filter(
        user=user,
        permission__codename=codename,
        content_type=ContentType.objects.get_for_model(Register),
    ).values_list("object_pk", flat=True)
    return (
        Register.objects.filter(state=state, pk__in=[int(pk) for pk in ids])
        .select_related("unit", "post", "person", "campaign")
        .order_by("unit__order", "level", "id")
    )


def returned_to(user: User) -> QuerySet[Register]:
    """Returned registers the user fills: his unit's (unit/department level), his post's, or
    his own (PERSONAL)."""
    if not user.unit_id:
        return Register.objects.none()
    mine = registers_visible_to(user).filter(state=RegisterState.RETURNED)
    own_unit = mine.filter(unit_id=user.unit_id).exclude(
        level__in=(RegisterLevel.POST, RegisterLevel.PERSONAL)
    )
    own_post = mine.filter(post_id=user.post_id) if user.post_id else mine.none()
    own_person = mine.filter(level=RegisterLevel.PERSONAL, person_id=user.pk)
    headed = mine.filter(unit__head=user).exclude(level=RegisterLevel.PERSONAL)
    return (
        (own_unit | own_post | own_person | headed)
        .distinct()
        .order_by("unit__order", "level", "id")
    )


def _section(
    key: str, title: str | Promise, registers: QuerySet[Register], empty: str | Promise
) -> InboxSection:
    items = [
        InboxItem(
            title=register.title,
            url=reverse("workflow:register", args=[register.pk]),
            detail=str(register.get_state_display()),
        )
        for register in registers[:INBOX_SIZE]
    ]
    return InboxSection(
        key=key, title=title, count=registers.count(), items=items, empty_text=empty
    )


def inbox_sections(user: User) -> list[InboxSection]:
    """What waits for `user` in the workflow; a section only for those whose role has one."""
    sections: list[InboxSection] = []
    # Who waits at a stage is whoever holds its object permission (workflow.permissions).
    for state, (key, title) in INBOX_STAGES.items():
        registers = registers_with_stage_permission(
            user=user, codename=STAGE_PERMISSIONS[state], state=state
        )
        if registers.exists():
            sections.append(_section(key, title, registers, _("暂无")))
    returned = returned_to(user)
    if returned.exists():
        sections.append(_section("returned", _("退回给我修改"), returned, _("暂无")))
    if handles_feedback(user):
        open_feedback = Feedback.objects.filter(handled_at__isnull=True).select_related(
            "publication"
        )
        count = open_feedback.count()
        if count:
            sections.append(
                InboxSection(
                    key="feedback",
                    title=_("待处理监督意见"),
                    count=count,
                    items=[
                        InboxItem(
                            title=feedback.publication.title,
                            url=reverse("workflow:feedback"),
                            detail=feedback.text[:60],
                        )
                        for feedback in open_feedback[:INBOX_SIZE]
                    ],
                    more_url=reverse("workflow:feedback"),
                )
            )
    return sections


# --- committee overview ---------------------------------------------------------------------


@dataclass
class UnitRow:
    unit_id: int
    unit_name: str
    registers: list[Register]


@dataclass
class Overview:
    campaign: Campaign | None
    rows: list[UnitRow]
    counts: list[tuple[str, str, int]]  # (state, label, count) in the workflow's order
    total: int


def campaign_overview(*, campaign: Campaign | None) -> Overview:
    """Every register of the campaign grouped by unit, and how many sit in each state. One
    query for the registers (with unit and post)."""
    if campaign is None:
        return Overview(campaign=None, rows=[], counts=[], total=0)
    registers = list(
        Register.objects.filter(campaign=campaign)
        .select_related("unit", "post", "person", "campaign")
        .order_by("unit__order", "unit__code", "level", "post__order", "person__name", "id")
    )
    rows: list[UnitRow] = []
    for register in registers:
        if not rows or rows[-1].unit_id != register.unit_id:
            rows.append(
                UnitRow(unit_id=register.unit_id, unit_name=register.unit.name, registers=[])
            )
        rows[-1].registers.append(register)
    counter = Counter(register.state for register in registers)
    counts = [(state, str(label), counter.get(state, 0)) for state, label in RegisterState.choices]
    return Overview(campaign=campaign, rows=rows, counts=counts, total=len(registers))


# --- publication ----------------------------------------------------------------------------


def latest_publications(*, campaign: Campaign) -> list[PublishedVersion]:
    """The latest published version of each register of the campaign (one query)."""
    seen: set[int] = set()
    latest = []
    # A person's own register is published to his circle only (registers_visible_to), never on
    # the organization's or the public list.
    publications = PublishedVersion.objects.filter(campaign=campaign).exclude(
        level=RegisterLevel.PERSONAL
    )
    for publication in publications.order_by("unit_order", "level", "register_id", "-version"):
        if publication.register_id not in seen:
            seen.add(publication.register_id)
            latest.append(publication)
    return latest


def campaigns_with_publications() -> QuerySet[Campaign]:
    return Campaign.objects.filter(pk__in=PublishedVersion.objects.values("campaign_id")).order_by(
        "-year", "-id"
    )


def publication_open(*, campaign: Campaign, today: date | None = None) -> bool:
    """Inside the campaign's publication period (both ends included; an open end is open)."""
    today = today or timezone.localdate()
    if campaign.publication_start is None:
        return False
    if today < campaign.publication_start:
        return False
    return campaign.publication_end is None or today <= campaign.publication_end


def public_campaign(today: date | None = None) -> Campaign | None:
    """The most recent campaign whose publication period is open, if any (it may have nothing
    published yet: the page then says so rather than "not in the period")."""
    for campaign in Campaign.objects.order_by("-year", "-id"):
        if publication_open(campaign=campaign, today=today):
            return campaign
    return None


def entry_groups(publication: PublishedVersion) -> list[tuple[str, list[dict]]]:
    """The snapshot's entries grouped by category, in order."""
    groups: dict[str, list[dict]] = {}
    for entry in sorted(
        publication.entries, key=lambda e: (e.get("category_order", 0), e.get("order", 0))
    ):
        groups.setdefault(entry["category"], []).append(entry)
    return list(groups.items())


def feedback_list(*, handled: bool | None = None) -> QuerySet[Feedback]:
    rows = Feedback.objects.select_related("publication", "author", "handled_by")
    if handled is not None:
        rows = rows.filter(handled_at__isnull=not handled)
    return rows.order_by("handled_at", "-created_at", "-id")
