"""The demo's integrity files (demo/archives.py): chuzhang's file with its records, the approved
调阅 of fuju3 and the pending one of juzhang; seeded once."""

from datetime import date
from pathlib import Path
from typing import Any

from django.urls import reverse

from archives.choices import AccessState
from archives.models import AccessRequest, IntegrityRecord
from demo.archives import build_demo_archives
from demo.assessment import build_demo_assessment
from demo.organization import build_demo_organization
from orgs.models import User
from tests.clients import client_for


def test_the_demo_files_and_requests(db: None, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    build_demo_organization()
    today = date(2026, 2, 10)
    build_demo_assessment(today=today)
    summary = build_demo_archives(today=today)
    assert summary is not None and summary.records == 4 and summary.requests == 2
    people = {u.username: u for u in User.objects.all()}
    head, staff = people["chuzhang"], people["jingban"]
    assert IntegrityRecord.objects.filter(person=head).count() == 3
    approved = AccessRequest.objects.get(requester=people["fuju3"])
    assert approved.state == AccessState.APPROVED and approved.person == head
    pending = AccessRequest.objects.get(requester=people["juzhang"])
    assert pending.state == AccessState.PENDING and pending.person == staff

    page = client_for(people["fuju3"]).get(reverse("archives:person", args=[head.pk]))
    assert page.status_code == 200 and "年度述责述廉报告" in page.content.decode()
    assert (
        client_for(people["juzhang"]).get(reverse("archives:person", args=[staff.pk])).status_code
        == 404
    )
    own = client_for(staff).get(reverse("archives:person", args=[staff.pk])).content.decode()
    assert "预警后提醒谈话" in own and "一般" in own  # his talk and his assessed quarter
    committee = client_for(people["jiwei"]).get(reverse("archives:access_queue")).content.decode()
    assert "拟调整该同志工作岗位" in committee
    assert build_demo_archives(today=today) is None
