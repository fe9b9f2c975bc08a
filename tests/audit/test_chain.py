"""The audit trail's chain: every row linked and keyed (HMAC-SHA256 under AUDIT_HMAC_KEY), so an
edited, re-hashed or deleted row is found and named, and a wrong key fails every row."""

import hashlib
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEntry
from audit.services import GENESIS, audit_record, audit_verify
from tests.conftest import Cast


def plain_sha256(entry: AuditEntry, prev_hash: str) -> str:
    """The hash an attacker without the key computes: the old, unkeyed digest of the row."""
    fields = {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "ip": entry.ip,
        "data": entry.data,
    }
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


def rehash_from(row_id: int) -> None:
    """Recompute the plain sha256 chain from row_id on, links included: what someone who can
    write the table does after an edit to make a plain chain verify again."""
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("id"):
        if entry.pk >= row_id:
            entry.prev_hash = prev
            entry.hash = plain_sha256(entry, prev)
            entry.save(update_fields=["prev_hash", "hash"])
        prev = entry.hash


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


def test_edit_rehashed_without_the_key_is_detected_at_the_edited_row(cast: Cast) -> None:
    rows = [audit_record(action="test.action", actor=cast.filler, data={"i": i}) for i in range(5)]
    AuditEntry.objects.filter(pk=rows[1].pk).update(data={"i": "forged"})
    rehash_from(rows[1].pk)
    # Every link holds again, and from the edit on every row matches its sha256 digest: a plain
    # chain would verify.
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("id"):
        assert entry.prev_hash == prev
        assert entry.pk < rows[1].pk or entry.hash == plain_sha256(entry, prev)
        prev = entry.hash

    report = audit_verify()
    assert not report.ok
    assert [(p.kind, p.row_id) for p in report.problems] == [("edited", rows[1].pk)]
    assert f"row #{rows[1].pk} edited" in report.reason
    assert f"up to #{rows[4].pk}" in report.reason  # the re-hashed rows after it, as one run
    with pytest.raises(CommandError, match=f"broken at row {rows[1].pk}") as raised:
        call_command("audit_verify")
    assert f"row #{rows[1].pk} edited" in str(raised.value)


def test_chain_detects_and_locates_a_deleted_row(cast: Cast) -> None:
    rows = [audit_record(action="test.action", actor=cast.filler) for _ in range(4)]
    AuditEntry.objects.filter(pk=rows[1].pk).delete()
    report = audit_verify()
    assert report.broken_at == rows[2].pk
    assert [p.kind for p in report.problems] == ["missing"]
    assert f"between #{rows[0].pk} and #{rows[2].pk}" in report.reason


def test_wrong_key_fails_every_row_and_says_so(cast: Cast, settings: Any) -> None:
    rows = [audit_record(action="test.action", actor=cast.filler) for _ in range(3)]
    settings.AUDIT_HMAC_KEY = "another-key-" + "k" * 40
    report = audit_verify()
    assert report.broken_at == rows[0].pk and "AUDIT_HMAC_KEY" in report.reason
