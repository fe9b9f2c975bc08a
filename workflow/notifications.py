"""Notifications: in the app (the bell) and by e-mail, through an outbox.

The transition services call `queue_transition_notifications` inside their transaction, right
after writing the Transition row, so that the notification is recorded if and only if the step is.
Everything here writes rows in the caller's transaction: Notification rows for the bell and
OutboxMessage rows for e-mail. Only after commit do we try to hand each e-mail to Celery; when the
broker is down that attempt fails fast and is logged, and the `drain_outbox` beat task delivers
whatever is still pending. `outbox_deliver` marks a message sent under a row lock in the same
transaction as the sending, so a message is sent once even if the direct task and the drain both
pick it up.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Unit, User
from registers.choices import RegisterLevel
from registers.models import Register
from workflow.models import Notification, NotificationKind, OutboxMessage, Transition
from workflow.permissions import signer_of

logger = logging.getLogger(__name__)

# A message that failed is retried after 1, 2, 4 ... minutes (at most 6 hours apart), about two
# days in all; then it is left for an administrator (the admin shows last_error).
MAX_ATTEMPTS = 16
MAX_BACKOFF = timedelta(hours=6)


# --- Who is concerned -------------------------------------------------------------------------


def committee_members() -> list[User]:
    return list(User.objects.filter(is_committee_member=True, is_active=True))


def party_group_members() -> list[User]:
    return list(User.objects.filter(is_party_group_member=True, is_active=True))


def unit_fillers(unit: Unit) -> list[User]:
    """The unit's members (经办人 and colleagues) and its head."""
    people = list(User.objects.filter(unit=unit, is_active=True))
    if unit.head is not None and unit.head.is_active and unit.head not in people:
        people.append(unit.head)
    return people


def register_fillers(register: Register) -> list[User]:
    """Who fills the register: the holders of the post for a post-level register, otherwise the
    unit's members and head."""
    if register.level == RegisterLevel.POST and register.post_id is not None:
        holders = list(User.objects.filter(post_id=register.post_id, is_active=True))
        if holders:
            return holders
    return unit_fillers(register.unit)


def register_concerned(register: Register) -> list[User]:
    """Everyone concerned by a register's publication: its fillers, the unit head, the signer,
    the leader in charge and the principal of the bureau."""
    unit = register.unit
    people: list[User | None] = [
        *register_fillers(register),
        unit.head,
        signer_of(register),
        unit.leader_in_charge,
    ]
    root = unit
    while root.parent_id is not None and root.parent is not None:
        root = root.parent
    people.append(root.head)
    return _unique(people)


def _unique(people: Iterable[User | None], *, exclude: User | None = None) -> list[User]:
    seen: set[int] = set()
    result: list[User] = []
    for person in people:
        if person is None or person.pk in seen or not person.is_active:
            continue
        if exclude is not None and person.pk == exclude.pk:
            continue
        seen.add(person.pk)
        result.append(person)
    return result


def register_url(register: Register) -> str:
    return reverse("registers:register_detail", args=[register.pk])


