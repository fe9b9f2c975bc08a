"""{% workflow_panel register %}: the register's workflow panel for the current user, for pages
outside workflow/ (the register editing page). See templates/workflow/partials/_register_panel.html
for the context it builds."""

from typing import Any

from django import template

from registers.grading import register_grade_label
from registers.models import Register
from workflow.selectors import STATE_BADGES, register_panel

register = template.Library()


@register.inclusion_tag("workflow/partials/_register_panel.html", takes_context=True)
def workflow_panel(context: template.Context, register_obj: Register) -> dict[str, Any]:
    request = context["request"]
    return {
        # The register page has counted its ungraded entries (registers.views); elsewhere the
        # panel counts them itself.
        "panel": register_panel(
            user=request.user, register=register_obj, ungraded=context.get("ungraded_count")
        ),
        "panel_error": context.get("panel_error", ""),
        "posted": context.get("posted", {}),
        "panel_next": context.get("panel_next", ""),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.simple_tag
def grade_text(entry: Any, register_obj: Register) -> str:
    """An entry's grade as the campaign's scheme writes it (高/中/低, 一级…, A/B/C)."""
    return register_grade_label(register_obj, entry.grade)


@register.filter
def state_badge(state: str) -> str:
    """The Bootstrap colour of a register state's badge."""
    return STATE_BADGES.get(state, "secondary")
