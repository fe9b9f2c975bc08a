"""Who hears of each workflow step, and what they read: the notifications of a transition and
of supervision feedback, written through notifications.services.notify in the step's own
transaction."""

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import NotificationKind
from notifications.services import committee_members, notify, unique_people
from orgs.models import User
from registers.choices import RegisterLevel
from registers.models import Register
from workflow.models import Transition
from workflow.permissions import people_acting
from workflow.transitions import SENT_BACK_BY_EDIT, Action, Actor, party_group_stage, stage_actor


def register_concerned(register: Register) -> list[User]:
    """Everyone concerned by a register's publication: its fillers, the unit head, the signer,
    the leader in charge and the principal of the bureau. A person's own register concerns him
    and his signer only."""
    unit = register.unit
    people: list[User | None] = [
        *people_acting(Actor.FILLER, on=register),
        *people_acting(Actor.SIGNER, on=register),
    ]
    if register.level == RegisterLevel.PERSONAL:
        return unique_people(people)
    people.append(unit.leader_in_charge)
    root = unit
    while root.parent_id is not None and root.parent is not None:
        root = root.parent
    people.append(root.head)
    return unique_people(people)


def register_url(register: Register) -> str:
    return reverse("registers:register_detail", args=[register.pk])


def notify_feedback(*, feedback_text: str, register: Register, actor: User | None = None) -> None:
    """Supervision feedback on a register (监督意见) goes to the committee only: it may be a
    complaint about the very people who fill the register."""
    notify(
        recipients=committee_members(),
        kind=NotificationKind.FEEDBACK,
        title=_("监督反馈:%(title)s") % {"title": register.title},
        body=feedback_text,
        url=register_url(register),
        register=register,
        exclude=actor,
    )


def transition_recipients(*, transition: Transition, register: Register) -> list[User]:
    """Who hears of a step: whoever the table says acts at the state it led to — the signer
    after a submission, the committee after the signature, the party group (or, without that
    stage, the committee as publisher) after the approval, the fillers after a return or a
    reopening. Two steps are told more widely: a publication to everyone concerned
    (register_concerned), and an edit that sent the register back to everyone whose stage it
    left (the signer and the committee, SENT_BACK_BY_EDIT), since their signature or review
    no longer covers the content."""
    if transition.action == Action.PUBLISH:
        return register_concerned(register)
    if transition.action == Action.CONTENT_CHANGED:
        return unique_people(
            person
            for state in SENT_BACK_BY_EDIT
            for person in people_acting(stage_actor(state), on=register)
        )
    return people_acting(stage_actor(transition.to_state), on=register)


def queue_transition_notifications(*, transition: Transition) -> None:
    """Record who must hear of `transition` and start the delivery on commit."""
    register = Register.objects.select_related(
        "unit__head", "unit__leader_in_charge", "post", "person", "campaign"
    ).get(pk=transition.register_id)
    actor = transition.actor
    title_of = register.title
    actor_name = str(actor)
    comment = transition.comment.strip()
    action = transition.action
    if action == "submit":
        kind = NotificationKind.SUBMITTED
        title = _("%(title)s已提交,请审阅签字") % {"title": title_of}
        body = _("%(actor)s 提交了 %(title)s,等待您签字。") % {
            "actor": actor_name,
            "title": title_of,
        }
    elif action == "return":
        kind = NotificationKind.RETURNED
        title = _("%(title)s被退回修改") % {"title": title_of}
        body = _("%(actor)s 退回了 %(title)s。退回理由:%(reason)s") % {
            "actor": actor_name,
            "title": title_of,
            "reason": comment or _("(未填写)"),
        }
    elif action == "sign":
        kind = NotificationKind.SIGNED
        title = _("%(title)s已签字,待纪委审核") % {"title": title_of}
        body = _("%(actor)s 已签字,请审核 %(title)s。") % {"actor": actor_name, "title": title_of}
    elif action == "approve":
        kind = NotificationKind.APPROVED
        if party_group_stage(register):
            title = _("%(title)s经纪委审核通过,待党组研究") % {"title": title_of}
        else:
            title = _("%(title)s经纪委审核通过,待公示") % {"title": title_of}
        body = _("%(actor)s 审核通过了 %(title)s。") % {"actor": actor_name, "title": title_of}
    elif action == "deliberate":
        kind = NotificationKind.DELIBERATED
        title = _("%(title)s经党组研究,待公示") % {"title": title_of}
        body = _("党组已研究 %(title)s,可以公示。") % {"title": title_of}
    elif action == "publish":
        kind = NotificationKind.PUBLISHED
        title = _("%(title)s已公示") % {"title": title_of}
        body = _("%(title)s已公示。") % {"title": title_of}
    elif action == "reopen":
        kind = NotificationKind.REOPENED
        title = _("%(title)s已重新开启修订") % {"title": title_of}
        body = _("%(actor)s 开启了 %(title)s 的新版本,请修订后重新提交。") % {
            "actor": actor_name,
            "title": title_of,
        }
    elif action == "content_changed":
        kind = NotificationKind.SIGNATURE_VOIDED
        title = _("%(title)s签字后内容被修改,签字已失效") % {"title": title_of}
        body = _("%(actor)s 在签字后修改了 %(title)s,原签字已失效,需重新签字。") % {
            "actor": actor_name,
            "title": title_of,
        }
    else:
        kind = NotificationKind.OTHER
        title = _("%(title)s状态变更为“%(state)s”") % {
            "title": title_of,
            "state": register.get_state_display(),
        }
        body = _("%(actor)s:%(action)s") % {"actor": actor_name, "action": action}
    if comment and action != "return":
        body = f"{body}\n{_('意见')}:{comment}"
    notify(
        recipients=transition_recipients(transition=transition, register=register),
        kind=kind,
        title=title,
        body=body,
        url=register_url(register),
        register=register,
        exclude=actor,
    )
