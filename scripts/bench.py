"""Benchmark Boportal's pages under gunicorn against the same bytes served by nginx.

What it measures
    Requests per second and p50/p99 latency of two pages, the home page (/) and a demo
    content page (/boligkontoret/), for three servers in turn:

    * gunicorn+sqlite      gunicorn, 2 sync workers, production settings (DEBUG off),
                           demo content in a fresh SQLite file under var/bench/;
    * gunicorn+postgresql  the same on a fresh PostgreSQL database ``boportal_bench`` on
                           127.0.0.1:5432 (skipped, and said so, when PostgreSQL is down);
    * nginx static         nginx serving, as static files, the exact bytes gunicorn
                           returned for each page: the ceiling for this machine.

    Each load is ``wrk`` on 127.0.0.1 with a fixed number of connections for a fixed time,
    after a short warm-up whose numbers are discarded. BENCH_SCALE=quick runs 10 s per
    target (the whole run, setup included, takes about 2 minutes on 2 CPUs); full (the
    default) runs 30 s per target. Setup (collectstatic, migrate, seed_demo) runs in
    parallel before any load, and every server is stopped before the next one starts.

How to read it
    req/s is throughput at that concurrency; p50 and p99 are the median and the 99th
    percentile latency in milliseconds as wrk measured them. "vs nginx" is the page's
    req/s as a share of nginx's for the same bytes: what the Python stack costs. non-2xx
    counts 4xx/5xx answers (a pre-check rules out redirects) and errors counts socket
    errors and timeouts; both must be 0 for a row to mean anything. "wire B" is bytes
    per response including headers, "body B" the page itself.

    gunicorn's sync workers close the connection after each response, while nginx keeps
    it alive, as it would in front of gunicorn in production. wrk runs on the same
    machine and competes with the servers for its CPUs, and so does anything else that
    is busy there: compare rows of one run, and runs of one quiet machine. The JSON
    records nproc, versions and the load average at the start; the bench warns when
    that load is above half the CPUs.

Output
    A table on stdout, and JSON in BENCH_OUT (default var/bench/results.json). Logs of
    every server and of each wrk run are in var/bench/logs/.
"""

import concurrent.futures
import contextlib
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
LOG_DIR = BENCH_DIR / "logs"
NGINX_DIR = BENCH_DIR / "nginx"
SQLITE_PATH = BENCH_DIR / "db.sqlite3"
PYTHON = sys.executable
PAGES = {"home": "/", "content": "/boligkontoret/"}

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_DB = "boportal_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"

GUNICORN_WORKERS = 2
NGINX_WORKERS = 2
WRK_TIMEOUT_S = 5
SETUP_TIMEOUT_S = 300
READY_TIMEOUT_S = 60
QUICK_BUDGET_S = 180

# Variables the project reads that must not leak from the caller's shell into the bench.
PROJECT_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "TASKS_BACKEND",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "DJANGO_DEBUG",
    "CONN_MAX_AGE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "LOG_LEVEL",
)

# wrk calls done() once at the end; it prints exact counts and latencies in microseconds.
WRK_SCRIPT = """\
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH-RESULT %d %d %d %.1f %.1f %d %d\\n",
    summary.requests, summary.bytes, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""
WRK_RESULT = re.compile(r"^BENCH-RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+) (\d+)$", re.M)


class BenchError(Exception):
    """A step failed; the message says which and where its log is."""


@dataclass(frozen=True)
class Scale:
    """How long each load runs, and with how many connections."""

    name: str
    duration_s: int
    warmup_s: int
    connections: int = 8
    threads: int = 2


SCALES = {"quick": Scale("quick", 10, 2), "full": Scale("full", 30, 5)}


@dataclass(frozen=True)
class Tools:
    """The external programs the bench runs."""

    wrk: str
    nginx: str
    gunicorn: str


@dataclass
class Row:
    """One measured target: a server and a page."""

    target: str
    page: str
    path: str
    requests: int
    duration_s: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    body_bytes: int
    bytes_per_response: float


@dataclass
class Outcome:
    """What the run measured, and which targets it had to skip."""

    rows: list[Row]
    skipped: dict[str, str]
    setup_s: float = 0.0
    loadavg_at_start: tuple[float, float, float] = (0.0, 0.0, 0.0)


class Processes:
    """What this run started, each in its own process group, so it stops with its workers."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen[bytes]] = []

    def start(
        self, args: list[str], log: Path, env: dict[str, str], mode: str = "wb"
    ) -> subprocess.Popen[bytes]:
        with log.open(mode) as out:
            proc = subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.running.append(proc)
        return proc

    def run(self, args: list[str], log: Path, env: dict[str, str], timeout: float) -> int:
        """Run a command to its end (appending to ``log``); stop_all() can cut it short."""
        proc = self.start(args, log, env, mode="ab")
        try:
            return proc.wait(timeout=timeout)
        finally:
            self.stop(proc)

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        """Stop a process that is still running, and its group: TERM, then KILL after 10 s."""
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        with contextlib.suppress(ValueError):
            self.running.remove(proc)

    def stop_all(self) -> None:
        for proc in reversed(list(self.running)):
            self.stop(proc)


