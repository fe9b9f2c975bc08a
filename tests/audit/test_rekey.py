"""Migration 0002: plain sha256 rows are re-keyed, after their plain chain is checked."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from audit.models import AuditEntry
from audit.services import audit_record, audit_verify
from tests.audit.test_chain import rehash_from
from tests.conftest import Cast

rekey = importlib.import_module("audit.migrations.0002_rekey_chain_hmac").rekey


def legacy_rows(n: int, cast: Cast) -> list[AuditEntry]:
    """Rows as the code before the keyed chain wrote them: a plain sha256 chain."""
    rows = [audit_record(action="test.action", actor=cast.filler, data={"i": i}) for i in range(n)]
    rehash_from(rows[0].pk)
    return rows


def test_rekey_turns_a_plain_chain_into_a_keyed_one(cast: Cast) -> None:
    rows = legacy_rows(3, cast)
    assert not audit_verify().ok  # plain hashes do not hold under the key
    rekey(apps, SimpleNamespace(connection=connection))
    assert audit_verify().ok
    marker = AuditEntry.objects.order_by("id").last()
    assert marker is not None and marker.action == "audit.rekey"
    assert marker.data["rows"] == 3 and marker.data["plain_chain_intact"] is True
    assert AuditEntry.objects.count() == len(rows) + 1


def test_rekey_records_a_broken_plain_chain_instead_of_laundering_it(cast: Cast) -> None:
    rows = legacy_rows(3, cast)
    AuditEntry.objects.filter(pk=rows[1].pk).update(data={"i": "edited"})
    rekey(apps, SimpleNamespace(connection=connection))
    assert audit_verify().ok  # keyed from here on, but the break is on record, keyed too:
    marker = AuditEntry.objects.get(action="audit.rekey")
    assert marker.data["plain_chain_intact"] is False
    assert marker.data["plain_broken_at"] == rows[1].pk
    assert "edited" in marker.data["plain_reason"]


def test_rekey_of_an_empty_trail_writes_nothing(db: None) -> None:
    rekey(apps, SimpleNamespace(connection=connection))
    assert not AuditEntry.objects.exists()
