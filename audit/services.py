"""Append audit rows, anchor the chain's head outside the database, and verify both.

Who this guards against: someone who can write the audit table (a database administrator, a
leaked database password, an edited backup that gets restored) but cannot read the application's
environment. Two measures, because either alone leaves a hole:

- The chain is keyed. Each row's hash is HMAC-SHA256 over the previous row's hash and the row's
  content, under AUDIT_HMAC_KEY, which lives in the environment and never in the database. With a
  plain sha256 chain anyone could edit a row and recompute every later hash; now that needs the key.
- A keyed chain still cannot see its own tail being cut off: any prefix of a valid chain is a valid
  chain. So the head (last id and hash) is checkpointed into an append-only file outside the
  database (AUDIT_ANCHOR_PATH), by beat every AUDIT_CHECKPOINT_MINUTES and by `manage.py
  audit_checkpoint`. A checkpointed row that is no longer in the table was deleted. The anchor must
  not be in the database — it would be deleted together with the rows it vouches for — and should
  not be writable by whoever can write the table (another volume, or shipped off the machine).
"""

import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from audit.context import current_ip
from audit.models import AuditEntry

GENESIS = "0" * 64
# Any constant works: it keys the transaction-level advisory lock that serializes appends on
# PostgreSQL (SQLite serializes writers by itself).
_CHAIN_LOCK_KEY = 72_617_301
# The version of an anchor line, written into it so that a later format can tell old lines apart.
ANCHOR_FORMAT = 1
# The fields of an anchor line that its MAC covers.
_CHECKPOINT_FIELDS = ("v", "id", "hash", "at")


def _key() -> bytes:
    # Read on every call rather than at import, so that a changed setting (tests) takes effect.
    return str(settings.AUDIT_HMAC_KEY).encode()


