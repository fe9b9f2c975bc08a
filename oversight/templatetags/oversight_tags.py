from django import template

from oversight.attachments import max_bytes

register = template.Library()


@register.simple_tag
def attachment_limit_mb() -> str:
    """The attachment size limit as the upload form states it."""
    return f"{max_bytes() / 2**20:g}"
