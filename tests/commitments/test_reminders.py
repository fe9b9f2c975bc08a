"""The daily sweep reminds the signer once before the sign-by date and tells him and the committee
once after it; a signed letter is not chased."""

from datetime import timedelta

import pytest
from django.urls import reverse

from commitments.services import commitment_sign
from notifications.models import Notification
from orgs.models import User
from oversight.rectification.sweep import deadline_sweep
from tests.clients import client_for
from tests.commitments.conftest import Letters
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _titles(user: User) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, title__regex="(承诺书|报告书)$")
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_sweep_reminds_once_then_tells_once(letters: Letters) -> None:
    cast = letters.cast
    for letter in (letters.dept_letter, letters.unit_letter, letters.outsider_report):
        commitment_sign(letter=letter, actor=letter.signer, password=TEST_PASSWORD)  # type: ignore[arg-type]
    sign_by = letters.filler_letter.sign_by
    assert sign_by is not None
    Notification.objects.all().delete()
    deadline_sweep(today=sign_by - timedelta(days=10))
    assert _titles(cast.filler) == []
    deadline_sweep(today=sign_by - timedelta(days=3))
    deadline_sweep(today=sign_by - timedelta(days=3))
    deadline_sweep(today=sign_by - timedelta(days=1))
    reminders = _titles(cast.filler)
    assert len(reminders) == 2 and all("还有3天到期" in t for t in reminders)  # letter + report
    assert _titles(cast.committee) == []
    for day in (1, 2, 9):
        deadline_sweep(today=sign_by + timedelta(days=day))
    overdue = _titles(cast.filler)[2:]
    assert len(overdue) == 2 and all("已逾期1天" in t for t in overdue)
    assert len(_titles(cast.committee)) == 3  # one per unsigned letter, once
    # The signed ones and the outsider's signed report were never chased.
    assert _titles(cast.head) == [] and _titles(cast.principal) == []
    assert len(_titles(cast.outsider)) == 2  # his unsigned personal letter: reminder + overdue


def test_inbox_and_navigation(letters: Letters) -> None:
    cast = letters.cast
    home = client_for(cast.filler).get(reverse("home")).content.decode()
    assert "待签字的承诺书" in home and "我的承诺书" in home
    assert "承诺书签署情况" not in home
    assert "承诺书签署情况" in client_for(cast.committee).get(reverse("home")).content.decode()