# Setup --------------------------------------------------------------------------------


def read_scale() -> Scale:
    name = os.environ.get("BENCH_SCALE", "full")
    if name not in SCALES:
        raise BenchError(f"BENCH_SCALE={name!r}: use one of {', '.join(SCALES)}.")
    return SCALES[name]


def find_tools() -> Tools:
    """Locate wrk, nginx and gunicorn, or say how to install them."""
    hint = "run `make bench`, or `scripts/system-deps.sh bench`, to install it"
    wrk = shutil.which("wrk")
    if not wrk:
        raise BenchError(f"wrk is not installed: {hint}.")
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not nginx:
        raise BenchError(f"nginx is not installed: {hint}.")
    gunicorn = Path(PYTHON).with_name("gunicorn")
    if not gunicorn.exists():
        raise BenchError(f"No gunicorn beside {PYTHON}: run the bench with .venv/bin/python.")
    return Tools(wrk=wrk, nginx=nginx, gunicorn=str(gunicorn))


def fresh_dirs() -> None:
    """Remove what the previous run left, except earlier JSON results."""
    for name in ("static", "media", "logs", "nginx"):
        shutil.rmtree(BENCH_DIR / name, ignore_errors=True)
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    LOG_DIR.mkdir(parents=True)
    (NGINX_DIR / "html").mkdir(parents=True)
    (LOG_DIR / "report.lua").write_text(WRK_SCRIPT)


def base_env(settings: str, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PROJECT_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=database_url,
        STATIC_ROOT=str(BENCH_DIR / "static"),
        MEDIA_ROOT=str(BENCH_DIR / "media"),
        TASKS_BACKEND="immediate",
    )
    return env


def production_env(database_url: str) -> dict[str, str]:
    env = base_env("cms.settings.production", database_url)
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_URL="consolemail://",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        FORMS_EXT_IDENTITY_HASH_KEY=secrets.token_urlsafe(40),
        SECURE_SSL_REDIRECT="false",
    )
    return env


def tail(log: Path, lines: int = 6) -> str:
    """The log's path and its last lines, for an error message."""
    with contextlib.suppress(OSError):
        last = log.read_text(errors="replace").strip().splitlines()[-lines:]
        return "\n  ".join([str(log), *last])
    return str(log)


def manage(procs: Processes, args: list[str], env: dict[str, str], log: Path) -> None:
    """Run a manage.py command, appending its output to ``log``."""
    status = procs.run([PYTHON, "manage.py", *args], log, env, SETUP_TIMEOUT_S)
    if status:
        raise BenchError(f"manage.py {' '.join(args)} failed (exit {status}): {tail(log)}")


def seed(procs: Processes, database: str, url: str) -> None:
    """Migrate and seed the demo content with dev settings (production refuses seed_demo)."""
    started = time.monotonic()
    env = base_env("cms.settings.dev", url)
    log = LOG_DIR / f"setup-{database}.log"
    manage(procs, ["migrate", "--noinput", "-v0"], env, log)
    manage(procs, ["seed_demo", "--url", "http://127.0.0.1"], env, log)
    print(f"   {database}: migrated and seeded in {time.monotonic() - started:.1f} s", flush=True)


def collectstatic(procs: Processes) -> None:
    started = time.monotonic()
    env = production_env(f"sqlite:///{SQLITE_PATH}")
    manage(procs, ["collectstatic", "--noinput", "-v0"], env, LOG_DIR / "collectstatic.log")
    print(f"   collectstatic done in {time.monotonic() - started:.1f} s", flush=True)


