"""Production settings beyond tests/config/test_settings.py's `check --deploy`: the same check
behind a TLS proxy with Redis (in a fresh interpreter), and the values it relies on (the settings
module run with the production variables)."""

from typing import Any

import pytest

from tests.config import test_settings as base


def test_check_deploy_is_clean_behind_a_proxy_with_redis() -> None:
    env = {**base.PRODUCTION_ENV, "BEHIND_TLS_PROXY": "1", "REDIS_URL": "redis://127.0.0.1:6379/9"}
    result = base.manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_security_values(monkeypatch: pytest.MonkeyPatch) -> None:
    s: dict[str, Any] = base.settings_with(monkeypatch, **base.PRODUCTION_ENV)
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"] and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert not s["DEBUG"]
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] and s["SECURE_REFERRER_POLICY"] == "same-origin"
    csp = {k: [str(x) for x in v] for k, v in s["SECURE_CSP"].items()}
    flat = " ".join(" ".join(v) for v in csp.values())
    assert "unsafe-inline" not in flat and "unsafe-eval" not in flat
    assert csp["script-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in s["MIDDLEWARE"]
    assert "orgs.middleware.NoStoreForSignedInMiddleware" in s["MIDDLEWARE"]
