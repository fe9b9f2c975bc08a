"""Writing rectification items (整改纠偏): create, update, submit for closure, return, close (销号).

Every function checks the actor's right (PermissionDenied), locks the row it changes, refuses a
move the state does not allow (DomainError, which the views show as a message), writes its audit
row and its notifications in the same transaction. They are not `durable`: the warnings and leads
areas call rectification_create inside their own transactions.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import actions
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import committee_members, notify
from orgs.models import Unit, User
from oversight.choices import RectificationSource, RectificationState
from oversight.models import Lead, Rectification, Warning
from oversight.rectification.permissions import (
    can_change_deadline,
    can_create_for,
    can_see_rectification,
    can_write_report,
    is_committee,
    is_responsible,
)
from oversight.warnings.permissions import DELIVERED_STATES, can_see_warning
from registers.exceptions import DomainError
from registers.models import RiskEntry

# The state moves, one table: action → (from, to).
MOVES: dict[str, tuple[str, str]] = {
    "submit": (RectificationState.OPEN, RectificationState.SUBMITTED),
    "return": (RectificationState.SUBMITTED, RectificationState.OPEN),
    "close": (RectificationState.SUBMITTED, RectificationState.CLOSED),
}


class RectificationStateError(DomainError):
    default_message = gettext_lazy("整改事项当前状态不允许此操作。")


def detail_url(rectification: Rectification) -> str:
    return reverse("oversight:rectification_detail", args=[rectification.pk])


def _locked(rectification: Rectification) -> Rectification:
    return (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("unit", "owner", "warning__subject_unit")
        .get(pk=rectification.pk)
    )


def _check_move(rectification: Rectification, move: str) -> str:
    before, after = MOVES[move]
    if rectification.state != before:
        raise RectificationStateError(
            _("整改事项当前为“%(state)s”,不能执行此操作。")
            % {"state": rectification.get_state_display()}
        )
    return after


def _tell(
    *, people: list[User | None], rectification: Rectification, actor: User, **message: Any
) -> None:
    """Notify those of `people` who may see the item: a confidential item's notice must not
    reach anyone outside its warning's circle."""
    allowed = [p for p in people if p is not None and can_see_rectification(p, rectification)]
    notify(recipients=allowed, url=detail_url(rectification), exclude=actor, **message)


@transaction.atomic
def rectification_create(
    *,
    source: str,
    unit: Unit,
    owner: User,
    title: str,
    problem: str,
    deadline: date,
    actor: User,
    warning: Warning | None = None,
    lead: Lead | None = None,
    entry: RiskEntry | None = None,
    steps: str = "",
) -> Rectification:
    """Open an item. The committee opens items from any source (a warning, a lead, a review, an
    inspection); a unit's head opens one for his own unit from an inspection, a review or another
    source. An item from a warning is as confidential as the warning, so its owner must be one
    of those who may see the warning."""
    if source not in RectificationSource.values:
        raise DomainError(_("整改来源无效。"), field="source")
    if not can_create_for(actor, unit=unit, source=source):
        raise PermissionDenied
    if (source == RectificationSource.WARNING) != (warning is not None):
        raise DomainError(_("来源为廉情预警的整改事项须关联该预警。"), field="warning")
    if source == RectificationSource.LEAD and lead is None:
        raise DomainError(_("来源为廉情信息的整改事项须关联该信息。"), field="lead")
    if warning is not None and warning.state not in DELIVERED_STATES:
        raise DomainError(_("该预警尚未经党委批准下达,不能据此建立整改事项。"), field="warning")
    title, problem = title.strip(), problem.strip()
    if not title:
        raise DomainError(_("请填写整改事项。"), field="title")
    if not problem:
        raise DomainError(_("请填写存在的问题。"), field="problem")
    if not owner.is_active:
        raise DomainError(_("整改责任人已停用。"), field="owner")
    if warning is not None and not can_see_warning(owner, warning):
        raise DomainError(
            _("整改责任人不在该预警的知悉范围内,请选择预警对象或责任部门负责人。"), field="owner"
        )
    rectification = Rectification.objects.create(
        source=source,
        warning=warning,
        lead=lead,
        entry=entry,
        unit=unit,
        owner=owner,
        title=title[:200],
        problem=problem,
        steps=steps.strip(),
        deadline=deadline,
        created_by=actor,
    )
    audit_record(
        action=actions.RECTIFICATION_CREATE,
        actor=actor,
        obj=rectification,
        data={
            "source": source,
            "unit": unit.pk,
            "owner": owner.pk,
            "deadline": deadline,
            "warning": warning.pk if warning else None,
            "lead": lead.pk if lead else None,
            "entry": entry.pk if entry else None,
        },
    )
    _tell(
        people=[owner],
        rectification=rectification,
        actor=actor,
        kind=NotificationKind.OTHER,
        title=_("整改事项:%(title)s") % {"title": rectification.title},
        body=_("您被确定为整改事项“%(title)s”的责任人,整改期限%(deadline)s。")
        % {"title": rectification.title, "deadline": deadline.isoformat()},
    )
    return rectification


