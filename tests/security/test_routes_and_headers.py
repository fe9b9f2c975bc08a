"""Every route of the resolver: it has arguments, sends the security headers, and refuses a POST
without a CSRF token. New pages are covered as soon as their URL exists."""

from django.test import Client, override_settings

from tests.security.routes import World, all_routes, client_for, url_of

ROUTES = all_routes()
HSTS_SECONDS = 31536000


def test_the_resolver_has_the_known_pages() -> None:
    names = {route.name for route in ROUTES}
    assert {"home", "login", "logout", "orgs:tree", "admin:index"} <= names


def test_every_route_gets_its_arguments(world: World) -> None:
    # UnhandledRoute names the route and the parameter nobody knows how to build.
    for route in ROUTES:
        assert url_of(world, route).startswith("/")


def _check_headers(response, *, signed_in: bool, url: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp, f"{url}: no CSP script-src: {csp!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{url}: {csp!r}"
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.get("X-Content-Type-Options") == "nosniff", url
    assert response.get("Referrer-Policy") == "same-origin", url
    assert response.get("X-Frame-Options") == "DENY", url
    hsts = response.get("Strict-Transport-Security", "")
    assert f"max-age={HSTS_SECONDS}" in hsts and "includeSubDomains" in hsts, f"{url}: {hsts!r}"
    if signed_in:
        cache = response.get("Cache-Control", "")
        assert "no-store" in cache and "private" in cache, f"{url}: Cache-Control {cache!r}"


@override_settings(
    SECURE_HSTS_SECONDS=HSTS_SECONDS,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SECURE_SSL_REDIRECT=False,
)
def test_security_headers_on_every_page(world: World) -> None:
    # One test over all routes (rather than one per route) so that the world is built once.
    failures = []
    for who in ("admin", "filler", None):
        client = client_for(world, who)
        for route in ROUTES:
            url = url_of(world, route)
            response = client.get(url, secure=True)
            try:
                _check_headers(response, signed_in=who is not None, url=f"{url} as {who}")
            except AssertionError as exc:
                failures.append(str(exc))
            if route.name in {"logout", "admin:logout"}:
                client = client_for(world, who)
    assert not failures, "\n".join(failures)


def test_csrf_enforced_on_every_post(world: World) -> None:
    failures = []
    for who in ("admin", "filler", None):
        client = client_for(world, who, enforce_csrf_checks=True)
        for route in ROUTES:
            url = url_of(world, route)
            response = client.post(url, {"name": "x", "state": "published"})
            if response.status_code != 403:
                failures.append(f"POST {url} as {who} without token: {response.status_code}")
            # The same as htmx sends it, with a forged token in the header.
            response = client.post(
                url, {"name": "x"}, headers={"HX-Request": "true", "X-CSRFToken": "forged" * 6}
            )
            if response.status_code != 403:
                failures.append(f"htmx POST {url} as {who}, forged token: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_csrf_check_is_the_reason(world: World) -> None:
    # With a valid token the sign-in form works: the 403 above comes from CSRF, not the view.
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/",
        {"username": "filler", "password": "Test-Passw0rd!", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