def recreate_postgres() -> str | None:
    """Drop and create the bench database; return why PostgreSQL is skipped, or None."""
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            name = sql.Identifier(PG_DB)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    except psycopg.Error as exc:
        return "PostgreSQL on 127.0.0.1:5432 is not usable: " + " ".join(str(exc).split())
    return None


def prepare(procs: Processes, skipped: dict[str, str]) -> dict[str, str]:
    """Collect static files and seed each database in parallel; return name -> URL.

    On an error or a signal the caller's stop_all() ends the commands still running.
    """
    databases = {"sqlite": f"sqlite:///{SQLITE_PATH}", "postgresql": PG_URL}
    reason = recreate_postgres()
    if reason:
        skipped["gunicorn+postgresql"] = reason
        del databases["postgresql"]
    pool = concurrent.futures.ThreadPoolExecutor()
    try:
        jobs = [pool.submit(collectstatic, procs)]
        jobs += [pool.submit(seed, procs, name, url) for name, url in databases.items()]
        for job in jobs:
            job.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return databases


# Servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, bytes]:
    """GET a page from 127.0.0.1 without following redirects."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_ready(proc: subprocess.Popen[bytes], port: int, path: str, log: Path) -> None:
    """Poll ``path`` until it answers 200; fail if the server exits or takes too long."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"Server exited with {proc.returncode} before ready: {tail(log)}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if fetch(port, path)[0] == 200:
                return
        time.sleep(0.2)
    raise BenchError(f"Server not ready after {READY_TIMEOUT_S} s: {tail(log)}")


def start_gunicorn(
    procs: Processes, tools: Tools, database: str, url: str
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    log = LOG_DIR / f"gunicorn-{database}.log"
    args = [
        tools.gunicorn, "--workers", str(GUNICORN_WORKERS), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--error-logfile", "-", "--no-control-socket",
        "cms.wsgi:application",
    ]  # fmt: skip
    proc = procs.start(args, log, production_env(url))
    wait_ready(proc, port, "/healthz", log)
    return proc, port


def fetch_pages(port: int) -> dict[str, bytes]:
    """Each page's body; anything but 200 (a redirect, an error) stops the bench."""
    bodies = {}
    for page, path in PAGES.items():
        status, body = fetch(port, path)
        if status != 200:
            raise BenchError(f"GET {path} answered {status}, not 200: see {LOG_DIR}")
        bodies[page] = body
    return bodies


def nginx_temp_paths(tools: Tools) -> str:
    """Temp-path directives for the modules this nginx has, so it never needs /var/lib."""
    built = subprocess.run(
        [tools.nginx, "-V"], capture_output=True, text=True, timeout=10, check=False
    ).stderr
    lines = [f"client_body_temp_path {NGINX_DIR}/temp/body;"]
    for module in ("proxy", "fastcgi", "uwsgi", "scgi"):
        if f"--without-http_{module}_module" not in built:
            lines.append(f"{module}_temp_path {NGINX_DIR}/temp/{module};")
    return "\n    ".join(lines)


def write_nginx_conf(tools: Tools, port: int) -> Path:
    conf = NGINX_DIR / "nginx.conf"
    conf.write_text(f"""\
daemon off;
worker_processes {NGINX_WORKERS};
pid {NGINX_DIR}/nginx.pid;
error_log {NGINX_DIR}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {nginx_temp_paths(tools)}
    types {{ text/html html; }}
    default_type application/octet-stream;
    charset utf-8;
    server {{
        listen 127.0.0.1:{port};
        root {NGINX_DIR}/html;
        index index.html;
    }}
}}
""")
    return conf


def start_nginx(
    procs: Processes, tools: Tools, bodies: dict[str, bytes]
) -> tuple[subprocess.Popen[bytes], int]:
    """Serve each page's bytes at the same path as gunicorn, as index.html files."""
    for page, path in PAGES.items():
        target = NGINX_DIR / "html" / path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bodies[page])
    (NGINX_DIR / "temp").mkdir(exist_ok=True)
    port = free_port()
    conf = write_nginx_conf(tools, port)
    log = LOG_DIR / "nginx.log"
    args = [tools.nginx, "-c", str(conf), "-p", f"{NGINX_DIR}/", "-e", f"{NGINX_DIR}/error.log"]
    proc = procs.start(args, log, dict(os.environ))
    wait_ready(proc, port, "/", log)
    if fetch_pages(port) != bodies:
        raise BenchError("nginx does not serve the same bytes as gunicorn.")
    return proc, port


# Load ---------------------------------------------------------------------------------


