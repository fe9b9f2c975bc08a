"""The parsed upload waits between the steps (upload → mapping → preview → commit) as a JSON file
under settings.IMPORT_DIR, named by a random token and bound to the user and the register that
made it. Only the parsed cells are kept, never the workbook itself; commit or cancel deletes the
file, and uploads older than a day are swept at the next upload."""

import json
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404

from registers.importing.reader import ParsedSheet, SheetRow

STALE_AFTER_SECONDS = 24 * 60 * 60


@dataclass
class PendingImport:
    """A parsed upload and the choices made on it so far: the column mapping (column index →
    field, "extra" or "" for ignored), the category and grade for all rows, the campaign category
    of each of the file's own category values (its key → a category id, or SKIP_ROWS), how
    numeric grades read, whether the Annex numbering is kept, and the rows skipped."""

    token: str
    user_id: int
    register_id: int
    file_name: str
    sheet: ParsedSheet
    mapping: dict[int, str | None] = field(default_factory=dict)
    default_category_id: int | None = None
    default_grade: int | None = None
    category_values: dict[str, int | str] = field(default_factory=dict)
    grades_reversed: bool = False
    keep_numbering: bool = False
    skipped_rows: list[int] = field(default_factory=list)
    mapping_confirmed: bool = False


# A value of the file's category column whose rows are not imported.
SKIP_ROWS = "skip"


def _directory() -> Path:
    directory = Path(getattr(settings, "IMPORT_DIR", Path(settings.MEDIA_ROOT) / "imports"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _path(token: str) -> Path:
    # The token comes from the URL (a uuid converter); str(UUID) keeps it a plain file name.
    return _directory() / f"{uuid.UUID(str(token))}.json"


def pending_save(pending: PendingImport) -> None:
    payload = asdict(pending)
    payload["mapping"] = {str(k): v for k, v in pending.mapping.items()}
    _path(pending.token).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def pending_create(
    *, user_id: int, register_id: int, file_name: str, sheet: ParsedSheet
) -> PendingImport:
    _sweep()
    pending = PendingImport(
        token=str(uuid.uuid4()),
        user_id=user_id,
        register_id=register_id,
        file_name=file_name,
        sheet=sheet,
    )
    pending_save(pending)
    return pending


def pending_load(*, token: str, user_id: int, register_id: int) -> PendingImport:
    """The upload, if it exists and belongs to this user and register; otherwise a 404."""
    path = _path(token)
    try:
        payload: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Http404 from error
    if payload.get("user_id") != user_id or payload.get("register_id") != register_id:
        raise Http404
    sheet = payload.pop("sheet")
    payload["mapping"] = {int(k): v for k, v in payload["mapping"].items()}
    return PendingImport(
        **payload,
        sheet=ParsedSheet(**{**sheet, "rows": [SheetRow(**row) for row in sheet["rows"]]}),
    )


def pending_delete(pending: PendingImport) -> None:
    _path(pending.token).unlink(missing_ok=True)


def _sweep() -> None:
    limit = time.time() - STALE_AFTER_SECONDS
    for path in _directory().glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
