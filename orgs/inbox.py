"""What waits for a user, shown on the home page.

orgs sits at the bottom of the app graph and cannot import the apps that know about registers and
workflow, so those apps register a provider here from their AppConfig.ready(); each provider returns
the sections it knows for the user (a count, a list of links, a link to the full list).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

from orgs.models import User


@dataclass
class InboxItem:
    title: str
    url: str
    detail: str = ""


@dataclass
class InboxSection:
    key: str
    title: str | Promise
    count: int
    items: list[InboxItem] = field(default_factory=list)
    more_url: str = ""
    empty_text: str | Promise = ""


InboxProvider = Callable[[User], list[InboxSection]]
_PROVIDERS: list[InboxProvider] = []


def register_inbox_provider(provider: InboxProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def inbox_for(user: User) -> list[InboxSection]:
    sections: list[InboxSection] = []
    for provider in _PROVIDERS:
        sections.extend(provider(user))
    return sections
