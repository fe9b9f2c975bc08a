"""Who reads the filler's file (page and PDF), and every reading audited with its ground."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archives.models import AccessRequest, ArchiveSnapshot
from archives.services import access_request_create, access_request_decide, archives_snapshot
from audit import actions
from audit.models import AuditEntry
from oversight.attachments import attachments_of
from oversight.choices import LeadSource, RectificationSource
from oversight.rectification.services import rectification_create
from oversight.warnings.leads import LeadData, lead_create
from tests.archives.conftest import DRAFT_FACTS, ISSUED_FACTS, Filed, approved, pdf_text
from tests.clients import client_for

PAGE, PDF = "archives:person", "archives:person_pdf"
WARNING_ITEM = "就接受宴请问题整改"
INSPECTION_ITEM = "完善审批台账"


def _status(client: Client, filed: Filed, route: str) -> int:
    return client.get(reverse(route, args=[filed.person.pk])).status_code


def _readings(filed: Filed) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action__in=[actions.ARCHIVE_READ, actions.ARCHIVE_EXPORT_PDF],
            object_type="orgs.user",
            object_id=str(filed.person.pk),
        ).order_by("id")
    )


@pytest.mark.parametrize("route", [PAGE, PDF])
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("filler", 200),  # himself
        ("committee", 200),
        ("admin", 404),
        ("colleague", 404),
        ("head", 404),  # his department head
        ("leader", 404),  # his leader in charge
        ("principal", 404),
        ("outsider", 404),
    ],
)
def test_the_access_matrix(filed: Filed, route: str, who: str, expected: int) -> None:
    user = filed.colleague if who == "colleague" else getattr(filed.cast, who)
    before = len(_readings(filed))
    assert _status(client_for(user), filed, route) == expected
    readings = _readings(filed)
    assert len(readings) == before + (1 if expected == 200 else 0)
    if expected == 200:
        row = readings[-1]
        assert row.actor == user
        assert row.action == (actions.ARCHIVE_EXPORT_PDF if route == PDF else actions.ARCHIVE_READ)
        assert row.object_repr == str(filed.person)
        assert row.data["ground"] == ("本人" if who == "filler" else "纪委")


def test_the_anonymous_visitor_is_sent_to_sign_in(filed: Filed) -> None:
    response = Client().get(reverse(PAGE, args=[filed.person.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("route", [PAGE, PDF])
def test_a_requester_reads_only_while_his_approval_lasts(filed: Filed, route: str) -> None:
    admin, client = filed.cast.admin, client_for(filed.cast.admin)
    request = access_request_create(actor=admin, person=filed.person, reason="审计需要", days=3)
    assert _status(client, filed, route) == 404  # pending
    access_request_decide(request=request, actor=filed.cast.committee, approve=True, days=2)
    assert _status(client, filed, route) == 200
    row = _readings(filed)[-1]
    assert row.actor == admin
    assert row.data["ground"] == f"调阅 #{request.pk}"
    assert row.data["access_request"] == request.pk
    # Only the file he asked for.
    assert client.get(reverse(route, args=[filed.colleague.pk])).status_code == 404
    # Two days later the approval has lapsed.
    AccessRequest.objects.filter(pk=request.pk).update(
        valid_until=timezone.now() - timedelta(seconds=1)
    )
    assert _status(client, filed, route) == 404


def test_a_refused_or_withdrawn_request_opens_nothing(filed: Filed) -> None:
    head, outsider = filed.cast.head, filed.cast.outsider
    refused = access_request_create(actor=head, person=filed.person, reason="了解情况", days=5)
    access_request_decide(
        request=refused, actor=filed.cast.committee, approve=False, note="理由不充分"
    )
    assert _status(client_for(head), filed, PAGE) == 404
    access_request_create(actor=outsider, person=filed.person, reason="了解情况", days=5)
    assert _status(client_for(outsider), filed, PAGE) == 404


def test_what_each_reader_sees(filed: Filed) -> None:
    """Delivered warnings only; the person and the committee read his warnings, a 调阅 reader
    only if he is in the warning's circle (王局长, of the party group that approved it) — not
    吴外人, whose approval opens the file, not the warning; the warning's page linked only for
    those in its circle; the committee's record links only for the committee."""
    approved(filed, filed.cast.outsider)
    approved(filed, filed.cast.principal)
    pages = {
        who: client_for(getattr(filed.cast, who))
        .get(reverse(PAGE, args=[filed.person.pk]))
        .content.decode()
        for who in ("filler", "committee", "outsider", "principal")
    }
    warning_url = reverse("oversight:warning_detail", args=[filed.issued.pk])
    edit_url = reverse("archives:record_edit", args=[filed.talk.pk])
    for who, html in pages.items():
        assert DRAFT_FACTS not in html, who
        for text in ("任前廉政谈话", "年度述廉报告", "述廉报告.txt", "配偶经商情况"):
            assert text in html, (who, text)
    for who in ("filler", "committee", "principal"):
        assert ISSUED_FACTS in pages[who], who
        assert warning_url in pages[who], who
    assert ISSUED_FACTS not in pages["outsider"]
    assert warning_url not in pages["outsider"]
    assert edit_url in pages["committee"]
    assert edit_url not in pages["filler"] and edit_url not in pages["outsider"]
    # The PDF says the same.
    pdf = client_for(filed.cast.outsider).get(reverse(PDF, args=[filed.person.pk]))
    assert pdf.status_code == 200
    assert "".join(ISSUED_FACTS.split()) not in pdf_text(pdf.content)
    pdf = client_for(filed.cast.principal).get(reverse(PDF, args=[filed.person.pk]))
    assert "".join(ISSUED_FACTS.split()) in pdf_text(pdf.content)