def wrk(tools: Tools, scale: Scale, url: str, seconds: int, log: Path) -> str:
    args = [
        tools.wrk, "--threads", str(scale.threads), "--connections", str(scale.connections),
        "--duration", f"{seconds}s", "--timeout", f"{WRK_TIMEOUT_S}s", "--latency",
        "--script", str(LOG_DIR / "report.lua"), url,
    ]  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60, check=False)
    log.write_text(result.stdout + result.stderr)
    if result.returncode:
        raise BenchError(f"wrk failed (exit {result.returncode}): {log}")
    return result.stdout


def measure(tools: Tools, scale: Scale, target: str, port: int, page: str, body: bytes) -> Row:
    """Warm up, then load one page for the scale's duration and read wrk's numbers."""
    url = f"http://127.0.0.1:{port}{PAGES[page]}"
    name = f"{target.replace('+', '-').replace(' ', '-')}-{page}"
    wrk(tools, scale, url, scale.warmup_s, LOG_DIR / f"wrk-{name}-warmup.txt")
    log = LOG_DIR / f"wrk-{name}.txt"
    match = WRK_RESULT.search(wrk(tools, scale, url, scale.duration_s, log))
    if not match:
        raise BenchError(f"No result line in wrk's output: {log}")
    requests, nbytes, duration_us = (int(match[i]) for i in (1, 2, 3))
    duration_s = duration_us / 1e6
    return Row(
        target=target,
        page=page,
        path=PAGES[page],
        requests=requests,
        duration_s=round(duration_s, 2),
        requests_per_s=round(requests / duration_s, 1),
        p50_ms=round(float(match[4]) / 1000, 2),
        p99_ms=round(float(match[5]) / 1000, 2),
        non_2xx=int(match[6]),
        socket_errors=int(match[7]),
        body_bytes=len(body),
        bytes_per_response=round(nbytes / requests, 1) if requests else 0.0,
    )


def announce(text: str) -> None:
    print(f"== {text}", flush=True)


def load_pages(
    tools: Tools, scale: Scale, target: str, port: int, bodies: dict[str, bytes]
) -> list[Row]:
    rows = []
    for page in PAGES:
        announce(f"{target}: {page} ({scale.warmup_s} s warm-up, {scale.duration_s} s load)")
        rows.append(measure(tools, scale, target, port, page, bodies[page]))
    return rows


def bench_gunicorn(
    procs: Processes, tools: Tools, scale: Scale, database: str, url: str
) -> tuple[list[Row], dict[str, bytes]]:
    """Serve one database with gunicorn, load both pages, stop it."""
    target = f"gunicorn+{database}"
    announce(f"{target}: starting")
    proc, port = start_gunicorn(procs, tools, database, url)
    try:
        bodies = fetch_pages(port)
        rows = load_pages(tools, scale, target, port, bodies)
    finally:
        procs.stop(proc)
    return rows, bodies


def bench_nginx(
    procs: Processes, tools: Tools, scale: Scale, bodies: dict[str, bytes]
) -> list[Row]:
    announce("nginx static: starting")
    proc, port = start_nginx(procs, tools, bodies)
    try:
        rows = load_pages(tools, scale, "nginx static", port, bodies)
    finally:
        procs.stop(proc)
    return rows


def warn_if_busy(load: float) -> None:
    """Other processes on the machine take CPU from the servers and from wrk."""
    cpus = len(os.sched_getaffinity(0))
    if load > cpus / 2:
        print(
            f"Warning: load average {load:.1f} on {cpus} CPUs before the bench started: "
            "other processes are busy, and the numbers will be lower and noisier.",
            flush=True,
        )


def run(procs: Processes, tools: Tools, scale: Scale) -> Outcome:
    outcome = Outcome(rows=[], skipped={}, loadavg_at_start=os.getloadavg())
    warn_if_busy(outcome.loadavg_at_start[0])
    announce("setup: collectstatic, migrate and seed_demo (logs in var/bench/logs/)")
    setup_started = time.monotonic()
    databases = prepare(procs, outcome.skipped)
    outcome.setup_s = round(time.monotonic() - setup_started, 1)
    sqlite_bodies: dict[str, bytes] = {}
    for database, url in databases.items():
        rows, bodies = bench_gunicorn(procs, tools, scale, database, url)
        outcome.rows += rows
        sqlite_bodies = sqlite_bodies or bodies
    outcome.rows += bench_nginx(procs, tools, scale, sqlite_bodies)
    return outcome


