"""The signing password goes through the sign-in's django-axes throttle: per user and address,
AXES_FAILURE_LIMIT wrong passwords lock signing (and signing in) with a message saying when to try
again; every failure, the lock and each refused attempt are audited; an administrator unlocks it
under Axes."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from audit import actions
from audit.models import AuditEntry
from registers.choices import RegisterState
from registers.models import Register
from tests.factories import TEST_PASSWORD
from workflow import services
from workflow.models import Signature


@pytest.fixture
def sign(register: Register, people, client: Client):
    services.register_submit(register=register, actor=people["filler"])
    client.force_login(people["leader"])
    url = reverse("workflow:act", args=[register.pk, "sign"])

    def post(password: str):
        return client.post(
            url, {"password": password, "comment": "同意", "expected_state": "submitted"}
        )

    return post


def _audits(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def test_the_limit_locks_signing_even_with_the_right_password(
    sign, register, people, settings
) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(1, limit):
        response = sign("nope")
        assert response.status_code == 400
        assert f"再输错{limit - n}次" in response.content.decode()
    response = sign("nope")
    html = response.content.decode()
    # The review page itself (not axes' sign-in lockout page) says when to try again.
    assert response.status_code == 429 and 'data-testid="panel-error"' in html
    assert re.search(r"请于\d{2}:\d{2}后\(约15分钟\)再试", html), html
    response = sign(TEST_PASSWORD)
    assert response.status_code == 429 and "签字和登录已暂停" in response.content.decode()
    register.refresh_from_db()
    assert register.state == RegisterState.SUBMITTED and not Signature.objects.exists()
    assert _audits(actions.REGISTER_REFUSE_SIGNING) == limit
    assert _audits(actions.REGISTER_LOCK_SIGNING) == 1
    assert _audits(actions.REGISTER_REFUSE_LOCKED_SIGNING) == 1
    failure = AuditEntry.objects.filter(action=actions.REGISTER_REFUSE_SIGNING).last()
    assert failure.actor == people["leader"] and failure.object_id == str(register.pk)
    assert failure.data["failures"] == limit and failure.data["limit"] == limit
    # One lockout: signing in from that address is locked too ...
    signing_in = Client().post(reverse("login"), {"username": "leader", "password": TEST_PASSWORD})
    assert signing_in.status_code == 429
    # ... and an administrator lifts both where he lifts a sign-in lock (admin, Axes).
    AccessAttempt.objects.filter(username="leader").delete()
    assert sign(TEST_PASSWORD).status_code == 302
    assert Signature.objects.filter(register=register, signer=people["leader"]).exists()


def test_the_right_password_before_the_limit_signs_and_forgives(
    sign, register, people, settings
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign("nope").status_code == 400
    assert sign(TEST_PASSWORD).status_code == 302
    register.refresh_from_db()
    assert register.state == RegisterState.SIGNED
    assert Signature.objects.filter(register=register, signer=people["leader"]).exists()
    # Like a successful sign-in, it clears the failures of this user and address.
    assert not AccessAttempt.objects.filter(username="leader").exists()
    assert _audits(actions.REGISTER_LOCK_SIGNING) == 0
