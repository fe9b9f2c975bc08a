"""Settings from the environment, checked in a fresh interpreter each time."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60 + "-production-like-secret-key-with-enough-entropy",
    "AUDIT_HMAC_KEY": "a" * 60 + "-production-like-audit-chain-key",
    "ALLOWED_HOSTS": "qinglian.example.org",
    "DATABASE_URL": "sqlite:////tmp/qinglian-check.sqlite3",
}


# Variables of the test process that must not leak into the checked configuration.
UNSET = {
    "DEBUG",
    "SECRET_KEY",
    "AUDIT_HMAC_KEY",
    "REDIS_URL",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SITE_URL",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_required_without_debug() -> None:
    result = manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_check_deploy_is_clean_with_production_variables() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_needs_no_variable() -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
        "s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    result = manage("shell", "--no-imports", "-c", code, env={"DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "zh-hans",
        "Asia/Shanghai",
    ]


def test_site_url_for_mailed_links() -> None:
    code = "from django.conf import settings as s; print(s.SITE_URL)"
    production = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert production.stdout.strip() == "https://qinglian.example.org", production.stderr
    chosen = manage(
        "shell", "--no-imports", "-c", code, env={**PRODUCTION_ENV, "SITE_URL": "https://a.b/"}
    )
    assert chosen.stdout.strip() == "https://a.b"
    bad = manage("check", env={**PRODUCTION_ENV, "SITE_URL": "qinglian.example.org"})
    assert bad.returncode != 0 and "SITE_URL must start with http" in bad.stderr
