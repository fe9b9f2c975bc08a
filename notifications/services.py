"""Notifications: in the app (the bell) and by e-mail, through an outbox.

Other apps call `notify` inside their own transaction: Notification rows for the bell and
OutboxMessage rows for e-mail commit with the step they report, or not at all. Only after commit
is each e-mail handed to Celery (`notifications.tasks`); when the broker is down that hand-over
fails fast and is logged, and the `drain_outbox` beat task delivers whatever is still pending.
`notifications.outbox.outbox_deliver` marks a message sent under a row lock in the same
transaction as the sending, so a message is sent once even if the direct task and the drain both
pick it up.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification, OutboxMessage
from notifications.tasks import deliver_outbox
from orgs.models import User
from registers.models import Register

logger = logging.getLogger(__name__)


# --- Who is concerned -------------------------------------------------------------------------


def committee_members() -> list[User]:
    """The discipline committee, which hears of supervision feedback and of every overdue task.
    (Who acts at each stage of a register is workflow.permissions.people_acting.)"""
    return list(User.objects.filter(is_committee_member=True, is_active=True))


def unique_people(people: Iterable[User | None], *, exclude: User | None = None) -> list[User]:
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
    people = unique_people(recipients, exclude=exclude)
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


# --- Handing e-mail to the workers ------------------------------------------------------------


def _enqueue_on_commit(message_ids: list[int]) -> None:
    transaction.on_commit(lambda: outbox_enqueue(message_ids=message_ids))


def outbox_enqueue(*, message_ids: list[int]) -> None:
    """Hand each message to Celery. A broker that is down must not fail or hold up the web
    request whose step already committed: log it, and leave the message to `drain_outbox`."""
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


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many changed.
    Another user's notification is not found (the view turns that into a 404).

    Deliberately not audited, unlike every other write: it changes nothing but the reader's own
    view of his bell, touches nobody else's data and decides nothing; the notification itself
    was written with the audited step it reports. An audit row per click (and per link followed)
    would bury the trail's real events under the most frequent action in the app."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
