"""Signing in, and each failed attempt, is written to the audit trail (audit/signals.py)."""

from django.test import Client
from django.urls import reverse

from audit import actions
from audit.models import AuditEntry
from audit.services import audit_verify
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD


def test_sign_in_and_failed_sign_in_are_audited(client: Client, cast: Cast) -> None:
    client.post(reverse("login"), {"username": "filler", "password": "wrong"})
    client.post(reverse("login"), {"username": "filler", "password": TEST_PASSWORD})
    rows = list(AuditEntry.objects.values_list("action", "actor_name", "ip"))
    assert rows == [
        (actions.AUTH_REFUSE_SIGN_IN, "filler", "127.0.0.1"),
        (actions.AUTH_SIGN_IN, "刘经办", "127.0.0.1"),
    ]
    assert audit_verify().ok
