"""The registers app's section of the home page inbox."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from orgs.inbox import InboxItem, InboxSection
from orgs.models import User
from registers.selectors import registers_fillable_by

INBOX_LIMIT = 5


def registers_to_fill(user: User) -> list[InboxSection]:
    """待填报的清单: the registers the user fills in, while they are in an editable state."""
    registers = list(registers_fillable_by(user)[: INBOX_LIMIT + 1])
    count = len(registers) if len(registers) <= INBOX_LIMIT else registers_fillable_by(user).count()
    return [
        InboxSection(
            key="registers_to_fill",
            title=_("待填报的清单"),
            count=count,
            items=[
                InboxItem(
                    title=register.title,
                    url=reverse("registers:register_detail", args=[register.pk]),
                    detail=f"{register.campaign.title} · {register.get_state_display()}",
                )
                for register in registers[:INBOX_LIMIT]
            ],
            more_url=reverse("registers:register_list"),
            empty_text=_("没有待填报的清单"),
        )
    ]
