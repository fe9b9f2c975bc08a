#!/usr/bin/env python
"""Bureau-scale benchmark, one command: `.venv/bin/python bench/run.py` (or `bench/run`).

1. Generates the scale data (manage.py generate_scale_data) into a separate database: SQLite files
   under var/bench/ by default, PostgreSQL databases with --postgres. Twice: a small data set and
   the full one, so that query counts can be compared across data sizes.
2. Measures each main page server-side with Django's test Client and CaptureQueriesContext
   (median of --runs requests after a warm-up), signed in as the user the page is for.
3. Serves the full data with gunicorn on 127.0.0.1 and loads each page with wrk (--users
   connections, --duration seconds, loopback only), with a session cookie obtained by signing in.
4. Runs bench/export_bench.py when it exists and includes its output.
5. Prints a table and writes docs/performance.md.

Pages are found by URL name (django.urls.reverse): a page whose name does not exist yet in this
checkout is reported as "not available", so the same script works before and after the other
branches are merged.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BENCH_VAR = ROOT / "var" / "bench"
SCALES = {
    "small": {"units": 20, "people": 200, "entries": 2000},
    "full": {"units": 60, "people": 2000, "entries": 20000},
}

# (key, label, candidate URL names, user, target p95 ms, target rps, target server ms)
PAGES: list[tuple[str, str, list[str], str, float | None, float | None, float | None]] = [
    ("home", "首页/待办 home", ["home"], "sc_filler", 300, 60, None),
    (
        "register",
        "清单页(200条) register",
        ["registers:register_detail"],
        "sc_filler",
        300,
        60,
        None,
    ),
    (
        "overview",
        "纪委总览 committee overview",
        ["workflow:overview"],
        "sc_jiwei",
        None,
        None,
        None,
    ),
    (
        "statistics",
        "统计 statistics",
        ["reports:stats"],
        "sc_jiwei",
        None,
        None,
        500,
    ),
    ("tree", "组织机构 org tree", ["orgs:tree"], "sc_filler", None, None, None),
]


def bench_env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DATABASE_URL": db_url,
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-" + "k" * 40,
            "AUDIT_HMAC_KEY": "bench-only-audit-key-" + "k" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "QINGLIAN_VAR_DIR": str(BENCH_VAR),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def run(cmd: list[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, text=True, **kwargs)  # type: ignore[call-overload]


def prepare_database(scale: str, args: argparse.Namespace) -> str:
    """A fresh database holding the scale data; returns its URL."""
    if args.postgres:
        name = f"{args.pg_name}_{scale}"
        for tool in ("dropdb", "createdb"):
            extra = ["--if-exists"] if tool == "dropdb" else []
            subprocess.run([tool, "-h", "127.0.0.1", "-U", "postgres", *extra, name], check=True)
        db_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        BENCH_VAR.mkdir(parents=True, exist_ok=True)
        path = BENCH_VAR / f"bench-{scale}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        db_url = f"sqlite:///{path}"
    env = bench_env(db_url)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    # DEBUG is off, as in production: pages need the collected, hashed static files.
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    sizes = SCALES[scale]
    out = run(
        [
            PYTHON,
            "manage.py",
            "generate_scale_data",
            "--seed",
            str(args.seed),
            *[f"--{k}={v}" for k, v in sizes.items()],
        ],
        env,
        capture_output=True,
    )
    print(out.stdout.strip().splitlines()[-2])
    return db_url


# ---------------------------------------------------------------- measurement (in a subprocess)


def measure(runs: int) -> dict[str, object]:
    """Runs inside a process whose environment points at the bench database."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

    from demo.scale_data import BIG_REGISTER_FILLER, SCALE_PASSWORD
    from registers.models import Register

    big = (
        Register.objects.filter(unit__members__username=BIG_REGISTER_FILLER, level="department")
        .order_by("pk")
        .first()
    )
    ids = {
        "register": big.pk if big else 0,
        "campaign": big.campaign_id if big else 0,
        "unit": big.unit_id if big else 0,
    }

    def params_by_name() -> dict[str, tuple[str, ...]]:
        """Every named route of the resolver with its parameters."""
        found: dict[str, tuple[str, ...]] = {}

        def walk(patterns: list, ns: str | None, params: tuple[str, ...]) -> None:
            for p in patterns:
                groups = params + tuple(p.pattern.regex.groupindex)
                if isinstance(p, URLResolver):
                    inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                    walk(p.url_patterns, inner, groups)
                elif p.name:
                    found.setdefault(f"{ns}:{p.name}" if ns else p.name, groups)

        walk(get_resolver().url_patterns, None, ())
        return found

    routes = params_by_name()

    def url_for(names: list[str]) -> tuple[str | None, str | None]:
        for name in names:
            if name not in routes:
                continue
            kwargs = {}
            for param in routes[name]:
                stem = param.removesuffix("_id").removesuffix("_pk")
                # A bare pk/id on these pages is the register's.
                kwargs[param] = ids.get(stem, ids["register"] if stem in {"pk", "id"} else 0)
            try:
                return name, reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
        return None, None

    results: dict[str, object] = {"cookies": {}}
    clients: dict[str, Client] = {}
    for key, _label, names, username, *_targets in PAGES:
        name, url = url_for(names)
        if url is None:
            results[key] = {"available": False, "names": names}
            continue
        if username not in clients:
            client = Client()
            response = client.post(
                reverse("login"), {"username": username, "password": SCALE_PASSWORD}
            )
            assert response.status_code == 302, f"sign-in as {username}: {response.status_code}"
            clients[username] = client
            results["cookies"][username] = client.cookies["sessionid"].value  # type: ignore[index]
        client = clients[username]
        client.get(url)  # warm-up: templates, caches
        times, queries, statuses = [], [], set()
        for _ in range(runs):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            queries.append(len(ctx.captured_queries))
            statuses.add(response.status_code)
        results[key] = {
            "available": True,
            "name": name,
            "url": url,
            "ms": statistics.median(times),
            "queries": statistics.median(queries),
            "status": sorted(statuses),
            "bytes": len(response.content),
        }
    return results


