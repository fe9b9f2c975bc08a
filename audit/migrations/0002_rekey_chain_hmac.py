"""Re-key the existing audit chain from plain sha256 to HMAC-SHA256 under AUDIT_HMAC_KEY.

Why re-key rather than keep plain rows beside keyed ones with a per-row algorithm marker: a marker
is itself a column the attacker can write. Flip every row to "sha256", recompute plain hashes, and a
verifier that accepts both would pass the forgery. With every row keyed there is nothing to
downgrade to.

Re-keying must not launder earlier tampering, so the plain chain is verified first, and the result
— intact, or the first broken row and why — is written into the trail itself as an `audit.rekey`
row (keyed, so it cannot be edited away). The migration does not stop on a broken chain: that would
block every deployment over an old break that only a person can look into.

The digests are copied here, frozen, rather than imported from audit.services: a migration must
keep computing exactly what it computed when it was written.
"""

import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import migrations
from django.utils import timezone

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 72_617_301
_BATCH = 1000


def _fields(entry: Any) -> dict[str, Any]:
    return {
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


def _message(prev_hash: str, entry: Any) -> bytes:
    canonical = json.dumps(
        _fields(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return f"{prev_hash}|{canonical}".encode()


def _plain(prev_hash: str, entry: Any) -> str:
    return hashlib.sha256(_message(prev_hash, entry)).hexdigest()


def _keyed(prev_hash: str, entry: Any) -> str:
    return hmac.new(
        settings.AUDIT_HMAC_KEY.encode(), _message(prev_hash, entry), hashlib.sha256
    ).hexdigest()


def _rows(model: Any) -> Iterator[list[Any]]:
    # Batches by id rather than one iterator: the batches are updated while the walk goes on,
    # and SQLite gives no isolation between a cursor and writes on the same connection.
    last = 0
    while batch := list(model.objects.filter(id__gt=last).order_by("id")[:_BATCH]):
        yield batch
        last = batch[-1].id


def _lock(schema_editor: Any) -> None:
    # Writers of the old code take the same lock: none can append in the middle of the re-keying.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def rekey(apps: Any, schema_editor: Any) -> None:
    AuditEntry = apps.get_model("audit", "AuditEntry")
    if not AuditEntry.objects.exists():
        return
    _lock(schema_editor)
    plain_prev, keyed_prev = GENESIS, GENESIS
    broken: tuple[int, str] | None = None
    count = 0
    for batch in _rows(AuditEntry):
        for entry in batch:
            if broken is None and entry.prev_hash != plain_prev:
                broken = (entry.id, "previous hash does not match (row missing?)")
            elif broken is None and _plain(entry.prev_hash, entry) != entry.hash:
                broken = (entry.id, "content does not match its hash (row edited?)")
            plain_prev = entry.hash
            entry.prev_hash = keyed_prev
            entry.hash = keyed_prev = _keyed(keyed_prev, entry)
            count += 1
        AuditEntry.objects.bulk_update(batch, ["prev_hash", "hash"])
    data: dict[str, Any] = {
        "rows": count,
        "plain_head": plain_prev,
        "plain_chain_intact": broken is None,
    }
    if broken is not None:
        data["plain_broken_at"], data["plain_reason"] = broken
    entry = AuditEntry(
        created_at=timezone.now().replace(microsecond=0),
        actor_name="manage.py migrate",
        action="audit.rekey",
        data=data,
        prev_hash=keyed_prev,
    )
    entry.hash = _keyed(keyed_prev, entry)
    entry.save()


def unkey(apps: Any, schema_editor: Any) -> None:
    # Back to plain sha256 for the code before this migration (the audit.rekey row stays).
    AuditEntry = apps.get_model("audit", "AuditEntry")
    _lock(schema_editor)
    prev = GENESIS
    for batch in _rows(AuditEntry):
        for entry in batch:
            entry.prev_hash = prev
            entry.hash = prev = _plain(prev, entry)
        AuditEntry.objects.bulk_update(batch, ["prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rekey, unkey),
    ]
