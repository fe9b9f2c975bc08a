"""The set-up steps of scripts/lib.sh, run by bash against a stand-in apt-get on PATH."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Fails with dpkg's lock message while the counter file holds fewer than LOCKED_RUNS lines.
FAKE_APT_GET = """#!/bin/sh
echo "$*" >> "$CALLS"
if [ "$(wc -l < "$CALLS")" -le "$LOCKED_RUNS" ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
exit 0
"""


def run_apt_install(tmp_path: Path, *, locked_runs: int, wait: int) -> subprocess.CompletedProcess:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "apt-get"
    fake.write_text(FAKE_APT_GET)
    fake.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "CALLS": str(tmp_path / "calls"),
        "LOCKED_RUNS": str(locked_runs),
        "APT_UPDATED_STAMP": str(tmp_path / "updated"),
        "APT_LOCK_WAIT_SECONDS": str(wait),
        "APT_LOCK_RETRY_SECONDS": "0",
    }
    # as_root needs root or sudo; the stand-in needs neither, so run it as whoever we are.
    script = f'source "{ROOT}/scripts/lib.sh"; as_root() {{ "$@"; }}; apt_install chromium'
    return subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, check=False
    )


def test_apt_install_waits_for_a_held_lock(tmp_path: Path) -> None:
    result = run_apt_install(tmp_path, locked_runs=2, wait=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "holds the package manager's lock; waiting" in result.stdout
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls[-1].startswith("-o DPkg::Lock::Timeout=10 install -y -qq chromium")


def test_apt_install_gives_up_after_the_bounded_wait(tmp_path: Path) -> None:
    result = run_apt_install(tmp_path, locked_runs=10_000, wait=0)
    assert result.returncode != 0
    assert "giving up" in result.stdout
    assert "Could not get lock" in result.stderr
