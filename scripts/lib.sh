# Shared set-up steps for scripts/serve and scripts/test. Every step is idempotent: it checks
# first and does only what is missing, so both commands work on a fresh clone and when run again.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1

say() { printf '\033[1;31m[qinglian]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# How long the set-up waits for another program (unattended-upgrades, a parallel install) that
# holds the package manager's lock, before it gives up.
APT_LOCK_WAIT_SECONDS="${APT_LOCK_WAIT_SECONDS:-600}"
APT_UPDATED_STAMP="${APT_UPDATED_STAMP:-/tmp/.qinglian-apt-updated}"

apt_get_waiting() {
  # apt_get_waiting ARGS... : apt-get ARGS as root; while another process holds dpkg's or apt's
  # lock, wait (saying so) and try again, for at most APT_LOCK_WAIT_SECONDS.
  local started=$SECONDS log status
  log="$(mktemp)"
  while true; do
    DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=10 "$@" >/dev/null 2>"$log" \
      && { rm -f "$log"; return 0; }
    status=$?
    if ! grep -qiE "could not get lock|unable to acquire|is another process using it" "$log"; then
      cat "$log" >&2
      rm -f "$log"
      return "$status"
    fi
    if (( SECONDS - started >= APT_LOCK_WAIT_SECONDS )); then
      say "Another program still holds the package manager's lock after ${APT_LOCK_WAIT_SECONDS} s; giving up (APT_LOCK_WAIT_SECONDS sets the wait)."
      cat "$log" >&2
      rm -f "$log"
      return "$status"
    fi
    say "Another program holds the package manager's lock; waiting (up to ${APT_LOCK_WAIT_SECONDS} s) ..."
    sleep "${APT_LOCK_RETRY_SECONDS:-5}"
  done
}

apt_install() {
  # apt_install PKG... : install Debian packages when we may; returns 1 when we cannot.
  command -v apt-get >/dev/null || return 1
  if [ ! -f "$APT_UPDATED_STAMP" ]; then
    apt_get_waiting update -qq && touch "$APT_UPDATED_STAMP" || return 1
  fi
  apt_get_waiting install -y -qq "$@"
}

find_python() {
  # The first Python >= 3.12 found: on PATH, then in pyenv's versions.
  local candidate
  for candidate in python3.13 python3.12 python3 \
      "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
      /root/.pyenv/versions/3.13*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}

ensure_python_env() {
  local python
  python="$(find_python)" || { say "Python >= 3.12 is required (python3.13 or python3.12)."; exit 1; }
  if [ ! -x .tools/bin/uv ]; then
    say "Installing uv into .tools/ ..."
    "$python" -m venv .tools
    .tools/bin/pip install -q "uv==0.13.9"
  fi
  say "Installing the locked Python packages (uv.lock) ..."
  .tools/bin/uv sync --frozen --quiet --python "$python"
  mkdir -p var/static var/media
}

ensure_assets() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing front-end assets from the npm registry (package-lock.json) ..."
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_pdf_libraries() {
  # WeasyPrint needs Pango; a CJK font gives the PDFs Simplified Chinese glyphs.
  if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then
    say "Installing Pango for WeasyPrint ..."
    apt_install libpango-1.0-0 libpangoft2-1.0-0 || say "Could not install Pango: install libpango-1.0-0 and libpangoft2-1.0-0 (Debian) or pango (macOS: brew install pango)."
  fi
  if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK SC\|Noto Serif CJK SC"; then
    say "Installing the Noto CJK font for PDFs ..."
    apt_install fonts-noto-cjk fontconfig || say "No CJK font could be installed here: PDFs would fall back to other glyphs. Install 'fonts-noto-cjk' (Debian/Ubuntu), 'google-noto-sans-cjk-fonts' (Fedora) or Noto Sans CJK SC from your OS, then run this command again."
  fi
}

ensure_chromium() {
  if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    say "Installing Debian's chromium for the browser tests ..."
    apt_install chromium || { say "chromium is missing and could not be installed: apt-get install chromium, or set CHROMIUM_PATH."; exit 1; }
  fi
}

ensure_compose() {
  # Only to validate docker-compose.yml in the tests; no engine is needed for that.
  if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null; then
    say "Installing docker-compose (to validate docker-compose.yml) ..."
    apt_install docker-compose || say "docker-compose could not be installed; its test will fail."
  fi
}

ensure_libreoffice() {
  # The xlsx print test (tests/reports/test_xlsx_print.py) converts the exported sheets to PDF with
  # LibreOffice (headless Calc) and reads the pages back with poppler's pdftotext; the CJK font
  # comes from ensure_pdf_libraries. Without them that test is skipped, except on CI (CI set).
  if ! command -v soffice >/dev/null; then
    say "Installing LibreOffice Calc (headless) for the xlsx print test ..."
    apt_install libreoffice-calc-nogui || say "LibreOffice could not be installed (apt-get install libreoffice-calc-nogui): the xlsx print test will be skipped."
  fi
  # Carlito has Calibri's metrics: the sheets' column widths are counted in Calibri's digits, so
  # with it LibreOffice lays the columns out as wide as Excel does (without, about a third wider).
  if ! fc-list 2>/dev/null | grep -q Carlito; then
    say "Installing the Carlito font (Calibri's metrics) for the xlsx print test ..."
    apt_install fonts-crosextra-carlito || say "Carlito could not be installed: LibreOffice will print the sheets' columns wider than Excel does."
  fi
  if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
    say "Installing poppler-utils (pdftotext, pdftoppm) for the xlsx print test ..."
    apt_install poppler-utils || say "poppler-utils could not be installed (apt-get install poppler-utils): the xlsx print test will be skipped."
  fi
}