# Report -------------------------------------------------------------------------------


def command_version(args: list[str]) -> str:
    """First line a program prints about its version (nginx and wrk use stderr)."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(args, capture_output=True, text=True, timeout=10, check=False)
        return (done.stdout + done.stderr).strip().splitlines()[0]
    return "unknown"


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine(tools: Tools) -> dict[str, object]:
    packages = ("django", "wagtail", "gunicorn", "whitenoise", "psycopg")
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu": cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "versions": {name: metadata.version(name) for name in packages},
        "nginx": command_version([tools.nginx, "-v"]),
        "wrk": command_version([tools.wrk, "-v"]),
    }


def parameters(scale: Scale) -> dict[str, object]:
    return {
        **asdict(scale),
        "wrk_timeout_s": WRK_TIMEOUT_S,
        "pages": PAGES,
        "gunicorn": {"workers": GUNICORN_WORKERS, "worker_class": "sync", "keep_alive": False},
        "nginx": {"worker_processes": NGINX_WORKERS, "keep_alive": True},
        "django_settings": "cms.settings.production (DEBUG off)",
        "cache": "local memory (REDIS_URL unset)",
        "tasks_backend": "immediate",
    }


def vs_nginx(row: Row, rows: list[Row]) -> str:
    base = next((r for r in rows if r.target == "nginx static" and r.page == row.page), None)
    if row.target == "nginx static" or not base or not base.requests_per_s:
        return ""
    return f"{100 * row.requests_per_s / base.requests_per_s:.2g}%"


def print_table(outcome: Outcome) -> None:
    columns = ("target", "page", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "body B")
    header = f"{columns[0]:<20} {columns[1]:<8}" + "".join(f"{c:>9}" for c in columns[2:])
    print(f"\n{header}{'wire B':>9}{'vs nginx':>10}")
    print("-" * (len(header) + 19))
    for r in outcome.rows:
        latencies = (r.p50_ms, r.p99_ms)
        counts = (r.non_2xx, r.socket_errors, r.body_bytes, round(r.bytes_per_response))
        print(
            f"{r.target:<20} {r.page:<8}"
            + f"{r.requests_per_s:>9.1f}"
            + "".join(f"{n:>9.1f}" if n >= 100 else f"{n:>9.2f}" for n in latencies)
            + "".join(f"{c:>9}" for c in counts)
            + f"{vs_nginx(r, outcome.rows):>10}"
        )
    for target, reason in outcome.skipped.items():
        print(f"{target:<20} skipped: {reason}")


def write_json(path: Path, report: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def finish(outcome: Outcome, tools: Tools, scale: Scale, started: float) -> None:
    wall = round(time.monotonic() - started, 1)
    out = Path(os.environ.get("BENCH_OUT") or BENCH_DIR / "results.json")
    report = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale.name,
        "wall_time_s": wall,
        "setup_time_s": outcome.setup_s,
        "loadavg_at_start": [round(x, 2) for x in outcome.loadavg_at_start],
        "machine": machine(tools),
        "parameters": parameters(scale),
        "rows": [asdict(row) for row in outcome.rows],
        "skipped": [{"target": t, "reason": r} for t, r in outcome.skipped.items()],
    }
    write_json(out, report)
    print_table(outcome)
    load = ", ".join(f"{x:.2f}" for x in outcome.loadavg_at_start)
    print(f"\nWall time {wall} s (setup {outcome.setup_s} s), scale {scale.name}.")
    print(f"Load average at start: {load}. JSON: {out}")
    if scale.name == "quick" and wall > QUICK_BUDGET_S:
        print(f"Warning: the quick run took longer than {QUICK_BUDGET_S} s.")


def stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so that the servers are stopped on the way out."""

    def handler(signum: int, frame: object) -> None:
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def guarded(step: Callable[[], None]) -> int:
    try:
        step()
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as exc:
        print(f"bench: timed out after {exc.timeout} s: {' '.join(exc.cmd)}", file=sys.stderr)
        return 1
    return 0


def main() -> None:
    started = time.monotonic()
    stop_on_sigterm()
    scale, tools = read_scale(), find_tools()
    fresh_dirs()
    procs = Processes()
    try:
        outcome = run(procs, tools, scale)
    finally:
        procs.stop_all()
    finish(outcome, tools, scale, started)


if __name__ == "__main__":
    sys.exit(guarded(main))
