"""Production settings, in a fresh interpreter, beyond tests/orgs/test_settings.py's
`check --deploy`: the same check behind a TLS proxy with Redis, and the values it relies on."""

import json

from tests.orgs import test_settings as base


def test_check_deploy_is_clean_behind_a_proxy_with_redis() -> None:
    env = {**base.PRODUCTION_ENV, "BEHIND_TLS_PROXY": "1", "REDIS_URL": "redis://127.0.0.1:6379/9"}
    result = base.manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_security_values() -> None:
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "'redirect': s.SECURE_SSL_REDIRECT, 'sc': s.SESSION_COOKIE_SECURE, "
        "'cc': s.CSRF_COOKIE_SECURE, 'debug': s.DEBUG, 'nosniff': s.SECURE_CONTENT_TYPE_NOSNIFF, "
        "'referrer': s.SECURE_REFERRER_POLICY, 'csp': {k: [str(x) for x in v] "
        "for k, v in s.SECURE_CSP.items()}, "
        "'mw': s.MIDDLEWARE}))"
    )
    result = base.manage("shell", "--no-imports", "-c", code, env=base.PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["hsts"] >= 31536000 and values["sub"]
    assert values["redirect"] and values["sc"] and values["cc"] and not values["debug"]
    assert values["nosniff"] and values["referrer"] == "same-origin"
    flat = " ".join(" ".join(v) for v in values["csp"].values())
    assert "unsafe-inline" not in flat and "unsafe-eval" not in flat
    assert values["csp"]["script-src"] == ["'self'"] and values["csp"]["object-src"] == ["'none'"]
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in values["mw"]
    assert "orgs.middleware.NoStoreForSignedInMiddleware" in values["mw"]
