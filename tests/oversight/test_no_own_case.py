"""Nobody decides his own case (found by a hostile review): who started a warning or is its
subject does not approve it; who answered it or is its subject does not close it; a committee
member who is a warning's subject sees it only once issued; the owner of a rectification item
does not close it; an item cannot come from a warning not yet issued."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from oversight.choices import RectificationSource, WarningState
from oversight.rectification.services import (
    rectification_close,
    rectification_create,
    rectification_submit,
)
from oversight.warnings import services
from oversight.warnings.permissions import can_see_warning
from registers.exceptions import DomainError
from tests.conftest import Cast
from tests.oversight.test_warnings import draft, issued


def test_the_starter_does_not_approve_his_own_warning(party: Cast) -> None:
    party.committee.is_party_group_member = True  # in both bodies, as happens
    party.committee.save(update_fields=["is_party_group_member"])
    warning = draft(party)
    services.warning_submit(warning=warning, actor=party.committee)
    with pytest.raises(PermissionDenied):
        services.warning_approve(warning=warning, actor=party.committee)
    services.warning_approve(warning=warning, actor=party.principal)
    warning.refresh_from_db()
    assert warning.state == WarningState.ISSUED and warning.approved_by == party.principal


def test_a_committee_member_as_subject_neither_sees_the_draft_nor_closes_it(
    party: Cast,
) -> None:
    other = party.committee
    subject = party.head
    subject.is_committee_member = True
    subject.save(update_fields=["is_committee_member"])
    warning = draft(party, subject_user=subject)
    assert can_see_warning(other, warning) and not can_see_warning(subject, warning)
    services.warning_submit(warning=warning, actor=other)
    assert not can_see_warning(subject, warning)
    services.warning_approve(warning=warning, actor=party.principal)
    assert can_see_warning(subject, warning)
    services.warning_answer(warning=warning, actor=subject, report="已整改。")
    with pytest.raises(PermissionDenied):
        services.warning_close(warning=warning, actor=subject)
    services.warning_close(warning=warning, actor=other)


def test_the_owner_does_not_close_his_own_item(party: Cast) -> None:
    today = timezone.localdate()
    party.head.is_committee_member = True
    party.head.save(update_fields=["is_committee_member"])
    item = rectification_create(
        source=RectificationSource.INSPECTION,
        unit=party.dept,
        owner=party.head,
        title="档案不全",
        problem="缺少会审记录",
        deadline=today + timedelta(days=5),
        actor=party.committee,
    )
    rectification_submit(rectification=item, actor=party.head, report="已补齐。")
    with pytest.raises(PermissionDenied):
        rectification_close(rectification=item, actor=party.head, note="自己销号")
    rectification_close(rectification=item, actor=party.committee, note="整改到位")


def test_no_item_from_a_warning_not_yet_issued(party: Cast) -> None:
    warning = draft(party)
    kwargs = {
        "source": RectificationSource.WARNING,
        "unit": party.dept,
        "owner": party.committee,
        "title": "整改",
        "problem": "问题",
        "deadline": timezone.localdate() + timedelta(days=5),
        "actor": party.committee,
    }
    with pytest.raises(DomainError, match="尚未经党委批准"):
        rectification_create(warning=warning, **kwargs)
    assert rectification_create(warning=issued(party), **kwargs).pk
