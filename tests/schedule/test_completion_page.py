"""The pages: the progress page shows every row and, to whoever answers for a unit, a "标记完成"
link on the rows he may mark; the page of one unit's row takes the note, then the evidence
(oversight's attachments), shows who marked it and when, and takes the mark back."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from oversight.models import Attachment
from schedule.models import TaskCompletion
from tests.campaign_world import World
from tests.clients import client_for
from tests.schedule.annex3_rows import MOBILIZE, POWERS, row

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _progress(world: World, who: str) -> str:
    client = client_for(getattr(world.cast, who))
    return client.get(reverse("schedule:progress", args=[world.campaign.pk])).content.decode()


def _cell_url(world: World, order: int, unit_pk: int) -> str:
    return reverse("schedule:task_unit", args=[row(world, order).pk, unit_pk])


def test_the_progress_page_shows_every_row(world: World) -> None:
    html = _progress(world, "committee")
    assert html.count('data-testid="progress-row"') == 13
    assert "局党组召开会议进行动员部署" in html and "组织“回头看”检查" in html
    # Units × the rows each unit does: the five done by hand and the three by the registers.
    assert html.count('data-testid="progress-unit"') == 2
    assert html.count('class="cell ') == 2 * 8


@pytest.mark.parametrize(
    ("who", "dept_links", "lead_links"),
    [
        # 审批处's four rows done by hand, for 审批处 (the fifth each-unit row, 回头看, is done by
        # the review round's record and offers no mark)
        ("filler", 4, 0),
        ("head", 4, 0),
        ("leader", 0, 5),  # a member of the bureau, which leads the lead-only rows
        ("principal", 0, 5),
        ("outsider", 0, 0),  # 财务处's rows are 财务处's; the lead-only rows are not his
        ("committee", 4, 5),  # and 财务处's four too
    ],
)
def test_mark_done_links_for_those_who_may(
    world: World, who: str, dept_links: int, lead_links: int
) -> None:
    html = _progress(world, who)
    dept = world.cast.dept.pk
    bureau = world.cast.bureau.pk
    assert html.count(f'/units/{dept}/" data-testid="mark-done"') == dept_links
    assert html.count(f'/units/{bureau}/" data-testid="mark-done"') == lead_links
    other = world.cast.other_dept.pk
    assert html.count(f'/units/{other}/" data-testid="mark-done"') == (
        4 if who in ("committee", "outsider") else 0
    )


def test_mark_with_a_note_then_evidence_then_withdraw(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    head = client_for(world.cast.head)
    url = _cell_url(world, POWERS, world.cast.dept.pk)
    page = head.get(url).content.decode()
    assert 'data-testid="complete-form"' in page and 'data-status="done"' not in page
    assert 'data-testid="attachments"' not in page  # evidence comes after the mark

    # An empty note is refused.
    task = row(world, POWERS)
    complete = reverse("schedule:task_complete", args=[task.pk, world.cast.dept.pk])
    refused = head.post(complete, {"note": " "})
    assert refused.status_code == 400 and 'data-testid="note-error"' in refused.text
    assert not TaskCompletion.objects.exists()
    # A note too long is refused with what was typed kept in the form.
    long_note = "完" * 2001
    refused = head.post(complete, {"note": long_note})
    assert refused.status_code == 400 and long_note in refused.text

    done = head.post(complete, {"note": "已梳理权力事项12项"}, follow=True).content.decode()
    assert "已标记完成。可在下方上传证明材料。" in done
    assert 'data-how="completion"' in done and "已梳理权力事项12项" in done
    assert "陈处长 于" in done
    assert 'data-testid="withdraw-form"' in done and 'data-testid="complete-form"' not in done

    completion = TaskCompletion.objects.get()
    upload = reverse("oversight:attachment_upload", args=["schedule_completion", completion.pk])
    evidence = SimpleUploadedFile("权力清单.pdf", PDF, content_type="application/pdf")
    response = head.post(upload, {"file": evidence, "note": "清单扫描件"})
    assert response.status_code == 302 and response["Location"] == url
    attachment = Attachment.objects.get()
    download = reverse("oversight:attachment_download", args=[attachment.pk])
    # Whoever sees the unit's row downloads it; 财务处's people do not see it.
    assert client_for(world.cast.leader).get(download).status_code == 200
    assert client_for(world.cast.outsider).get(download).status_code == 404
    # The leader in charge sees the row but does not answer for it: no evidence from him.
    other = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    assert client_for(world.cast.leader).post(upload, {"file": other}).status_code == 403
    assert "权力清单.pdf" in head.get(url).content.decode()

    withdrawn = head.post(
        reverse("schedule:task_withdraw", args=[task.pk, world.cast.dept.pk]), follow=True
    ).content.decode()
    assert "已撤回完成标记。" in withdrawn
    assert 'data-testid="completion-withdrawn"' in withdrawn
    assert 'data-testid="complete-form"' in withdrawn
    # The evidence stays with the withdrawn mark, read-only.
    assert "权力清单.pdf" in withdrawn and "上传附件" not in withdrawn
    again = SimpleUploadedFile("y.pdf", PDF, content_type="application/pdf")
    assert head.post(upload, {"file": again}).status_code == 403


def test_a_lead_only_rows_page(world: World) -> None:
    url = _cell_url(world, MOBILIZE, world.cast.bureau.pk)
    principal = client_for(world.cast.principal)
    page = principal.get(url).content.decode()
    assert "由牵头单位标记完成一次,即为整项任务完成" in page
    assert 'data-testid="complete-form"' in page
    principal.post(
        reverse("schedule:task_complete", args=[row(world, MOBILIZE).pk, world.cast.bureau.pk]),
        {"note": "7月5日召开局党组会议动员部署"},
    )
    # A department's people read it, without a form.
    page = client_for(world.cast.filler).get(url).content.decode()
    assert "7月5日召开局党组会议动员部署" in page
    assert 'data-testid="complete-form"' not in page
    assert 'data-testid="withdraw-form"' not in page
    progress = _progress(world, "filler")
    assert 'data-testid="cell-completion"' in progress and "王局长" in progress


def test_the_anonymous_are_sent_to_sign_in(world: World) -> None:
    url = _cell_url(world, POWERS, world.cast.dept.pk)
    assert Client().get(url).status_code == 302


def test_undated_rows_show_the_campaigns_years_not_the_documents(world: World) -> None:
    """Document 000 (a 2019 plan) writes its later rows' dates as "2020年1月" …: the schedule
    pages of a 2026 campaign print them moved with the campaign, as its Annex 3 does."""
    rules_row = 9  # 进一步完善领导班子议事规则 — "2020年1月" in the document
    task = row(world, rules_row)
    assert task.deadline is None and task.due_text == "2020年1月"
    progress = _progress(world, "committee")
    assert "2027年1月" in progress and "2020年1月" not in progress
    committee = client_for(world.cast.committee)
    plan = committee.get(reverse("schedule:schedule", args=[world.campaign.pk])).content.decode()
    assert "2027年1月" in plan
    cell = committee.get(_cell_url(world, rules_row, world.cast.bureau.pk)).content.decode()
    assert "2027年1月" in cell
