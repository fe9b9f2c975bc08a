"""Celery tasks of the audit trail."""

from celery import shared_task

from audit.services import audit_checkpoint


@shared_task(name="audit.checkpoint", ignore_result=True)
def checkpoint() -> int | None:
    """Beat, every AUDIT_CHECKPOINT_MINUTES: anchor the chain's head outside the database. Returns
    the anchored row id (None while the trail is empty). A redelivered task only appends one more
    line: checkpoints are idempotent."""
    anchored = audit_checkpoint()
    return anchored.row_id if anchored is not None else None
