"""Signing (password and digest), publication and the public page, who sees what, the tracker,
the texts page and the PDF."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from audit import actions
from audit.models import AuditEntry
from commitments.choices import CommitmentKind, CommitmentState
from commitments.models import Commitment, CommitmentText
from commitments.services import (
    commitment_digest,
    commitment_publish,
    commitment_sign,
    signature_valid,
)
from registers.exceptions import DomainError
from tests.clients import client_for
from tests.commitments.conftest import Letters
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_binds_the_digest_and_refuses_a_wrong_password(letters: Letters) -> None:
    cast, letter = letters.cast, letters.dept_letter
    with pytest.raises(DomainError):
        commitment_sign(letter=letter, actor=cast.head, password="wrong")
    assert AuditEntry.objects.filter(
        action=actions.COMMITMENT_REFUSE_SIGNING, object_id=str(letter.pk)
    ).exists()
    letter.refresh_from_db()
    assert letter.state == CommitmentState.UNSIGNED
    with pytest.raises(PermissionDenied):
        commitment_sign(letter=letter, actor=cast.committee, password=TEST_PASSWORD)
    signed = commitment_sign(letter=letter, actor=cast.head, password=TEST_PASSWORD)
    assert signed.state == CommitmentState.SIGNED and signed.signed_by == cast.head
    assert signed.digest == commitment_digest(signed) and len(signed.digest) == 64
    assert AuditEntry.objects.filter(action=actions.COMMITMENT_SIGN).count() == 1
    with pytest.raises(DomainError):
        commitment_sign(letter=signed, actor=cast.head, password=TEST_PASSWORD)


def test_a_signature_outlives_a_renaming_and_is_not_published_by_its_signer(
    letters: Letters,
) -> None:
    """The digest binds the subject by id: renaming the unit or the person later leaves the
    signature valid. Whoever signed the letter does not publish it himself."""
    cast, letter = letters.cast, letters.dept_letter
    cast.head.is_committee_member = True  # a committee member heading a department
    cast.head.save(update_fields=["is_committee_member"])
    commitment_sign(letter=letter, actor=cast.head, password=TEST_PASSWORD)
    cast.dept.name = "行政审批处"
    cast.dept.save(update_fields=["name"])
    letter.refresh_from_db()
    assert signature_valid(letter)
    with pytest.raises(DomainError, match="签字人不能公示"):
        commitment_publish(letter=letter, actor=cast.head)
    assert commitment_publish(letter=letter, actor=cast.committee).state == "published"


def test_sign_view_for_the_signer_the_others_and_a_wrong_password(letters: Letters) -> None:
    cast, letter = letters.cast, letters.filler_letter
    url = reverse("commitments:sign", args=[letter.pk])
    assert client_for(cast.outsider).post(url, {"password": TEST_PASSWORD}).status_code == 404
    assert client_for(cast.head).post(url, {"password": TEST_PASSWORD}).status_code == 404
    assert client_for(cast.committee).post(url, {"password": TEST_PASSWORD}).status_code == 403
    filler = client_for(cast.filler)
    wrong = filler.post(url, {"password": "nope"})
    assert wrong.status_code == 400 and "密码不正确" in wrong.content.decode()
    response = filler.post(url, {"password": TEST_PASSWORD})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.state == CommitmentState.SIGNED


def test_visibility(letters: Letters) -> None:
    cast = letters.cast
    dept, mine = letters.dept_letter, letters.filler_letter
    unit, outsider_report = letters.unit_letter, letters.outsider_report

    def status(user: object, letter: Commitment) -> int:
        return client_for(user).get(reverse("commitments:detail", args=[letter.pk])).status_code  # type: ignore[arg-type]

    assert [status(cast.filler, x) for x in (mine, dept, unit, outsider_report)] == [
        200,
        404,
        404,
        404,
    ]
    assert [status(cast.head, x) for x in (mine, dept, unit)] == [404, 200, 404]
    assert [status(cast.principal, x) for x in (mine, dept, unit)] == [404, 404, 200]
    assert [status(cast.leader, x) for x in (mine, dept, unit)] == [404, 404, 404]
    for user in (cast.committee, cast.admin):
        assert [status(user, x) for x in (mine, dept, unit, outsider_report)] == [200] * 4
    page = client_for(cast.filler).get(reverse("commitments:mine")).content.decode()
    assert page.count("data-commitment=") == 2
    assert client_for(cast.filler).get(reverse("commitments:tracker")).status_code == 403
    assert client_for(cast.head).get(reverse("commitments:texts")).status_code == 403


def test_publication_and_the_public_page(letters: Letters) -> None:
    cast, campaign = letters.cast, letters.world.campaign
    campaign.publication_start = date.today() - timedelta(days=1)
    campaign.save(update_fields=["publication_start"])
    dept, mine = letters.dept_letter, letters.filler_letter
    with pytest.raises(DomainError):
        commitment_publish(letter=dept, actor=cast.committee)  # not signed yet
    commitment_sign(letter=dept, actor=cast.head, password=TEST_PASSWORD)
    commitment_sign(letter=mine, actor=cast.filler, password=TEST_PASSWORD)
    with pytest.raises(PermissionDenied):
        commitment_publish(letter=dept, actor=cast.head)
    with pytest.raises(DomainError):
        commitment_publish(letter=mine, actor=cast.committee)  # personal: never public
    anonymous = Client()
    assert anonymous.get(reverse("public_commitments:detail", args=[dept.pk])).status_code == 404
    response = client_for(cast.committee).post(reverse("commitments:publish", args=[dept.pk]))
    assert response.status_code == 302
    dept.refresh_from_db()
    assert dept.state == CommitmentState.PUBLISHED
    assert AuditEntry.objects.filter(action=actions.COMMITMENT_PUBLISH).count() == 1
    index = anonymous.get(reverse("public_commitments:index")).content.decode()
    assert "审批处 · 内设机构廉能风险防控承诺书" in index
    detail = anonymous.get(reverse("public_commitments:detail", args=[dept.pk])).content.decode()
    assert "审批事项未按程序集体研究" in detail
    for hidden in (mine, letters.unit_letter):
        url = reverse("public_commitments:detail", args=[hidden.pk])
        assert anonymous.get(url).status_code == 404


def test_tracker_counts_and_filters(letters: Letters) -> None:
    cast = letters.cast
    commitment_sign(letter=letters.dept_letter, actor=cast.head, password=TEST_PASSWORD)
    client = client_for(cast.committee)
    url = reverse("commitments:tracker")
    page = client.get(url).content.decode()
    assert 'data-count="total">6<' in page
    assert 'data-count="unsigned">5<' in page
    assert 'data-count="signed">1<' in page
    assert page.count("data-commitment=") == 6
    filtered = client.get(
        url, {"unit": str(cast.dept.pk), "kind": "personal", "state": "unsigned"}
    ).content.decode()
    assert filtered.count("data-commitment=") == 1
    assert f'data-commitment="{letters.filler_letter.pk}"' in filtered


def test_texts_page_saves_and_audits(letters: Letters) -> None:
    cast, campaign = letters.cast, letters.world.campaign
    client = client_for(cast.committee)
    url = reverse("commitments:texts") + f"?campaign={campaign.pk}"
    form = client.get(url).context["form"]
    data = {name: form.fields[name].initial for name in form.fields}
    data[CommitmentKind.UNIT] = "本单位承诺:严格落实各项防控措施。"
    assert client.post(url, data).status_code == 302
    assert CommitmentText.objects.get(campaign=campaign, kind=CommitmentKind.UNIT).text == (
        "本单位承诺:严格落实各项防控措施。"
    )
    assert AuditEntry.objects.filter(action=actions.COMMITMENT_TEXT_UPDATE).count() == 1
    data[CommitmentKind.UNIT] = "  "
    assert client.post(url, data).status_code == 200  # refused by the form, no 500


def test_pdf_contains_title_name_text_and_every_risk(letters: Letters) -> None:
    cast, letter = letters.cast, letters.outsider_report
    commitment_sign(letter=letter, actor=cast.outsider, password=TEST_PASSWORD)
    response = client_for(cast.outsider).get(reverse("commitments:pdf", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    assert "个人廉能风险识别防控情况报告书" in text
    assert "吴外人" in text
    assert "经自查,本人岗位共查找出廉能风险点2个" in text
    risks = ("报销审核把关不严", "严格执行财务审核制度", "资金支付未经审批", "支付前核对审批单")
    for risk in risks:
        assert risk in text
    assert "报告人(签字)" in text and "SHA-256" in text
    assert AuditEntry.objects.filter(action=actions.COMMITMENT_EXPORT_PDF).count() == 1
