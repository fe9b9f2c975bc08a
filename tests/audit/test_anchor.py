"""The chain's head anchored outside the database: checkpoints, and truncation found by them."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from audit import tasks
from audit.models import AuditEntry
from audit.services import _checkpoint_mac, audit_checkpoint, audit_record, audit_verify
from tests.conftest import Cast


def anchor_lines() -> list[dict[str, object]]:
    return [json.loads(line) for line in Path(settings.AUDIT_ANCHOR_PATH).read_text().splitlines()]


def record(n: int, cast: Cast) -> list[AuditEntry]:
    return [audit_record(action="test.action", actor=cast.filler, data={"i": i}) for i in range(n)]


def test_untouched_chain_and_anchor_pass(cast: Cast) -> None:
    record(3, cast)
    audit_checkpoint()
    record(2, cast)  # rows after the last checkpoint are fine
    audit_checkpoint()
    report = audit_verify()
    assert report.ok, report.problems
    assert (report.checked, report.checkpoints, report.anchor_exists) == (5, 2, True)
    call_command("audit_verify")


def test_checkpoint_command_and_task_append_signed_lines(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("audit_checkpoint")  # empty trail: nothing to anchor
    assert not Path(settings.AUDIT_ANCHOR_PATH).exists()
    rows = record(2, cast)
    tasks.checkpoint.delay()
    call_command("audit_checkpoint")
    lines = anchor_lines()
    assert [(line["id"], line["hash"]) for line in lines] == [(rows[-1].pk, rows[-1].hash)] * 2
    assert all(isinstance(line["mac"], str) and line["v"] == 1 for line in lines)
    assert f"head #{rows[-1].pk}" in capsys.readouterr().out
    record(1, cast)
    tasks.checkpoint.delay()
    assert len(anchor_lines()) == 3  # appended, never rewritten


def test_beat_runs_the_checkpoint() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]
    assert entry["task"] == tasks.checkpoint.name == "audit.checkpoint"


def test_deleted_tail_is_reported_as_truncation_with_the_range(cast: Cast) -> None:
    rows = record(5, cast)
    audit_checkpoint()
    # Cutting off the tail leaves a valid (keyed) chain: only the anchor can tell.
    AuditEntry.objects.filter(pk__gte=rows[3].pk).delete()
    report = audit_verify()
    assert [(p.kind, p.row_id) for p in report.problems] == [("truncated", rows[4].pk)]
    assert f"ends at #{rows[2].pk}" in report.reason
    assert f"after #{rows[2].pk} up to #{rows[4].pk} were deleted" in report.reason
    with pytest.raises(CommandError, match="truncated"):
        call_command("audit_verify")


def test_emptied_trail_is_truncation(cast: Cast) -> None:
    rows = record(2, cast)
    audit_checkpoint()
    AuditEntry.objects.all().delete()
    report = audit_verify()
    assert [(p.kind, p.row_id) for p in report.problems] == [("truncated", rows[1].pk)]


def test_tail_cut_and_written_on_is_located(cast: Cast) -> None:
    rows = record(4, cast)
    audit_checkpoint()
    AuditEntry.objects.filter(pk__gte=rows[2].pk).delete()
    later = audit_record(action="test.after", actor=cast.filler)  # links to rows[1]: chain holds
    report = audit_verify()
    assert [(p.kind, p.row_id) for p in report.problems] == [("missing", later.pk)]
    assert f"between #{rows[1].pk} and #{later.pk}" in report.reason
    assert f"recorded #{rows[3].pk}" in report.reason


def test_forged_anchor_line_is_reported(cast: Cast) -> None:
    rows = record(2, cast)
    audit_checkpoint()
    forged = {"v": 1, "id": rows[1].pk + 50, "hash": "f" * 64, "at": "2026-01-01T00:00:00+00:00"}
    with Path(settings.AUDIT_ANCHOR_PATH).open("a") as anchor:
        anchor.write(json.dumps({**forged, "mac": "0" * 64}) + "\n")
    report = audit_verify()
    # The forged line counts for nothing: it neither claims a truncation nor passes as valid.
    assert [(p.kind, p.row_id) for p in report.problems] == [("anchor", None)]
    assert "anchor line 2" in report.reason
    with pytest.raises(CommandError, match="anchor line 2"):
        call_command("audit_verify")


def test_row_changed_since_its_checkpoint_is_reported(cast: Cast) -> None:
    # A checkpoint signed with the key whose head hash is not the row's: what the anchor shows
    # when someone holding the key rewrote the row after it was anchored.
    rows = record(2, cast)
    body = {"v": 1, "id": rows[0].pk, "hash": "e" * 64, "at": "2026-01-01T00:00:00+00:00"}
    line = json.dumps({**body, "mac": _checkpoint_mac(body)})
    Path(settings.AUDIT_ANCHOR_PATH).write_text(line + "\n")
    report = audit_verify()
    assert [(p.kind, p.row_id) for p in report.problems] == [("edited", rows[0].pk)]
    assert "line 1" in report.reason


def test_verify_without_anchor_passes_with_a_warning(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    record(1, cast)
    call_command("audit_verify")
    assert "no anchor file" in capsys.readouterr().err


def test_verify_reads_an_anchor_given_on_the_command_line(cast: Cast, tmp_path: Path) -> None:
    rows = record(3, cast)
    copy = tmp_path / "off-machine.log"
    audit_checkpoint(anchor_path=copy)
    AuditEntry.objects.filter(pk=rows[2].pk).delete()
    call_command("audit_verify")  # the default anchor has no checkpoint
    with pytest.raises(CommandError, match="truncated"):
        call_command("audit_verify", "--anchor", str(copy))
