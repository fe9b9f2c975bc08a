"""The production files parse: docker-compose.yml through the compose tool itself."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def compose_command() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy:
        return [legacy]
    pytest.fail(
        "Neither 'docker compose' nor 'docker-compose' is installed (scripts/test installs it)."
    )


def test_docker_compose_config_parses() -> None:
    env = {
        **os.environ,
        "SECRET_KEY": "s",
        "AUDIT_HMAC_KEY": "a",
        "POSTGRES_PASSWORD": "p",
        "ALLOWED_HOSTS": "example.org",
    }
    result = subprocess.run(
        [*compose_command(), "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for service in ("web:", "worker:", "beat:", "db:", "redis:"):
        assert service in result.stdout
    assert "celery -A config beat" in result.stdout
