"""Sessions and sign-in, beyond tests/orgs/test_views.py (which covers the attacker-chosen cookie
and the lockout on the sign-in page): every way in rotates the key, the old key is dead, the
server forgets a signed-out session, and the lockout holds on the admin's sign-in form too."""

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.conftest import Cast
from tests.factories import TEST_PASSWORD


def _sign_in(client: Client, url: str, username: str, password: str) -> int:
    return client.post(url, {"username": username, "password": password}).status_code


def test_an_anonymous_session_is_replaced_at_sign_in(client: Client, cast: Cast) -> None:
    # An anonymous session with data in it (the CSRF-protected sign-in page, a next URL).
    client.get(reverse("home"))
    session = client.session
    session["probe"] = "anonymous"
    session.save()
    anonymous_key = session.session_key
    assert _sign_in(client, reverse("login"), "filler", TEST_PASSWORD) == 302
    assert client.cookies["sessionid"].value != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    old = Client()
    old.cookies["sessionid"] = anonymous_key
    assert old.get(reverse("home")).status_code == 302


def test_admin_sign_in_rotates_too(client: Client, cast: Cast) -> None:
    client.get(reverse("admin:login"))
    client.session.save()
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    assert _sign_in(client, reverse("admin:login"), "admin", TEST_PASSWORD) == 302
    assert client.cookies["sessionid"].value != before
    assert client.get(reverse("admin:index")).status_code == 200


def test_sign_out_deletes_the_session_on_the_server(client: Client, cast: Cast) -> None:
    assert _sign_in(client, reverse("login"), "filler", TEST_PASSWORD) == 302
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("logout")).status_code == 405  # sign-out is POST only
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_sign_in_again_gives_another_key(client: Client, cast: Cast) -> None:
    keys = set()
    for _ in range(2):
        assert _sign_in(client, reverse("login"), "filler", TEST_PASSWORD) == 302
        keys.add(client.cookies["sessionid"].value)
        client.post(reverse("logout"))
    assert len(keys) == 2


def test_lockout_counts_the_admin_sign_in_form(client: Client, cast: Cast, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, reverse("admin:login"), "admin", "wrong")
    # Locked on both forms, even with the right password.
    assert _sign_in(client, reverse("login"), "admin", TEST_PASSWORD) == 429
    assert _sign_in(client, reverse("admin:login"), "admin", TEST_PASSWORD) == 429


def test_lockout_is_per_user_and_address(client: Client, cast: Cast, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, reverse("login"), "filler", "wrong")
    # A colleague behind the same address is not locked out ...
    assert _sign_in(Client(), reverse("login"), "head", TEST_PASSWORD) == 302
    # ... nor the same user from another address; the attacker's address stays locked.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _sign_in(other, reverse("login"), "filler", TEST_PASSWORD) == 302
    assert _sign_in(Client(), reverse("login"), "filler", TEST_PASSWORD) == 429


def test_session_cookie_flags(client: Client, cast: Cast) -> None:
    _sign_in(client, reverse("login"), "filler", TEST_PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"]  # ends when the browser closes


def test_an_over_long_user_name_is_refused_without_an_error(client: Client, db: None) -> None:
    # Found by the hostile-input test on PostgreSQL: axes could not store the name (a 500).
    for url in (reverse("login"), reverse("admin:login")):
        response = client.post(url, {"username": "长" * 300, "password": "x"})
        assert response.status_code == 200