@transaction.atomic
def rectification_update(
    *,
    rectification: Rectification,
    actor: User,
    steps: str | None = None,
    report: str | None = None,
    deadline: date | None = None,
) -> Rectification:
    """Change the steps and the report (while open: the owner, the unit's head, the committee)
    and the deadline (the committee only, until closed). None leaves a field as it is."""
    rectification = _locked(rectification)
    if not can_see_rectification(actor, rectification):
        raise PermissionDenied
    changed: dict[str, Any] = {}
    if steps is not None and steps.strip() != rectification.steps:
        changed["steps"] = steps.strip()
    if report is not None and report.strip() != rectification.report:
        changed["report"] = report.strip()
    if changed and not can_write_report(actor, rectification):
        if rectification.state != RectificationState.OPEN:
            raise RectificationStateError(
                _("整改事项已提请销号或已销号,不能再修改整改措施和整改情况。")
            )
        raise PermissionDenied
    old_deadline = rectification.deadline
    if deadline is not None and deadline != old_deadline:
        if not can_change_deadline(actor, rectification):
            if rectification.state == RectificationState.CLOSED:
                raise RectificationStateError(_("整改事项已销号,不能修改期限。"))
            raise PermissionDenied
        changed["deadline"] = deadline
    if not changed:
        return rectification
    for name, value in changed.items():
        setattr(rectification, name, value)
    rectification.save(update_fields=[*changed, "updated_at"])
    data: dict[str, Any] = {"fields": sorted(changed)}
    if "deadline" in changed:
        data["deadline"] = {"from": old_deadline, "to": deadline}
    audit_record(action=actions.RECTIFICATION_UPDATE, actor=actor, obj=rectification, data=data)
    if "deadline" in changed:
        assert deadline is not None
        _tell(
            people=[rectification.owner, rectification.unit.head],
            rectification=rectification,
            actor=actor,
            kind=NotificationKind.OTHER,
            title=_("整改期限调整:%(title)s") % {"title": rectification.title},
            body=_("整改事项“%(title)s”的整改期限由%(old)s调整为%(new)s。")
            % {
                "title": rectification.title,
                "old": old_deadline.isoformat(),
                "new": deadline.isoformat(),
            },
        )
    return rectification


@transaction.atomic
def rectification_submit(
    *, rectification: Rectification, actor: User, report: str | None = None
) -> Rectification:
    """The owner or the unit's head reports the rectification done and asks for closure (提请销
    号): open → submitted. A report text is required (given here, or saved before)."""
    rectification = _locked(rectification)
    if not can_see_rectification(actor, rectification):
        raise PermissionDenied
    if not is_responsible(actor, rectification):
        raise PermissionDenied
    after = _check_move(rectification, "submit")
    text = (report if report is not None else rectification.report).strip()
    if not text:
        raise DomainError(_("请填写整改情况后再提请销号。"), field="report")
    rectification.report = text
    rectification.state = after
    rectification.submitted_at = timezone.now()
    rectification.save(update_fields=["report", "state", "submitted_at", "updated_at"])
    audit_record(
        action=actions.RECTIFICATION_SUBMIT,
        actor=actor,
        obj=rectification,
        data={"from": RectificationState.OPEN, "to": after},
    )
    _tell(
        people=list(committee_members()),
        rectification=rectification,
        actor=actor,
        kind=NotificationKind.OTHER,
        title=_("提请销号:%(title)s") % {"title": rectification.title},
        body=_("%(unit)s报告整改事项“%(title)s”已整改完成,提请销号。")
        % {"unit": rectification.unit.name, "title": rectification.title},
    )
    return rectification


def _decide(*, rectification: Rectification, actor: User, note: str, move: str) -> Rectification:
    rectification = _locked(rectification)
    if not can_see_rectification(actor, rectification) or not is_committee(actor):
        raise PermissionDenied
    if actor.pk == rectification.owner_id:
        raise PermissionDenied  # nobody closes or returns his own item
    after = _check_move(rectification, move)
    note = note.strip()
    if not note:
        raise DomainError(
            _("请填写退回理由。") if move == "return" else _("请填写销号意见。"), field="note"
        )
    fields = ["state", "updated_at"]
    rectification.state = after
    if move == "close":
        rectification.closed_by = actor
        rectification.closed_at = timezone.now()
        rectification.close_note = note
        fields += ["closed_by", "closed_at", "close_note"]
    rectification.save(update_fields=fields)
    audit_record(
        action=actions.RECTIFICATION_RETURN if move == "return" else actions.RECTIFICATION_CLOSE,
        actor=actor,
        obj=rectification,
        data={"from": RectificationState.SUBMITTED, "to": after, "note": note},
    )
    context = {"title": rectification.title, "note": note}
    if move == "return":
        kind = NotificationKind.RETURNED
        title = _("整改事项被退回:%(title)s") % context
        body = (
            _("纪委退回了整改事项“%(title)s”,请继续整改后重新提请销号。退回理由:%(note)s") % context
        )
    else:
        kind = NotificationKind.OTHER
        title = _("整改事项已销号:%(title)s") % context
        body = _("整改事项“%(title)s”已经纪委审核销号。销号意见:%(note)s") % context
    _tell(
        people=[rectification.owner, rectification.unit.head],
        rectification=rectification,
        actor=actor,
        kind=kind,
        title=title,
        body=body,
    )
    return rectification


@transaction.atomic
def rectification_return(*, rectification: Rectification, actor: User, note: str) -> Rectification:
    """The committee sends a submitted item back to be worked on (submitted → open), saying why."""
    return _decide(rectification=rectification, actor=actor, note=note, move="return")


@transaction.atomic
def rectification_close(*, rectification: Rectification, actor: User, note: str) -> Rectification:
    """销号: the committee accepts the rectification (submitted → closed), with its opinion."""
    return _decide(rectification=rectification, actor=actor, note=note, move="close")
