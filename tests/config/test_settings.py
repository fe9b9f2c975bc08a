"""Settings from the environment, checked in a fresh interpreter (a Django start each, so few of
them) or by running config/settings.py again in this one (runpy: no Django start)."""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ImproperlyConfigured

from config import settings as production_settings
from config.settings import env_bool, env_int
from reports.services import export_threshold

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


def settings_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """The settings config/settings.py makes of these variables (and the test process's others,
    as `manage` passes them), run again in this interpreter: for what the settings module
    computes, without the cost of a Django start. The running settings stay as they are."""
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "settings.py"))


def test_secret_key_required_without_debug() -> None:
    result = manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_audit_key_required_without_debug() -> None:
    # Like SECRET_KEY: the audit chain's key must come from the environment in production.
    env = {**PRODUCTION_ENV, "AUDIT_HMAC_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY is required when DEBUG is off" in result.stderr


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


def test_site_url_for_mailed_links(monkeypatch: pytest.MonkeyPatch) -> None:
    production = settings_with(monkeypatch, **PRODUCTION_ENV)
    assert production["SITE_URL"] == "https://qinglian.example.org"
    chosen = settings_with(monkeypatch, **PRODUCTION_ENV, SITE_URL="https://a.b/")
    assert chosen["SITE_URL"] == "https://a.b"
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must start with http"):
        settings_with(monkeypatch, **PRODUCTION_ENV, SITE_URL="qinglian.example.org")


def test_a_typo_in_a_switch_refuses_to_start() -> None:
    # A typo must not read as false: the public page would show the names it is told to hide.
    result = manage("check", env={"PUBLIC_HIDE_NAMES": "ture"})
    assert result.returncode != 0
    assert "PUBLIC_HIDE_NAMES must be one of 1/0, true/false, yes/no, on/off, got 'ture'" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        (" Yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("OFF\n", False),
    ],
)
def test_switches_take_the_usual_words(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("QL_TEST_SWITCH", value)
    assert env_bool("QL_TEST_SWITCH", default=not expected) is expected


def test_an_unset_or_empty_switch_keeps_its_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QL_TEST_SWITCH", raising=False)
    assert env_bool("QL_TEST_SWITCH", default=True) is True
    monkeypatch.setenv("QL_TEST_SWITCH", " ")
    assert env_bool("QL_TEST_SWITCH", default=False) is False


@pytest.mark.parametrize("value", ["ture", "flase", "2", "y", "enabled", "是"])
def test_any_other_switch_value_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("QL_TEST_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match=rf"^QL_TEST_SWITCH .*got {value!r}$"):
        env_bool("QL_TEST_SWITCH", default=True)


def test_a_number_with_a_typo_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QL_TEST_NUMBER", "2ooo")
    with pytest.raises(
        ImproperlyConfigured, match=r"^QL_TEST_NUMBER must be an integer, got '2ooo'$"
    ):
        env_int("QL_TEST_NUMBER", 2000)
    monkeypatch.setenv("QL_TEST_NUMBER", " 25 ")
    assert env_int("QL_TEST_NUMBER", 2000) == 25


def test_the_pdf_export_threshold_is_read(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    # Documented, so it must be read: unset, a PDF goes async at a quarter of the xlsx threshold.
    monkeypatch.delenv("EXPORT_ASYNC_THRESHOLD_PDF", raising=False)
    unset = settings_with(monkeypatch, EXPORT_ASYNC_THRESHOLD="2000")
    assert "EXPORT_ASYNC_THRESHOLD_PDF" not in unset  # export_threshold: a quarter, 500
    chosen = settings_with(monkeypatch, EXPORT_ASYNC_THRESHOLD_PDF="80")
    settings.EXPORT_ASYNC_THRESHOLD = chosen["EXPORT_ASYNC_THRESHOLD"]
    settings.EXPORT_ASYNC_THRESHOLD_PDF = chosen["EXPORT_ASYNC_THRESHOLD_PDF"]
    assert export_threshold("annex_pdf") == 80
    assert export_threshold("annex_xlsx") == 2000
    with pytest.raises(ImproperlyConfigured, match="EXPORT_ASYNC_THRESHOLD_PDF"):
        settings_with(monkeypatch, EXPORT_ASYNC_THRESHOLD_PDF="eighty")


def documented_variables() -> set[str]:
    """The environment variables README.md names: backticked `NAME` or `NAME=value`, and
    `NAME=value` at the start of a line of its shell examples."""
    readme = (ROOT / "README.md").read_text()
    fence = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.M | re.S)
    names = {
        match.group(1)
        for span in re.findall(r"`([^`]+)`", fence.sub("", readme))
        if (match := re.match(r"([A-Z][A-Z0-9_]*[A-Z0-9])(?:=|\s|$)", span))
    }
    for block in fence.findall(readme):
        names |= set(re.findall(r"(?m)^\s*([A-Z][A-Z0-9_]*[A-Z0-9])=", block))
    return names


# Where the app and its set-up read the environment: Python through the env helpers or
# os.environ, the shell scripts, docker-compose.yml and the Dockerfile through ${NAME}.
PYTHON_READ = r'(?:env_\w+|os\.environ\.get|os\.getenv)\(\s*"{name}"|os\.environ\[\s*"{name}"\s*\]'
SHELL_READ = r"\$\{{?{name}\b"
NOT_CODE = {".git", ".venv", ".tools", "node_modules", "var", "tests", "docs", "locale", "static"}


def code_files() -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        if folder == str(ROOT):
            subfolders[:] = [name for name in subfolders if name not in NOT_CODE]
        top = Path(folder).relative_to(ROOT).parts[:1]
        for name in files:
            path = Path(folder) / name
            if (
                path.suffix in {".py", ".sh", ".yml", ".yaml"}
                or top in {("scripts",), (".ci",)}
                or name == "Dockerfile"
            ):
                found.append(path)
    return found


def test_every_documented_variable_is_read() -> None:
    documented = documented_variables()
    # Not vacuous: the Configuration table and the prose are both parsed.
    assert {
        "DEBUG",
        "PUBLIC_HIDE_NAMES",
        "EXPORT_ASYNC_THRESHOLD_PDF",
        "QINGLIAN_ADDR",
    } <= documented
    assert len(documented) >= 40
    sources = [path.read_text(errors="replace") for path in code_files()]
    unread = sorted(
        name
        for name in documented
        if not any(
            re.search(PYTHON_READ.format(name=name), text)
            or re.search(SHELL_READ.format(name=name), text)
            for text in sources
        )
    )
    assert unread == [], f"README documents variables nothing reads: {unread}"


def test_url_loading_does_not_import_weasyprint() -> None:
    # WeasyPrint takes about 4 s to import; only a PDF render should pay it (reports/pdf.py).
    code = "import sys, config.urls; print('weasyprint' in sys.modules)"
    result = manage("shell", "--no-imports", "-c", code, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_hashes_passwords_with_argon2(production_password_hashers: None) -> None:
    # The suite signs in with a fast hasher (tests/conftest.py); production must not.
    hashers = production_settings.PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert not any("MD5" in hasher for hasher in hashers)
    encoded = make_password("Sufficient-Length-1")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("Sufficient-Length-1", encoded)