def test_the_attachments_of_records_follow_the_file(filed: Filed) -> None:
    attachment = attachments_of(filed.report).get()
    url = reverse("oversight:attachment_download", args=[attachment.pk])
    assert client_for(filed.cast.filler).get(url).status_code == 200
    assert client_for(filed.cast.outsider).get(url).status_code == 404
    approved(filed, filed.cast.outsider)
    assert client_for(filed.cast.outsider).get(url).status_code == 200
    assert client_for(filed.cast.admin).get(url).status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [("committee", 200), ("admin", 404), ("head", 404), ("filler", 404), ("principal", 404)],
)
def test_unit_files_are_the_committees_or_by_approval(
    filed: Filed, who: str, expected: int
) -> None:
    url = reverse("archives:unit", args=[filed.cast.dept.pk])
    assert client_for(getattr(filed.cast, who)).get(url).status_code == expected


def _rectifications(filed: Filed) -> None:
    """One item from the delivered warning (confidential like it), one from an inspection."""
    cast, deadline = filed.cast, timezone.localdate() + timedelta(days=30)
    rectification_create(
        source=RectificationSource.WARNING,
        warning=filed.issued,
        unit=cast.dept,
        owner=filed.person,
        title=WARNING_ITEM,
        problem="接受宴请。",
        deadline=deadline,
        actor=cast.committee,
    )
    rectification_create(
        source=RectificationSource.INSPECTION,
        unit=cast.dept,
        owner=cast.head,
        title=INSPECTION_ITEM,
        problem="台账不全。",
        deadline=deadline,
        actor=cast.committee,
    )


def test_a_unit_file_by_approval_hides_the_leads_and_warnings_outside_the_circle(
    filed: Filed,
) -> None:
    lead_create(
        actor=filed.cast.committee,
        data=LeadData(
            source=LeadSource.PETITION,
            summary="群众来信反映审批处问题。",
            received_on=timezone.localdate(),
            subject_unit=filed.cast.dept,
        ),
    )
    _rectifications(filed)
    url = reverse("archives:unit", args=[filed.cast.dept.pk])
    committee_page = client_for(filed.cast.committee).get(url).content.decode()
    for text in ("群众来信反映审批处问题", ISSUED_FACTS, WARNING_ITEM, INSPECTION_ITEM):
        assert text in committee_page, text
    request = access_request_create(
        actor=filed.cast.admin, unit=filed.cast.dept, reason="巡察", days=3
    )
    access_request_decide(request=request, actor=filed.cast.committee, approve=True)
    response = client_for(filed.cast.admin).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    # The administrator is outside the warning's circle: neither it nor its item is shown.
    assert "群众来信反映审批处问题" not in page
    assert ISSUED_FACTS not in page and WARNING_ITEM not in page
    assert INSPECTION_ITEM in page
    row = AuditEntry.objects.filter(action=actions.ARCHIVE_READ, actor=filed.cast.admin).last()
    assert row is not None and row.object_type == "orgs.unit"
    assert row.data["ground"] == f"调阅 #{request.pk}"
    # 王局长 (party group) is inside it.
    request = access_request_create(
        actor=filed.cast.principal, unit=filed.cast.dept, reason="巡察", days=3
    )
    access_request_decide(request=request, actor=filed.cast.committee, approve=True)
    page = client_for(filed.cast.principal).get(url).content.decode()
    assert "群众来信反映审批处问题" not in page
    for text in (ISSUED_FACTS, WARNING_ITEM, INSPECTION_ITEM):
        assert text in page, text


def test_snapshots_are_read_like_the_file_and_audited(filed: Filed) -> None:
    archives_snapshot(year=timezone.localdate().year)
    snapshot = ArchiveSnapshot.objects.get(person=filed.person)
    url = reverse("archives:snapshot", args=[snapshot.pk])
    page = client_for(filed.cast.filler).get(reverse(PAGE, args=[filed.person.pk]))
    assert url in page.content.decode()
    response = client_for(filed.cast.filler).get(url)
    assert response.status_code == 200
    assert "任前廉政谈话" in response.content.decode()
    row = _readings(filed)[-1]
    assert row.data["view"] == "snapshot" and row.data["year"] == snapshot.year
    for who in ("admin", "head", "colleague"):
        user = filed.colleague if who == "colleague" else getattr(filed.cast, who)
        assert client_for(user).get(url).status_code == 404
    assert client_for(filed.cast.committee).get(url).status_code == 200


def test_my_file_and_the_committees_search(filed: Filed) -> None:
    response = client_for(filed.cast.filler).get(reverse("archives:mine"))
    assert response["Location"] == reverse(PAGE, args=[filed.person.pk])
    index = reverse("archives:index")
    assert client_for(filed.cast.admin).get(index).status_code == 404
    found = client_for(filed.cast.committee).get(index, {"q": "刘经办"}).content.decode()
    assert reverse(PAGE, args=[filed.person.pk]) in found
    assert reverse(PAGE, args=[filed.colleague.pk]) not in found
    units = client_for(filed.cast.committee).get(index, {"q": "审批处"}).content.decode()
    assert reverse("archives:unit", args=[filed.cast.dept.pk]) in units
