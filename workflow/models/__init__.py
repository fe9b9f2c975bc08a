"""Workflow models, one module per concern (approval here; notifications and schedule beside)."""

from workflow.models.approval import Signature, Transition

__all__ = ["Signature", "Transition"]
