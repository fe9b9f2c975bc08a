"""调阅: requested by anyone signed in, decided by the committee (never by the requester nor by
the person concerned), withdrawn by the requester while pending; the notices and the inbox."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from archives import selectors as archives_selectors
from archives.choices import AccessState
from archives.models import AccessRequest
from archives.selectors import queue
from archives.services import (
    access_request_create,
    access_request_decide,
    access_request_withdraw,
)
from audit import actions
from audit.models import AuditEntry
from notifications.models import Notification
from orgs.inbox import inbox_for
from orgs.models import User
from registers.exceptions import DomainError
from tests.archives.conftest import Filed
from tests.clients import client_for
from tests.factories import UserFactory


def _create_url() -> str:
    return reverse("archives:access_create")


def test_the_whole_flow_through_the_pages(filed: Filed) -> None:
    cast = filed.cast
    head = client_for(cast.head)
    response = head.post(
        _create_url(), {"person": filed.person.pk, "reason": "年度考察", "days": "10"}
    )
    request = AccessRequest.objects.get(requester=cast.head)
    assert response.status_code == 302
    assert request.state == AccessState.PENDING and request.days == 10
    assert Notification.objects.filter(recipient=cast.committee, url__contains=f"/{request.pk}/")
    [section] = [s for s in inbox_for(cast.committee) if s.key == "archive_access_requests"]
    assert section.count == 1 and "陈处长" in section.items[0].title
    assert (
        filed.person.name
        in client_for(cast.committee).get(reverse("archives:access_queue")).content.decode()
    )
    assert "年度考察" in head.get(reverse("archives:access_list")).content.decode()

    decide = reverse("archives:access_decide", args=[request.pk])
    response = client_for(cast.committee).post(
        decide, {"decision": "approve", "days": "3", "note": ""}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == AccessState.APPROVED and request.days == 3
    assert request.decided_by == cast.committee
    assert request.valid_until is not None
    assert timedelta(days=2, hours=23) < request.valid_until - timezone.now() <= timedelta(days=3)
    assert Notification.objects.filter(recipient=cast.head, title="档案调阅申请已审批").exists()
    assert not [s for s in inbox_for(cast.committee) if s.key == "archive_access_requests"]
    detail = head.get(reverse("archives:access_detail", args=[request.pk])).content.decode()
    assert reverse("archives:person", args=[filed.person.pk]) in detail
    assert head.get(reverse("archives:person", args=[filed.person.pk])).status_code == 200
    assert AuditEntry.objects.filter(action=actions.ACCESS_REQUEST_CREATE).count() == 1
    assert AuditEntry.objects.filter(action=actions.ACCESS_REQUEST_DECIDE).count() == 1
    # Lapsed: listed as 已过期.
    AccessRequest.objects.filter(pk=request.pk).update(valid_until=timezone.now())
    assert "已过期" in head.get(reverse("archives:access_list")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "x", "days": "7"}, "二者选一"),
        ({"reason": "", "days": "7", "person": "P"}, "这个字段是必填项"),
        ({"reason": "x", "days": "31", "person": "P"}, "30"),
        ({"reason": "x", "days": "0", "person": "P"}, "1"),
        ({"reason": "x", "days": "abc", "person": "P"}, "整数"),
    ],
)
def test_bad_requests_are_refused_at_the_form(filed: Filed, data: dict, message: str) -> None:
    if data.get("person") == "P":
        data = {**data, "person": filed.person.pk}
    response = client_for(filed.cast.outsider).post(_create_url(), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_who_may_not_request(filed: Filed) -> None:
    cast = filed.cast
    with pytest.raises(DomainError, match="本人"):
        access_request_create(actor=cast.filler, person=cast.filler, reason="x", days=3)
    with pytest.raises(DomainError, match="纪委成员"):
        access_request_create(actor=cast.committee, person=cast.filler, reason="x", days=3)
    access_request_create(actor=cast.outsider, person=cast.filler, reason="x", days=3)
    with pytest.raises(DomainError, match="待审批"):
        access_request_create(actor=cast.outsider, person=cast.filler, reason="y", days=3)


def test_forged_decisions(filed: Filed) -> None:
    cast = filed.cast
    request = access_request_create(actor=cast.outsider, person=cast.filler, reason="x", days=5)
    decide = reverse("archives:access_decide", args=[request.pk])
    approve = {"decision": "approve", "days": "5"}
    # The requester himself: he sees his request, but has no right to decide it.
    assert client_for(cast.outsider).post(decide, approve).status_code == 403
    # Anybody else outside the committee does not see it at all.
    for user in (cast.admin, cast.head, cast.filler):
        assert client_for(user).post(decide, approve).status_code == 404
    request.refresh_from_db()
    assert request.state == AccessState.PENDING
    # A committee member does not decide his own request (made before he joined the committee)
    # nor one about himself.
    second = UserFactory(username="committee2", name="郑纪委", unit=cast.bureau)
    own = access_request_create(actor=second, person=cast.filler, reason="x", days=5)
    about = access_request_create(actor=cast.outsider, person=second, reason="x", days=5)
    second.is_committee_member = True
    second.save(update_fields=["is_committee_member"])
    for target, status in ((own, 403), (about, 404)):
        response = client_for(second).post(
            reverse("archives:access_decide", args=[target.pk]), approve
        )
        assert response.status_code == status
    with pytest.raises(PermissionDenied):
        access_request_decide(request=about, actor=second, approve=True)
    assert about.pk not in [r.pk for r in _queue_of(second)]
    # The other member decides both.
    access_request_decide(request=own, actor=cast.committee, approve=True)
    access_request_decide(request=about, actor=cast.committee, approve=False, note="不需要")


def _queue_of(user: User) -> list[AccessRequest]:
    return list(queue(user))


def test_a_decision_is_checked(filed: Filed) -> None:
    cast = filed.cast
    request = access_request_create(actor=cast.outsider, person=cast.filler, reason="x", days=5)
    decide = reverse("archives:access_decide", args=[request.pk])
    committee = client_for(cast.committee)
    longer = committee.post(decide, {"decision": "approve", "days": "6"})
    assert longer.status_code == 400 and "不超过申请的期限" in longer.content.decode()
    no_note = committee.post(decide, {"decision": "refuse", "note": ""})
    assert no_note.status_code == 400 and "审批意见" in no_note.content.decode()
    assert committee.post(decide, {"decision": "refuse", "note": "无必要"}).status_code == 302
    request.refresh_from_db()
    assert request.state == AccessState.REFUSED and request.valid_until is None
    again = committee.post(decide, {"decision": "approve", "days": "5"})
    assert again.status_code == 400 and "已处理" in again.content.decode()
    note = Notification.objects.get(recipient=cast.outsider)
    assert "无必要" in note.body


def test_withdrawing(filed: Filed) -> None:
    cast = filed.cast
    request = access_request_create(actor=cast.outsider, person=cast.filler, reason="x", days=5)
    withdraw = reverse("archives:access_withdraw", args=[request.pk])
    # Someone else's: the committee sees it but may not withdraw it; others do not see it.
    assert client_for(cast.committee).post(withdraw).status_code == 403
    assert client_for(cast.head).post(withdraw).status_code == 404
    assert client_for(cast.outsider).post(withdraw).status_code == 302
    request.refresh_from_db()
    assert request.state == AccessState.WITHDRAWN
    with pytest.raises(DomainError):
        access_request_withdraw(request=request, actor=cast.outsider)
    assert AuditEntry.objects.filter(action=actions.ACCESS_REQUEST_WITHDRAW).count() == 1


def test_who_sees_a_request(filed: Filed) -> None:
    cast = filed.cast
    request = access_request_create(actor=cast.outsider, person=cast.filler, reason="x", days=5)
    url = reverse("archives:access_detail", args=[request.pk])
    assert client_for(cast.outsider).get(url).status_code == 200
    assert client_for(cast.committee).get(url).status_code == 200
    for user in (cast.admin, cast.filler, cast.head):
        assert client_for(user).get(url).status_code == 404
    assert client_for(cast.admin).get(reverse("archives:access_queue")).status_code == 404


def test_one_pending_request_per_requester_and_file(filed: Filed) -> None:
    """Enforced by the database, so two submissions at once cannot both pass: a second pending
    request is refused, by the service with a message; once decided, one may ask again."""
    cast = filed.cast
    first = access_request_create(actor=cast.outsider, person=cast.filler, reason="x", days=3)
    access_request_create(actor=cast.outsider, unit=cast.dept, reason="x", days=3)
    for subject in ({"person": cast.filler}, {"unit": cast.dept}):
        with pytest.raises(IntegrityError), transaction.atomic():
            AccessRequest.objects.create(requester=cast.outsider, reason="y", days=3, **subject)
        with pytest.raises(DomainError, match="已有待审批的调阅申请"):
            access_request_create(actor=cast.outsider, reason="y", days=3, **subject)
    # Another requester, or the same one after a decision, may ask.
    access_request_create(actor=cast.head, person=cast.filler, reason="x", days=3)
    access_request_decide(request=first, actor=cast.committee, approve=False, note="无必要")
    access_request_create(actor=cast.outsider, person=cast.filler, reason="z", days=3)
    assert AccessRequest.objects.filter(requester=cast.outsider, person=cast.filler).count() == 2


def test_a_request_decided_meanwhile_is_shown_as_it_stands(
    filed: Filed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two members open the same request; the second one's decision, refused, shows the request
    as decided by the first — not the stale form."""
    cast = filed.cast
    request = access_request_create(actor=cast.outsider, person=cast.filler, reason="x", days=5)
    peer = UserFactory(username="committee2", name="郑纪委", unit=cast.bureau)
    peer.is_committee_member = True
    peer.save(update_fields=["is_committee_member"])
    stale = AccessRequest.objects.get(pk=request.pk)  # as read when the page was opened
    access_request_decide(request=request, actor=peer, approve=False, note="无必要")
    monkeypatch.setattr(archives_selectors, "access_request_for", lambda **_kw: stale)
    response = client_for(cast.committee).post(
        reverse("archives:access_decide", args=[request.pk]), {"decision": "approve", "days": "5"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "已处理" in html
    assert 'data-testid="decide-form"' not in html
    assert "郑纪委" in html and "无必要" in html
    request.refresh_from_db()
    assert request.state == AccessState.REFUSED
