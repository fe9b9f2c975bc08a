"""The audit key is required in production, like SECRET_KEY (fresh interpreter)."""

from tests.orgs.test_settings import PRODUCTION_ENV, manage


def test_audit_key_required_without_debug() -> None:
    env = {**PRODUCTION_ENV, "AUDIT_HMAC_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY is required when DEBUG is off" in result.stderr
