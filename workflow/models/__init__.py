"""Workflow models, one module per concern: approval (transitions, signatures) and publication."""

from workflow.models.approval import Signature, Transition
from workflow.models.publication import Feedback, PublishedVersion

__all__ = ["Feedback", "PublishedVersion", "Signature", "Transition"]
