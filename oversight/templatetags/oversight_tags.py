from django import template
from django.db import models

from oversight.attachments import attachments_of, max_bytes
from oversight.models import Attachment

register = template.Library()


@register.simple_tag
def attachment_limit_mb() -> str:
    """The attachment size limit as the upload form states it."""
    return f"{max_bytes() / 2**20:g}"


@register.simple_tag
def attachments_for(parent: models.Model) -> models.QuerySet[Attachment]:
    """The evidence of `parent`, for a page of an app below oversight that cannot ask for it
    itself (the schedule's rows marked done): {% attachments_for obj as attachments %}."""
    return attachments_of(parent)
