"""A file's page costs the same number of queries whatever it holds: the uploads of all its
records are read at once, and which warnings its reader may follow is asked once."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archives.choices import RecordKind
from archives.services import RecordData, record_create
from orgs.models import User
from oversight.attachments import attachment_add
from oversight.warnings import services as warning_services
from tests.archives.conftest import Filed, approved, draft_warning
from tests.clients import client_for


def _queries(user: User, url: str) -> int:
    client = client_for(user)
    client.get(url)  # warm the caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(filed: Filed, more: int) -> None:
    """`more` talks, each with an upload, and `more` delivered warnings."""
    cast = filed.cast
    for n in range(more):
        record = record_create(
            person=filed.person,
            actor=cast.committee,
            data=RecordData(
                kind=RecordKind.TALK, occurred_on=timezone.localdate(), title=f"谈话{n}"
            ),
        )
        attachment_add(
            parent=record,
            upload=SimpleUploadedFile(f"谈话{n}.txt", "谈话记录".encode()),
            actor=cast.committee,
        )
        warning = draft_warning(cast, f"预警事由{n}")
        warning_services.warning_submit(warning=warning, actor=cast.committee)
        warning_services.warning_approve(warning=warning, actor=cast.principal, note="同意")


def test_the_file_pages_do_not_grow_with_their_rows(filed: Filed) -> None:
    cast = filed.cast
    approved(filed, cast.principal)  # a 调阅 reader inside the warnings' circle
    approved(filed, cast.outsider)  # and one outside it
    person = reverse("archives:person", args=[filed.person.pk])
    unit = reverse("archives:unit", args=[cast.dept.pk])
    readers = [(cast.committee, person), (cast.principal, person), (cast.outsider, person)]
    readers.append((cast.committee, unit))
    before = [_queries(user, url) for user, url in readers]
    _grow(filed, 4)  # from 1 talk and 1 warning to 5 of each
    page = client_for(cast.principal).get(person).content.decode()
    assert all(f"谈话{n}.txt" in page for n in range(4))
    assert all(f"预警事由{n}" in page for n in range(4))
    assert [_queries(user, url) for user, url in readers] == before
