"""Which rows of the audit trail a reader may see. The trail is read by the committee and the
administrators, but some objects are confidential to a smaller circle (a warning, a lead: the
administrator is outside it): the app that owns them registers a rule that hides their rows
from whoever is outside (`register_hidden_rows`), and every reading of the trail — the audit log
page, the Django admin — goes through `audit_rows_visible_to`."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from audit.models import AuditEntry

Reader = AbstractBaseUser | AnonymousUser
# Given the reader (the project's User; audit cannot name it), the rows to hide from him, or
# None when he may see them all.
HiddenRows = Callable[[Any], Q | None]
_rules: list[HiddenRows] = []


def register_hidden_rows(rule: HiddenRows) -> None:
    if rule not in _rules:
        _rules.append(rule)


def audit_rows_visible_to(user: Reader) -> QuerySet[AuditEntry]:
    rows = AuditEntry.objects.all()
    for rule in _rules:
        hidden = rule(user)
        if hidden is not None:
            rows = rows.exclude(hidden)
    return rows