def absolute_url(url: str) -> str:
    """An in-app path made absolute on SITE_URL: an e-mail is read outside the site."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + (url if url.startswith("/") else "/" + url)


# --- Writing notifications --------------------------------------------------------------------


def notify(
    *,
    recipients: Iterable[User | None],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    register: Register | None = None,
    exclude: User | None = None,
) -> list[Notification]:
    """Write one Notification per recipient and queue an e-mail to each who has an address.

    Call inside the caller's transaction: the rows commit with it, and the e-mails are handed to
    Celery only after commit (see `_enqueue_on_commit`)."""
    now = timezone.now()
    people = _unique(recipients, exclude=exclude)
    if not people:
        return []
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind,
            title=title[:200],
            body=body,
            url=url,
            register=register,
            created_at=now,
        )
        for person in people
    )
    mail_body = body if not url else f"{body}\n\n{_('查看')}: {absolute_url(url)}"
    messages = [
        OutboxMessage(
            notification=notification,
            to=person.email,
            subject=f"[{_('清廉')}] {title}"[:250],
            body=mail_body,
            created_at=now,
        )
        for person, notification in zip(people, notifications, strict=True)
        if person.email
    ]
    if messages:
        created = OutboxMessage.objects.bulk_create(messages)
        _enqueue_on_commit([message.pk for message in created])
    return notifications


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


def queue_transition_notifications(*, transition: Transition) -> None:
    """Record who must hear of `transition` and start the delivery on commit."""
    register = Register.objects.select_related("unit__head", "unit__leader_in_charge", "post").get(
        pk=transition.register_id
    )
    actor = transition.actor
    title_of = register.title
    actor_name = str(actor)
    comment = transition.comment.strip()
    action = transition.action
    recipients: Sequence[User | None]
    if action == "submit":
        kind = NotificationKind.SUBMITTED
        recipients = [signer_of(register)]
        title = _("%(title)s已提交,请审阅签字") % {"title": title_of}
        body = _("%(actor)s 提交了 %(title)s,等待您签字。") % {
            "actor": actor_name,
            "title": title_of,
        }
    elif action == "return":
        kind = NotificationKind.RETURNED
        recipients = [*register_fillers(register), register.unit.head]
        title = _("%(title)s被退回修改") % {"title": title_of}
        body = _("%(actor)s 退回了 %(title)s。退回理由:%(reason)s") % {
            "actor": actor_name,
            "title": title_of,
            "reason": comment or _("(未填写)"),
        }
    elif action == "sign":
        kind = NotificationKind.SIGNED
        recipients = committee_members()
        title = _("%(title)s已签字,待纪委审核") % {"title": title_of}
        body = _("%(actor)s 已签字,请审核 %(title)s。") % {"actor": actor_name, "title": title_of}
    elif action == "approve":
        kind = NotificationKind.APPROVED
        if register.campaign.has_party_group_stage:
            recipients = party_group_members()
            title = _("%(title)s经纪委审核通过,待党组研究") % {"title": title_of}
        else:
            recipients = committee_members()
            title = _("%(title)s经纪委审核通过,待公示") % {"title": title_of}
        body = _("%(actor)s 审核通过了 %(title)s。") % {"actor": actor_name, "title": title_of}
    elif action == "deliberate":
        kind = NotificationKind.DELIBERATED
        recipients = committee_members()
        title = _("%(title)s经党组研究,待公示") % {"title": title_of}
        body = _("党组已研究 %(title)s,可以公示。") % {"title": title_of}
    elif action == "publish":
        kind = NotificationKind.PUBLISHED
        recipients = register_concerned(register)
        title = _("%(title)s已公示") % {"title": title_of}
        body = _("%(title)s已公示。") % {"title": title_of}
    elif action == "reopen":
        kind = NotificationKind.REOPENED
        recipients = [*register_fillers(register), register.unit.head]
        title = _("%(title)s已重新开启修订") % {"title": title_of}
        body = _("%(actor)s 开启了 %(title)s 的新版本,请修订后重新提交。") % {
            "actor": actor_name,
            "title": title_of,
        }
    elif action == "content_changed":
        kind = NotificationKind.SIGNATURE_VOIDED
        recipients = [signer_of(register), *committee_members()]
        title = _("%(title)s签字后内容被修改,签字已失效") % {"title": title_of}
        body = _("%(actor)s 在签字后修改了 %(title)s,原签字已失效,需重新签字。") % {
            "actor": actor_name,
            "title": title_of,
        }
    else:
        kind = NotificationKind.OTHER
        recipients = [*register_fillers(register), register.unit.head]
        title = _("%(title)s状态变更为“%(state)s”") % {
            "title": title_of,
            "state": register.get_state_display(),
        }
        body = _("%(actor)s:%(action)s") % {"actor": actor_name, "action": action}
    if comment and action != "return":
        body = f"{body}\n{_('意见')}:{comment}"
    notify(
        recipients=recipients,
        kind=kind,
        title=title,
        body=body,
        url=register_url(register),
        register=register,
        exclude=actor,
    )


# --- Delivering e-mail ------------------------------------------------------------------------


def _enqueue_on_commit(message_ids: list[int]) -> None:
    transaction.on_commit(lambda: outbox_enqueue(message_ids=message_ids))


def outbox_enqueue(*, message_ids: list[int]) -> None:
    """Hand each message to Celery. A broker that is down must not fail or hold up the web
    request whose step already committed: log it, and leave the message to `drain_outbox`."""
    from workflow.tasks import deliver_outbox

    for message_id in message_ids:
        try:
            deliver_outbox.delay(message_id)
        except Exception:
            logger.warning(
                "Could not enqueue e-mail %s (broker unreachable?); drain_outbox will send it",
                message_id,
                exc_info=True,
            )
            # The broker is down for the others too: don't wait once per message.
            return


def outbox_deliver(*, message_id: int) -> bool:
    """Send one pending message; True if this call sent it. Idempotent: a message already sent
    (or being sent by a concurrent worker holding the lock) is skipped."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        try:
            EmailMessage(subject=message.subject, body=message.body, to=[message.to]).send()
        except Exception as exc:
            # Leave the transaction normally so that the failure is recorded and the drain
            # retries later; the message stays pending.
            message.attempts += 1
            message.last_attempt_at = timezone.now()
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["attempts", "last_attempt_at", "last_error"])
            logger.warning("E-mail %s failed: %s", message_id, exc)
            return False
        message.sent_at = message.last_attempt_at = timezone.now()
        message.attempts += 1
        message.last_error = ""
        message.save(update_fields=["sent_at", "attempts", "last_attempt_at", "last_error"])
        return True


def outbox_pending_ids(*, limit: int = 500) -> list[int]:
    """Messages due for a (re)try: never tried, or whose back-off since the last failure is over."""
    now = timezone.now()
    due = []
    for pk, attempts, last_attempt_at in (
        OutboxMessage.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at", "id")
        .values_list("id", "attempts", "last_attempt_at")[:limit]
    ):
        backoff = min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)
        if last_attempt_at is None or now - last_attempt_at >= backoff:
            due.append(pk)
    return due


def outbox_drain(*, limit: int = 500) -> int:
    """Deliver every pending message (the beat task's body); returns how many this call sent."""
    return sum(outbox_deliver(message_id=pk) for pk in outbox_pending_ids(limit=limit))


# --- Reading ----------------------------------------------------------------------------------


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many changed.
    Another user's notification is not found (the view turns that into a 404)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
