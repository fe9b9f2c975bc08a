"""Sections that apps above reports add to the statistics page (统计), without reports importing
them: an app registers a provider from its AppConfig.ready(); the page asks every provider for
the sections the viewer may see and renders each with the template the section names."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from orgs.models import User


@dataclass
class StatsSection:
    key: str
    title: str | Promise
    template: str  # rendered with `section` in its context
    context: dict[str, Any] = field(default_factory=dict)


# (viewer, the year of the campaign shown) → the sections he may see (none: an empty list).
StatsSectionProvider = Callable[[User, int], list[StatsSection]]
_PROVIDERS: list[StatsSectionProvider] = []


def register_stats_section(provider: StatsSectionProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def stats_sections_for(user: User, *, year: int) -> list[StatsSection]:
    sections: list[StatsSection] = []
    for provider in _PROVIDERS:
        sections.extend(provider(user, year))
    return sections
