"""Notifications of workflow steps (issue 6 fills this in: in-app notifications, e-mail, outbox).

The transition services call `queue_transition_notifications` inside their transaction, right
after writing the Transition row, so that the notification is recorded if and only if the step is.
"""

from workflow.models import Transition


def queue_transition_notifications(*, transition: Transition) -> None:
    """Record who must hear of `transition` and start the delivery on commit."""
    return None
