"""The yearly snapshot: once per subject and year, its digest the sha256 of its content."""

import hashlib
import json
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from archives.models import ArchiveSnapshot
from archives.services import (
    access_request_create,
    access_request_decide,
    archives_snapshot,
    content_digest,
)
from archives.tasks import snapshot_archives
from audit import actions
from audit.models import AuditEntry
from orgs.models import Unit, User
from oversight.choices import RectificationSource
from oversight.rectification.services import rectification_create
from tests.archives.conftest import ISSUED_FACTS, Filed, approved
from tests.clients import client_for


def test_a_snapshot_is_made_once_per_subject_and_year(filed: Filed) -> None:
    year = timezone.localdate().year
    people = User.objects.filter(is_active=True, unit__isnull=False).count()
    first = archives_snapshot(year=year)
    assert (first.people, first.units) == (people, Unit.objects.count())
    snapshot = ArchiveSnapshot.objects.get(person=filed.person, year=year)
    digest, created = snapshot.digest, snapshot.created_at
    # A record added since does not change the frozen file; a second run adds nothing.
    second = archives_snapshot(year=year)
    assert second.created == 0
    snapshot.refresh_from_db()
    assert (snapshot.digest, snapshot.created_at) == (digest, created)
    # Someone new is frozen on the next run.
    Unit.objects.create(name="新设处", code="NEW", kind="department", parent=filed.cast.bureau)
    assert archives_snapshot(year=year).units == 1
    assert AuditEntry.objects.filter(action=actions.ARCHIVE_SNAPSHOT).count() == 3


def test_the_digest_is_the_sha256_of_the_canonical_content(filed: Filed) -> None:
    year = timezone.localdate().year
    archives_snapshot(year=year)
    snapshot = ArchiveSnapshot.objects.get(person=filed.person, year=year)
    canonical = json.dumps(
        snapshot.content, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    assert snapshot.digest == hashlib.sha256(canonical.encode()).hexdigest()
    assert content_digest(snapshot.content) == snapshot.digest
    text = json.dumps(snapshot.content, ensure_ascii=False)
    assert "任前廉政谈话" in text and ISSUED_FACTS in text and "述廉报告.txt" in text
    assert snapshot.content["year"] == year


def test_a_year_holds_only_that_years_records(filed: Filed) -> None:
    last_year = timezone.localdate().year - 1
    archives_snapshot(year=last_year)
    content = ArchiveSnapshot.objects.get(person=filed.person, year=last_year).content
    assert all(not section["rows"] for section in content["sections"])


def test_the_command_and_the_task(filed: Filed) -> None:
    year = timezone.localdate().year
    call_command("snapshot_archives", "--year", str(year))
    count = ArchiveSnapshot.objects.filter(year=year).count()
    assert count > 0
    call_command("snapshot_archives", "--year", str(year))
    assert ArchiveSnapshot.objects.filter(year=year).count() == count
    assert snapshot_archives() == count  # the year just ended, frozen the first time
    assert snapshot_archives() == 0


def _snapshot_page(user: User, snapshot: ArchiveSnapshot) -> str:
    response = client_for(user).get(reverse("archives:snapshot", args=[snapshot.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_snapshot_keeps_the_warnings_to_their_circle(filed: Filed) -> None:
    """A 调阅 reader of a snapshot reads its warnings, and the items of warnings, as he would
    the live file: only those whose circle he is in (the rows keep their warning's id)."""
    cast = filed.cast
    deadline = timezone.localdate() + timedelta(days=30)
    rectification_create(
        source=RectificationSource.WARNING,
        warning=filed.issued,
        unit=cast.dept,
        owner=filed.person,
        title="就接受宴请问题整改",
        problem="接受宴请。",
        deadline=deadline,
        actor=cast.committee,
    )
    rectification_create(
        source=RectificationSource.INSPECTION,
        unit=cast.dept,
        owner=cast.head,
        title="完善审批台账",
        problem="台账不全。",
        deadline=deadline,
        actor=cast.committee,
    )
    for reader in (cast.outsider, cast.principal):
        approved(filed, reader)
        for_unit = access_request_create(actor=reader, unit=cast.dept, reason="巡察", days=3)
        access_request_decide(request=for_unit, actor=cast.committee, approve=True)
    year = timezone.localdate().year
    archives_snapshot(year=year)
    person = ArchiveSnapshot.objects.get(person=filed.person, year=year)
    unit = ArchiveSnapshot.objects.get(unit=cast.dept, year=year)
    for user in (cast.filler, cast.committee, cast.principal):
        assert ISSUED_FACTS in _snapshot_page(user, person)
    assert ISSUED_FACTS not in _snapshot_page(cast.outsider, person)
    assert "任前廉政谈话" in _snapshot_page(cast.outsider, person)
    for user, inside in ((cast.committee, True), (cast.principal, True), (cast.outsider, False)):
        page = _snapshot_page(user, unit)
        assert (ISSUED_FACTS in page) is inside
        assert ("就接受宴请问题整改" in page) is inside
        assert "完善审批台账" in page

    # A snapshot frozen before its rows kept their warning: hidden from every 调阅 reader.
    for section in person.content["sections"]:
        section.pop("confidential", None)
        for row in section["rows"]:
            row.pop("warning", None)
    person.save(update_fields=["content"])
    assert ISSUED_FACTS not in _snapshot_page(cast.principal, person)
    assert ISSUED_FACTS in _snapshot_page(cast.filler, person)
