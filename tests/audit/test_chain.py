import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from audit.services import audit_record, audit_verify
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD


def test_chain_verifies_and_detects_an_edit(cast: Cast) -> None:
    for i in range(5):
        audit_record(action="test.action", actor=cast.filler, obj=cast.dept, data={"i": i})
    assert audit_verify().ok and audit_verify().checked == 5
    call_command("audit_verify")
    row = AuditEntry.objects.order_by("id")[2]
    AuditEntry.objects.filter(pk=row.pk).update(data={"i": 99})
    report = audit_verify()
    assert report.broken_at == row.pk and "edited" in report.reason
    with pytest.raises(CommandError, match=f"broken at row {row.pk}"):
        call_command("audit_verify")


def test_chain_detects_a_deleted_row(cast: Cast) -> None:
    rows = [audit_record(action="test.action", actor=cast.filler) for _ in range(3)]
    AuditEntry.objects.filter(pk=rows[1].pk).delete()
    assert audit_verify().broken_at == rows[2].pk


def test_sign_in_and_failed_sign_in_are_audited(client: Client, cast: Cast) -> None:
    client.post(reverse("login"), {"username": "filler", "password": "wrong"})
    client.post(reverse("login"), {"username": "filler", "password": TEST_PASSWORD})
    actions = list(AuditEntry.objects.values_list("action", "actor_name", "ip"))
    assert actions == [
        ("auth.sign_in_failed", "filler", "127.0.0.1"),
        ("auth.sign_in", "刘经办", "127.0.0.1"),
    ]
    assert audit_verify().ok