def _canonical(fields: dict[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(*, prev_hash: str, fields: dict[str, Any]) -> str:
    message = f"{prev_hash}|{_canonical(fields)}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def _checkpoint_mac(body: dict[str, Any]) -> str:
    # The "checkpoint|" prefix keeps a checkpoint's MAC from ever being a valid row hash (those
    # start with a 64-digit hash), so neither can be passed off as the other.
    message = f"checkpoint|{_canonical(body)}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


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


@dataclass(frozen=True)
class Checkpoint:
    """One line of the anchor file: the chain's head at a moment."""

    row_id: int
    hash: str
    at: str
    line_no: int = 0


def _append_line(path: Path, line: str) -> None:
    """Append one line and put it on disk before returning.

    O_APPEND makes each write land at the end even with two writers (beat's task and the
    command), and one write() per line keeps lines whole. The file is never opened for anything
    but appending; `chattr +a` on it (README) makes the kernel refuse everything else too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, f"{line}\n".encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        # A new file's directory entry must reach the disk too, or a crash could lose the file.
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def audit_checkpoint(*, anchor_path: Path | None = None) -> Checkpoint | None:
    """Append the chain's current head (last id and hash, with the time and a MAC) to the anchor
    file; None, writing nothing, while the trail is empty.

    The head read here is final: appends take the chain lock (PostgreSQL) or the database's write
    lock (SQLite) until they commit, so no row with a lower id can commit after it.
    """
    head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    if head is None:
        return None
    body: dict[str, Any] = {
        "v": ANCHOR_FORMAT,
        "id": head[0],
        "hash": head[1],
        "at": timezone.now().isoformat(timespec="seconds"),
    }
    path = Path(anchor_path or settings.AUDIT_ANCHOR_PATH)
    _append_line(path, _canonical({**body, "mac": _checkpoint_mac(body)}))
    return Checkpoint(row_id=head[0], hash=head[1], at=body["at"])


ProblemKind = Literal["edited", "missing", "truncated", "anchor"]


@dataclass(frozen=True)
class ChainProblem:
    """One finding of `audit_verify`, located by row id where it concerns rows."""

    kind: ProblemKind
    row_id: int | None
    message: str


@dataclass
class ChainReport:
    """What `audit_verify` found: rows walked, checkpoints compared, and every problem."""

    checked: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    checkpoints: int = 0
    anchor_path: Path | None = None
    anchor_exists: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def broken_at(self) -> int | None:
        """The id of the first row a problem names."""
        return next((p.row_id for p in self.problems if p.row_id is not None), None)

    @property
    def reason(self) -> str:
        return self.problems[0].message if self.problems else ""


def _read_anchor(path: Path) -> tuple[list[Checkpoint], list[ChainProblem]]:
    """The anchor's checkpoints whose MAC holds, and a problem for every line that does not."""
    checkpoints: list[Checkpoint] = []
    problems: list[ChainProblem] = []
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line_no, raw in enumerate(lines, start=1):
            text = raw.strip()
            if not text:
                continue
            try:
                record = json.loads(text)
                body = {name: record[name] for name in _CHECKPOINT_FIELDS}
                valid = (
                    isinstance(record["mac"], str)
                    and hmac.compare_digest(record["mac"], _checkpoint_mac(body))
                    and isinstance(body["id"], int)
                )
            except (ValueError, KeyError, TypeError):
                valid = False
            if not valid:
                problems.append(
                    ChainProblem(
                        "anchor",
                        None,
                        f"anchor line {line_no} is not a checkpoint signed with AUDIT_HMAC_KEY "
                        "(forged, corrupted, or written under another key)",
                    )
                )
                continue
            checkpoints.append(
                Checkpoint(
                    row_id=body["id"], hash=str(body["hash"]), at=str(body["at"]), line_no=line_no
                )
            )
    return checkpoints, problems


def _describe(checkpoint: Checkpoint) -> str:
    return (
        f"the anchor recorded #{checkpoint.row_id} as the head at {checkpoint.at} "
        f"(line {checkpoint.line_no})"
    )


def _edited_problem(run: list[int], *, whole_trail: bool) -> ChainProblem:
    """One problem for a run of consecutive rows that fail their keyed hash: the first is the
    edited one (its link to the verified row before it holds, so its content changed); the rest
    are what an attacker without the key re-hashed to hide it, or were edited too."""
    if whole_trail and len(run) > 1:
        message = (
            f"no row (#{run[0]}–#{run[-1]}) matches its keyed hash: AUDIT_HMAC_KEY is not the key "
            "this trail was written with, or every row was rewritten"
        )
    elif len(run) == 1:
        message = f"row #{run[0]} edited: its content does not match its keyed hash"
    else:
        message = (
            f"row #{run[0]} edited: its content does not match its keyed hash, nor do the "
            f"{len(run) - 1} rows after it up to #{run[-1]} (re-hashed without the key to hide "
            "the edit, or edited too)"
        )
    return ChainProblem("edited", run[0], message)


def _missing_problem(
    *, prev_id: int | None, row_id: int, link_broken: bool, skipped: list[Checkpoint]
) -> ChainProblem:
    where = f"before #{row_id}" if prev_id is None else f"between #{prev_id} and #{row_id}"
    message = f"rows {where} were deleted"
    if link_broken:
        message += f": #{row_id}'s previous hash is not " + (
            "the chain's start" if prev_id is None else f"#{prev_id}'s hash"
        )
    elif prev_id is None:
        # The first row starts a chain, yet older rows were anchored: all of them were deleted
        # and the trail started afresh.
        message += f": the trail was emptied and started afresh at #{row_id}"
    else:
        # The links hold, so the tail was cut back to prev_id and the trail written on from there.
        message += f": the trail was cut back to #{prev_id} and written on"
    if skipped:
        message += f"; {_describe(skipped[-1])}"
    return ChainProblem("missing", row_id, message)


def audit_verify(*, anchor_path: Path | None = None) -> ChainReport:
    """Walk the chain in order with the key, and hold it against every checkpoint in the anchor
    file; report every problem, located by row id (`ok` when there is none).

    - a row whose content does not match its keyed hash: edited (with the run of rows re-hashed
      after it);
    - a row whose previous hash is not its predecessor's, or a checkpointed id missing between two
      rows: rows deleted there;
    - checkpointed ids beyond the table's last row: the tail was truncated, from there up to the
      latest of them;
    - an anchor line whose MAC does not hold: forged or corrupted.

    Rows written after the last checkpoint can be deleted without a trace; the checkpoint interval
    bounds that window.
    """
    path = Path(anchor_path or settings.AUDIT_ANCHOR_PATH)
    report = ChainReport(anchor_path=path, anchor_exists=path.exists())
    checkpoints: list[Checkpoint] = []
    if report.anchor_exists:
        checkpoints, anchor_problems = _read_anchor(path)
        report.problems.extend(anchor_problems)
    report.checkpoints = len(checkpoints)
    by_id: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        by_id.setdefault(checkpoint.row_id, []).append(checkpoint)
    pending = sorted(by_id)  # the checkpointed ids, consumed as the walk passes them
    next_cp = 0

    prev_hash = GENESIS
    prev_id: int | None = None
    first_row: int | None = None
    bad_run: list[int] = []

    def flush_run(*, whole_trail: bool = False) -> None:
        if bad_run:
            report.problems.append(_edited_problem(bad_run, whole_trail=whole_trail))
            bad_run.clear()

    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        first_row = entry.pk if first_row is None else first_row
        skipped: list[Checkpoint] = []
        while next_cp < len(pending) and pending[next_cp] < entry.pk:
            skipped.extend(by_id[pending[next_cp]])
            next_cp += 1
        link_broken = entry.prev_hash != prev_hash
        if link_broken or skipped:
            flush_run()
            report.problems.append(
                _missing_problem(
                    prev_id=prev_id, row_id=entry.pk, link_broken=link_broken, skipped=skipped
                )
            )
        # The content is checked against the row's own stored link, so that a deleted row before
        # it is reported once, as a gap, and not as an edit of this one as well.
        expected = _digest(prev_hash=entry.prev_hash, fields=_fields(entry))
        anchored: list[Checkpoint] = []
        if next_cp < len(pending) and pending[next_cp] == entry.pk:
            anchored = by_id[entry.pk]
            next_cp += 1
        if hmac.compare_digest(expected, entry.hash):
            flush_run()
            for checkpoint in anchored:
                if checkpoint.hash != entry.hash:
                    # The row holds under the key yet is not the row that was anchored: rewritten
                    # by someone who has the key, or the anchor belongs to another database.
                    report.problems.append(
                        ChainProblem(
                            "edited",
                            entry.pk,
                            f"row #{entry.pk} is not the row anchored at {checkpoint.at} (line "
                            f"{checkpoint.line_no}): its hash changed since",
                        )
                    )
                    break
        else:
            bad_run.append(entry.pk)
        prev_hash, prev_id = entry.hash, entry.pk
        report.checked += 1
    # A run from the first row to the last, unbroken by any gap: most likely the wrong key.
    flush_run(whole_trail=bool(bad_run) and bad_run[0] == first_row and bad_run[-1] == prev_id)

    beyond = [cp for row_id in pending[next_cp:] for cp in by_id[row_id]]
    if beyond:
        head = max(beyond, key=lambda cp: (cp.row_id, cp.line_no))
        if prev_id is None:
            message = f"truncated: the trail is empty but {_describe(head)}: every row was deleted"
        else:
            message = (
                f"truncated: the trail ends at #{prev_id} but {_describe(head)}: the rows after "
                f"#{prev_id} up to #{head.row_id} were deleted"
            )
        report.problems.append(ChainProblem("truncated", head.row_id, message))
    return report
