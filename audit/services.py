"""Append audit rows and verify their hash chain."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from audit.context import current_ip
from audit.models import AuditEntry

GENESIS = "0" * 64
# Any constant works: it keys the transaction-level advisory lock that serializes appends on
# PostgreSQL (SQLite serializes writers by itself).
_CHAIN_LOCK_KEY = 72_617_301


def _digest(*, prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, Any]:
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


@transaction.atomic
def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """Append one row to the chain, in the caller's transaction (it commits or rolls back with
    the action it records)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    real_actor = actor if actor is not None and getattr(actor, "pk", None) else None
    entry = AuditEntry(
        created_at=timezone.now().replace(microsecond=0),
        actor=real_actor,
        actor_name=actor_name or (str(real_actor) if real_actor else ""),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        ip=ip or current_ip(),
        data=json.loads(json.dumps(data or {}, ensure_ascii=False, default=str)),
        prev_hash=last or GENESIS,
    )
    entry.hash = _digest(prev_hash=entry.prev_hash, fields=_fields(entry))
    entry.save()
    return entry


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_verify() -> ChainReport:
    """Walk the chain in order; report the first row whose link or content does not match."""
    prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return ChainReport(checked, entry.pk, "previous hash does not match (row missing?)")
        if _digest(prev_hash=prev, fields=_fields(entry)) != entry.hash:
            return ChainReport(checked, entry.pk, "content does not match its hash (row edited?)")
        prev = entry.hash
        checked += 1
    return ChainReport(checked, None)
