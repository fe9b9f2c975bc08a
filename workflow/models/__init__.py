"""Workflow models, one module per concern (approval here; notifications and schedule beside)."""

from workflow.models.approval import Signature, Transition
from workflow.models.publication import Feedback, PublishedVersion

__all__ = ["Feedback", "PublishedVersion", "Signature", "Transition"]
