"""Delivering the outbox: one message at a time, exactly once, with back-off on failure."""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

# A message that failed is retried after 1, 2, 4 ... minutes (at most 6 hours apart), about two
# days in all; then it is left for an administrator (the admin shows last_error).
MAX_ATTEMPTS = 16
MAX_BACKOFF = timedelta(hours=6)


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