def measure_in_subprocess(db_url: str, runs: int) -> dict:
    out = run(
        [PYTHON, __file__, "--measure", str(runs)],
        bench_env(db_url),
        capture_output=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- load test


WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d,'
    .. ' "p99_us": %d, "non2xx": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status, errors))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WARM_UP_SECONDS = 2


def wrk(url: str, cookie: str, script: str, *, users: int, seconds: int) -> dict:
    """One bounded wrk run on loopback; returns WRK_SCRIPT's summary."""
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(users),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script,
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        check=True,
        text=True,
        capture_output=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def load_test(db_url: str, pages: dict, args: argparse.Namespace) -> dict[str, dict]:
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk): no load test")
        return {}
    env = bench_env(db_url)
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    results: dict[str, dict] = {}
    try:
        # Wait until gunicorn answers (its boot is slow on a busy machine), then warm it up.
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=30):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.5)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        for key, _label, _names, username, *_ in PAGES:
            page = pages.get(key, {})
            if not page.get("available"):
                continue
            url = f"http://127.0.0.1:{port}{page['url']}"
            cookie = pages["cookies"][username]
            # Every worker renders the page once before the measured run: a worker's first
            # request loads its templates and catalogues, which is start-up, not the page.
            wrk(url, cookie, script.name, users=args.users, seconds=WARM_UP_SECONDS)
            data = wrk(url, cookie, script.name, users=args.users, seconds=args.duration)
            results[key] = {
                "rps": data["requests"] / (data["duration_us"] / 1e6),
                "p50": data["p50_us"] / 1000,
                "p95": data["p95_us"] / 1000,
                "p99": data["p99_us"] / 1000,
                "non2xx": data["non2xx"],
                "errors": data["errors"],
                "requests": data["requests"],
            }
        Path(script.name).unlink(missing_ok=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    return results


# ---------------------------------------------------------------- exports


def export_bench(db_url: str) -> str | None:
    script = ROOT / "bench" / "export_bench.py"
    if not script.exists():
        return None
    out = subprocess.run(
        # Issue 7's export targets are for 1,000 entries; the 10,000-entry PDF alone takes minutes
        # (run bench/export_bench.py by itself for both sizes).
        [PYTHON, str(script), "1000"],
        cwd=ROOT,
        env=bench_env(db_url),
        text=True,
        capture_output=True,
        check=False,
    )
    return (out.stdout + ("\n" + out.stderr if out.returncode else "")).strip()


# ---------------------------------------------------------------- report


def machine() -> str:
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    nproc = os.cpu_count()
    load = os.getloadavg()
    return (
        f"{nproc} CPU ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB memory, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; "
        f"load average at the end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
        "(the machine is shared)"
    )


def verdict(ok: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "—"}[ok]


def report(
    small: dict, full: dict, load: dict, exports: str | None, args: argparse.Namespace
) -> str:
    db = "PostgreSQL" if args.postgres else "SQLite"
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Performance at bureau scale",
        "",
        f"Measured {now} on {machine()}.",
        "",
        f"Database: {db}. Data: `generate_scale_data --seed {args.seed}` — full: "
        f"{SCALES['full']['units']} units, {SCALES['full']['people']} people, "
        f"{SCALES['full']['entries']} risk entries (registers in every state); small, for the "
        f"query-count comparison: {SCALES['small']['units']} units, {SCALES['small']['people']} "
        f"people, {SCALES['small']['entries']} entries. DEBUG off, gunicorn with {args.workers} "
        f"sync workers, wrk with {args.users} connections for {args.duration} s per page on "
        f"127.0.0.1, after an uncounted {WARM_UP_SECONDS} s warm-up run of the same page.",
        "",
        "## How to reproduce",
        "",
        "```sh",
        ".venv/bin/python bench/run.py             # SQLite files under var/bench/",
        ".venv/bin/python bench/run.py --postgres  # PostgreSQL databases <pg-name>_small/_full",
        "```",
        "",
        "Options: `--runs` (server-side samples per page, median), `--duration`, `--users`, "
        "`--workers`, `--seed`, `--no-load`. Needs `wrk` (Debian package).",
        "",
        "## Pages",
        "",
        "| page | URL name | server ms (median) | queries small → full | p50 ms | p95 ms "
        "| req/s | non-2xx / socket errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    targets = []
    for key, label, names, _user, t_p95, t_rps, t_server in PAGES:
        f, s = full.get(key, {}), small.get(key, {})
        if not f.get("available"):
            lines.append(f"| {label} | {' / '.join(names[:2])} | not available | | | | | |")
            for what, target in (("p95", t_p95), ("server", t_server)):
                if target:
                    targets.append(
                        f"- {label}: {what} target — not available in this checkout "
                        f"(URL name {names[0]} does not exist yet)"
                    )
            targets.append(f"- {label}: query count independent of data size — not available")
            continue
        ld = load.get(key, {})
        status = "" if f["status"] == [200] else f" (HTTP {f['status']})"
        lines.append(
            f"| {label}{status} | `{f['name']}` | {f['ms']:.1f} | {s.get('queries', '?'):.0f} → "
            f"{f['queries']:.0f} | {ld.get('p50', float('nan')):.0f} | "
            f"{ld.get('p95', float('nan')):.0f} | {ld.get('rps', float('nan')):.1f} | "
            f"{ld.get('non2xx', '')} / {ld.get('errors', '')} |"
        )
        same = s.get("queries") == f["queries"]
        targets.append(
            f"- {label}: query count independent of data size ({s.get('queries', '?'):.0f} → "
            f"{f['queries']:.0f}): {verdict(same)}"
        )
        if t_p95 and ld:
            ok = ld["p95"] <= t_p95 and ld["rps"] >= (t_rps or 0)
            targets.append(
                f"- {label}: p95 ≤ {t_p95} ms and ≥ {t_rps} req/s at {args.users} users "
                f"(p95 {ld['p95']:.0f} ms, {ld['rps']:.1f} req/s): {verdict(ok)}"
            )
        if t_server:
            targets.append(
                f"- {label}: server time ≤ {t_server} ms ({f['ms']:.0f} ms): "
                f"{verdict(f['ms'] <= t_server)}"
            )
    lines += ["", "## Targets of issue 7", "", *targets, *export_targets(exports)]
    lines += ["", "## Exports", ""]
    if exports is None:
        lines.append(
            "bench/export_bench.py does not exist in this checkout (the reports branch adds it): "
            "not measured."
        )
    else:
        lines += ["Output of `bench/export_bench.py`:", "", "```", exports, "```"]
    lines += ["", "## Notes", "", *NOTES]
    return "\n".join(lines) + "\n"


EXPORT_BASELINES = {"xlsx": ("xlsx", "plain openpyxl"), "pdf": ("PDF", "plain WeasyPrint")}


def export_targets(exports: str | None) -> list[str]:
    """Issue 7's "within 1.5x of the plain rendering" targets, from export_bench.py's ratio lines
    for 1,000 entries."""
    ratios = dict(re.findall(r"^\s*(xlsx|pdf): ours / plain\s+([\d.]+) x$", exports or "", re.M))
    lines = []
    for kind, (name, baseline) in EXPORT_BASELINES.items():
        label = f"- Annex {name} for 1,000 entries within 1.5× of {baseline}"
        if kind not in ratios:
            lines.append(f"{label}: not measured")
            continue
        lines.append(f"{label} ({ratios[kind]}×): {verdict(float(ratios[kind]) <= 1.5)}")
    return lines


NOTES = [
    "- Server time is measured in-process with Django's test Client (no network, no gunicorn): "
    "it is the view, template and database time of one request.",
    "- The load test runs wrk and gunicorn on the same 2 CPUs, which other work shares; figures "
    "under load include that contention.",
    "- A missed target is reported as measured; where the reason is known it is given above.",
    "- The org tree (not a target of issue 7) renders every unit with all its people and posts "
    "on one page: at 2,000 people that is a page of several hundred kilobytes, which is what "
    "limits it under load, not its six queries.",
    "- The register page with 200 entries: its ten queries do not grow with the data; its time is "
    "CPU. Each row's edit / move / delete URLs and button labels are computed once per page, not "
    "once per row, and its ids are written without number localization, which took the page from "
    "about 100-150 ms to about 65 ms of CPU on this machine "
    "(measured in-process, interleaved before and after). Of those 65 ms the 200 rows are about "
    "17 ms; the rest is loading 200 entries with their leaders and authority items as model "
    "objects, the page around them and the workflow panel. At 65 ms a request, 2 CPUs shared with "
    "wrk serve at most about 30 requests/s, so the 60 req/s target is missed for a reason of "
    "CPU, not of the database.",
    "- Exports: the xlsx carries merged cells, borders, row heights and the print set-up of the "
    "official form, which plain openpyxl does not; nearly all of the time of both is openpyxl "
    "writing XML, and the styled cells and row attributes are the extra. It measured 1.5x on an "
    "earlier machine (AMD EPYC) and 1.6x to 2.2x in runs on this shared one, so the target sits "
    "at the edge and is missed here. The PDF lays the table out twice: WeasyPrint prints a split "
    "category cell only on its first page, so the renderer finds the page breaks and re-renders "
    "with the category repeated on each continuation page (document 000's form); that second "
    "layout pass is why it is about 2x plain WeasyPrint.",
]


def print_table(full: dict, load: dict) -> None:
    print(f"\n{'page':<28}{'server ms':>10}{'queries':>9}{'p95 ms':>9}{'req/s':>8}")
    for key, label, *_ in PAGES:
        f, ld = full.get(key, {}), load.get(key, {})
        if not f.get("available"):
            print(f"{label:<28}  not available (URL name does not exist yet)")
            continue
        print(
            f"{label:<28}{f['ms']:>10.1f}{f['queries']:>9.0f}"
            f"{ld.get('p95', float('nan')):>9.0f}{ld.get('rps', float('nan')):>8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--pg-name", default="ql_security_bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.measure)))
        return
    small = measure_in_subprocess(prepare_database("small", args), args.runs)
    full_url = prepare_database("full", args)
    full = measure_in_subprocess(full_url, args.runs)
    load = {} if args.no_load else load_test(full_url, full, args)
    exports = export_bench(full_url)
    print_table(full, load)
    text = report(small, full, load, exports, args)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"\nwritten {args.output}")


if __name__ == "__main__":
    main()
