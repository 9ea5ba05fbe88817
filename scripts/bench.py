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
    target (the whole run, setup included, takes about 2.5 minutes on 2 CPUs); full (the
    default) runs 30 s per target. Setup (collectstatic, migrate, seed_demo) runs in
    parallel before any load, and every server is stopped before the next one starts.

    Submissions: setup also publishes a one-step survey of four questions at
    /bench-survey/. On gunicorn+postgresql (and gunicorn+sqlite at the full scale) the
    bench GETs it, then POSTs answers to it, each with 32 connections and CSRF on: one
    csrftoken cookie and form token, fetched first, serve every request, and each POST
    carries a fresh UUID4 token, so each stores one submission (scripts/bench_survey.lua).
    A POST load sends for the load's time, then waits SURVEY_TAIL_S for the answers to
    what it sent; the submissions counted in the database before and after must equal
    the redirects to a receipt that wrk saw.

    Exports: then a million submissions (100,000 at BENCH_SCALE=quick) of a survey of
    17 questions are made in a PostgreSQL database of their own and exported as CSV,
    JSON and XLSX, each in a process of its own, as a background export runs: rows
    per second and peak memory (scripts/bench_export.py says how, and the goals).
    Guides: the demo guide /guides/boplan/ and a chapter uncached (one client at a time),
    from the application's page cache, as nginx static files and through an nginx
    micro-cache in front of gunicorn, and the guide's stored PDF, with goals computed from
    the figures (scripts/bench_guides.py says how).

    Inventories: 500 units' daily reports over 3 years (one year at BENCH_SCALE=quick) made
    in a PostgreSQL database of their own, then the current list, the status board and a
    90-day dashboard timed for 100, 250 and 500 units (scripts/bench_inventories.py).

    BENCH_ONLY=pages, guides, exports or inventories runs one part alone; the exports and
    the inventories need neither wrk nor nginx.

How to read it
    req/s is throughput at that concurrency; p50 and p99 are the median and the 99th
    percentile latency in milliseconds as wrk measured them. "vs nginx" is the page's
    req/s as a share of nginx's for the same bytes: what the Python stack costs. non-2xx
    counts 4xx/5xx answers (a pre-check rules out redirects) and errors counts socket
    errors and timeouts; both must be 0 for a row to mean anything. "wire B" is bytes
    per response including headers, "body B" the page itself.

    The survey rows' req/s is over the time from the first request to the last answer.
    Below the table, each survey's submissions per second (receipts only) are set beside
    the GET rate of the same page, with the goal that they be at least 0.7 of it, and
    the check: rows stored = receipts = answers to the POSTs, no socket error, every GET
    a 200; a failed check marks the goal as not met. SQLite takes one writer at a time:
    concurrent submissions wait for each other there.

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
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from importlib import metadata
from pathlib import Path
from urllib.parse import urlencode

import bench_export
import bench_guides
import bench_inventories
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
EXPORTS_QUICK_BUDGET_S = 120
GUIDES_QUICK_BUDGET_S = 180
INVENTORIES_QUICK_BUDGET_S = 300
PARTS = ("pages", "guides", "exports", "inventories")

# The bench survey: one step of four questions, created in each database after seed_demo.
# Its GET and its submissions (POST) are loaded with SURVEY_CONNECTIONS clients, CSRF on.
SURVEY_SLUG = "bench-survey"
SURVEY_PATH = f"/{SURVEY_SLUG}/"
SURVEY_CONNECTIONS = 32
SURVEY_GOAL = 0.7  # submissions per second, as a share of the GET rate of the same page
# After a POST load's time wrk sends nothing more for SURVEY_TAIL_S, so that what it sent
# gets its answer (and is counted) before wrk stops. Connections idle that long would count
# as wrk timeouts, hence a longer timeout for the survey's loads (GET and POST alike).
SURVEY_TAIL_S = 3
SURVEY_TIMEOUT_S = 10
SURVEY_LUA = ROOT / "scripts" / "bench_survey.lua"
SURVEY_ANSWERS = {
    "navn": "Bench",
    "fikk_du_svar": "yes",
    "hvor_mange_bor_i_husstanden": "3",
    "hvor_fornoyd_er_du": "4",
}
SURVEY_SETUP = f"""\
from wagtail.models import Site
from forms_ext.models import SurveyField, SurveyPage

if not SurveyPage.objects.filter(slug="{SURVEY_SLUG}").exists():
    page = SurveyPage(title="Bench survey", slug="{SURVEY_SLUG}")
    Site.objects.get(is_default_site=True).root_page.add_child(instance=page)
    page.form_fields = [
        SurveyField(sort_order=0, required=True, label="Navn", field_type="singleline"),
        SurveyField(
            sort_order=1, required=True, label="Fikk du svar", field_type="radio",
            choices="yes | Ja\\nno | Nei",
        ),
        SurveyField(
            sort_order=2, required=True, label="Hvor mange bor i husstanden",
            field_type="number", min_value=1, max_value=15,
        ),
        SurveyField(
            sort_order=3, required=True, label="Hvor fornøyd er du", field_type="scale",
            min_value=1, max_value=6,
        ),
    ]
    page.save_revision().publish()
"""
SUBMISSIONS_SQL = (
    "SELECT count(*) FROM forms_ext_surveysubmission WHERE page_id = "
    "(SELECT id FROM wagtailcore_page WHERE slug = 'bench-survey')"
)

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
# What scripts/bench_survey.lua prints in done().
SURVEY_RESULT = re.compile(
    r"^BENCH-SURVEY (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+) (\d+)$", re.M
)
SURVEY_STATUS = re.compile(r"^BENCH-STATUS (\d+) (\d+)$", re.M)


class BenchError(Exception):
    """A step failed; the message says which and where its log is."""


@dataclass(frozen=True)
class Scale:
    """How long each load runs, with how many connections, and where the survey is loaded."""

    name: str
    duration_s: int
    warmup_s: int
    connections: int = 8
    threads: int = 2
    survey_databases: tuple[str, ...] = ("postgresql",)


# SQLite's survey rows cost half a minute more, which the quick scale's budget lacks.
SCALES = {
    "quick": Scale("quick", 10, 2),
    "full": Scale("full", 30, 5, survey_databases=("postgresql", "sqlite")),
}


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
    connections: int
    requests: int
    duration_s: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    body_bytes: int
    bytes_per_response: float


@dataclass(frozen=True)
class Csrf:
    """A csrftoken cookie and a form token that goes with it; neither is single-use."""

    cookie: str
    token: str


@dataclass(frozen=True)
class SurveyRun:
    """What bench_survey.lua counted in one wrk run."""

    responses: int
    receipts: int
    span_s: float
    p50_ms: float
    p99_ms: float
    status_errors: int
    socket_errors: int
    nbytes: int
    statuses: dict[str, int]


@dataclass
class SurveyCheck:
    """Submissions per second beside the GET rate of the same page, and the rows they stored."""

    target: str
    get_per_s: float
    submissions_per_s: float
    ratio: float
    goal: float
    goal_met: bool
    responses: int
    receipts: int
    rows_before: int
    rows_after: int
    rows_stored: int
    statuses: dict[str, int]
    check: str
    note: str = ""


@dataclass
class Outcome:
    """What the run measured, and which targets it had to skip."""

    rows: list[Row]
    skipped: dict[str, str]
    surveys: list[SurveyCheck] = field(default_factory=list)
    setup_s: float = 0.0
    loadavg_at_start: tuple[float, float, float] = (0.0, 0.0, 0.0)
    exports: dict[str, object] | None = None
    guides: dict[str, object] | None = None
    inventories: dict[str, object] | None = None


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


def read_parts() -> tuple[str, ...]:
    """What to run: pages, guides and exports, or the one BENCH_ONLY names."""
    only = os.environ.get("BENCH_ONLY", "")
    if only and only not in PARTS:
        raise BenchError(f"BENCH_ONLY={only!r}: use one of {', '.join(PARTS)}, or leave it unset.")
    return (only,) if only else PARTS


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
    """Migrate, seed the demo content and add the bench survey, with dev settings.

    Production settings refuse seed_demo.
    """
    started = time.monotonic()
    env = base_env("cms.settings.dev", url)
    log = LOG_DIR / f"setup-{database}.log"
    manage(procs, ["migrate", "--noinput", "-v0"], env, log)
    manage(procs, ["seed_demo", "--url", "http://127.0.0.1"], env, log)
    manage(procs, ["shell", "-c", SURVEY_SETUP], env, log)
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


def prepare(
    procs: Processes, skipped: dict[str, str], with_postgres: bool = True
) -> dict[str, str]:
    """Collect static files and seed each database in parallel; return name -> URL.

    On an error or a signal the caller's stop_all() ends the commands still running.
    The guides alone need only SQLite.
    """
    databases = {"sqlite": f"sqlite:///{SQLITE_PATH}", "postgresql": PG_URL}
    reason = recreate_postgres() if with_postgres else "not needed by BENCH_ONLY=guides"
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


def http_request(
    port: int,
    method: str,
    path: str,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Send one request to 127.0.0.1 without following redirects."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.msg, response.read()
    finally:
        conn.close()


def fetch(port: int, path: str) -> tuple[int, bytes]:
    """GET a page from 127.0.0.1 without following redirects."""
    status, _, body = http_request(port, "GET", path)
    return status, body


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


def wrk(
    tools: Tools,
    scale: Scale,
    url: str,
    seconds: int,
    log: Path,
    connections: int | None = None,
    script: tuple[Path, list[str]] | None = None,
    timeout: int = WRK_TIMEOUT_S,
) -> str:
    """Run wrk; ``script`` is a Lua script and its arguments, report.lua by default."""
    lua, lua_args = script or (LOG_DIR / "report.lua", [])
    args = [
        tools.wrk, "--threads", str(scale.threads),
        "--connections", str(connections or scale.connections),
        "--duration", f"{seconds}s", "--timeout", f"{timeout}s", "--latency",
        "--script", str(lua), url, *(["--", *lua_args] if lua_args else []),
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
    return wrk_row(match, target, page, PAGES[page], scale.connections, body)


def wrk_row(
    match: re.Match, target: str, page: str, path: str, connections: int, body: bytes
) -> Row:
    """A row of the bench's table from wrk's result line (``WRK_RESULT``)."""
    requests, nbytes, duration_us = (int(match[i]) for i in (1, 2, 3))
    duration_s = duration_us / 1e6
    return Row(
        target=target,
        page=page,
        path=path,
        connections=connections,
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


# Survey -------------------------------------------------------------------------------


def survey_csrf(port: int) -> Csrf:
    """GET the survey as a new visitor does: its csrftoken cookie and the form's token."""
    status, headers, body = http_request(port, "GET", SURVEY_PATH)
    cookies: SimpleCookie = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or "csrftoken" not in cookies or not match:
        raise BenchError(f"GET {SURVEY_PATH} answered {status} without a CSRF cookie and token.")
    return Csrf(cookie=cookies["csrftoken"].value, token=match[1].decode())


def submit_once(port: int, csrf: Csrf) -> None:
    """Send one submission as the load does; it must be redirected to its receipt."""
    token = str(uuid.uuid4())
    form = {"csrfmiddlewaretoken": csrf.token, "token": token, "step": "0", **SURVEY_ANSWERS}
    headers = {
        "Cookie": f"csrftoken={csrf.cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    status, answer, _ = http_request(port, "POST", SURVEY_PATH, urlencode(form), headers)
    location = answer.get("Location", "")
    if status != 302 or not location.endswith(f"?receipt={token}"):
        raise BenchError(
            f"POST {SURVEY_PATH} answered {status} {location!r}, not a redirect to its "
            f"receipt: see {LOG_DIR}"
        )


def count_submissions(url: str) -> int:
    """The bench survey's stored submissions, counted in the database."""
    if url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
            return conn.execute(SUBMISSIONS_SQL).fetchone()[0]
    with psycopg.connect(url, connect_timeout=3) as conn:
        row = conn.execute(SUBMISSIONS_SQL).fetchone()
        return row[0] if row else 0


def survey_wrk(
    tools: Tools, scale: Scale, port: int, mode: str, seconds: int, csrf: Csrf, log: Path
) -> SurveyRun:
    """Send ``mode`` requests for ``seconds``; after a POST load, wait for what was sent."""
    tail = SURVEY_TAIL_S if mode == "post" else 0
    seed = str(secrets.randbelow(2**31))
    lua_args = [mode, str(seconds), seed, csrf.cookie, csrf.token, urlencode(SURVEY_ANSWERS)]
    url = f"http://127.0.0.1:{port}{SURVEY_PATH}"
    script = (SURVEY_LUA, lua_args)
    out = wrk(tools, scale, url, seconds + tail, log, SURVEY_CONNECTIONS, script, SURVEY_TIMEOUT_S)
    match = SURVEY_RESULT.search(out)
    if not match:
        raise BenchError(f"No result line in wrk's output: {log}")
    return SurveyRun(
        responses=int(match[1]),
        receipts=int(match[2]),
        span_s=float(match[3]),
        p50_ms=round(float(match[4]) / 1000, 2),
        p99_ms=round(float(match[5]) / 1000, 2),
        status_errors=int(match[6]),
        socket_errors=int(match[7]),
        nbytes=int(match[8]),
        statuses={code: int(count) for code, count in SURVEY_STATUS.findall(out)},
    )


def load_survey(
    tools: Tools, scale: Scale, target: str, port: int, mode: str, csrf: Csrf, url: str
) -> tuple[SurveyRun, int, int]:
    """Warm up, then load the survey; the run, and the submissions before and after it."""
    name = f"{target.replace('+', '-')}-survey-{mode}"
    announce(
        f"{target}: survey {mode.upper()} ({scale.warmup_s} s warm-up, {scale.duration_s} s "
        f"load, {SURVEY_CONNECTIONS} connections)"
    )
    survey_wrk(tools, scale, port, mode, scale.warmup_s, csrf, LOG_DIR / f"wrk-{name}-warmup.txt")
    before = count_submissions(url)
    run = survey_wrk(tools, scale, port, mode, scale.duration_s, csrf, LOG_DIR / f"wrk-{name}.txt")
    return run, before, count_submissions(url)


def survey_row(target: str, page: str, run: SurveyRun, body_bytes: int) -> Row:
    """A table row: the rate is over the time from the first request to the last answer."""
    return Row(
        target=target,
        page=page,
        path=SURVEY_PATH,
        connections=SURVEY_CONNECTIONS,
        requests=run.responses,
        duration_s=round(run.span_s, 2),
        requests_per_s=round(run.responses / run.span_s, 1) if run.span_s else 0.0,
        p50_ms=run.p50_ms,
        p99_ms=run.p99_ms,
        non_2xx=run.status_errors,
        socket_errors=run.socket_errors,
        body_bytes=body_bytes,
        bytes_per_response=round(run.nbytes / run.responses, 1) if run.responses else 0.0,
    )


def survey_problems(get: SurveyRun, post: SurveyRun, stored: int) -> list[str]:
    """Why the submissions' numbers cannot be trusted; empty when each POST stored one row."""
    problems = []
    if get.statuses != {"200": get.responses} or get.socket_errors:
        problems.append(f"GET answered {get.statuses}, {get.socket_errors} socket errors")
    if stored != post.receipts:
        problems.append(f"rows stored {stored} != receipts {post.receipts}")
    if post.receipts != post.responses:
        problems.append(f"{post.responses - post.receipts} POSTs not receipts: {post.statuses}")
    if post.socket_errors:
        problems.append(f"{post.socket_errors} POST socket errors or timeouts")
    return problems


def survey_check(
    target: str, get: SurveyRun, post: SurveyRun, before: int, after: int
) -> SurveyCheck:
    get_rate = get.responses / get.span_s if get.span_s else 0.0
    rate = post.receipts / post.span_s if post.span_s else 0.0
    ratio = rate / get_rate if get_rate else 0.0
    problems = survey_problems(get, post, after - before)
    return SurveyCheck(
        target=target,
        get_per_s=round(get_rate, 1),
        submissions_per_s=round(rate, 1),
        ratio=round(ratio, 2),
        goal=SURVEY_GOAL,
        goal_met=not problems and ratio >= SURVEY_GOAL,
        responses=post.responses,
        receipts=post.receipts,
        rows_before=before,
        rows_after=after,
        rows_stored=after - before,
        statuses=post.statuses,
        check="; ".join(problems) or "ok",
        note="SQLite takes one writer at a time." if target.endswith("sqlite") else "",
    )


def bench_survey(
    tools: Tools, scale: Scale, target: str, port: int, url: str
) -> tuple[list[Row], SurveyCheck]:
    """GET the bench survey, then submit it, with many clients; count the rows stored."""
    csrf = survey_csrf(port)
    body_bytes = len(fetch(port, SURVEY_PATH)[1])
    submit_once(port, csrf)
    get, _, _ = load_survey(tools, scale, target, port, "get", csrf, url)
    post, before, after = load_survey(tools, scale, target, port, "post", csrf, url)
    rows = [
        survey_row(target, "survey GET", get, body_bytes),
        survey_row(target, "survey POST", post, 0),
    ]
    return rows, survey_check(target, get, post, before, after)


# Targets ------------------------------------------------------------------------------


def bench_gunicorn(
    procs: Processes, tools: Tools, scale: Scale, database: str, url: str
) -> tuple[list[Row], dict[str, bytes], SurveyCheck | None]:
    """Serve one database with gunicorn, load both pages (and the survey), stop it."""
    target = f"gunicorn+{database}"
    announce(f"{target}: starting")
    proc, port = start_gunicorn(procs, tools, database, url)
    survey = None
    try:
        bodies = fetch_pages(port)
        rows = load_pages(tools, scale, target, port, bodies)
        if database in scale.survey_databases:
            survey_rows, survey = bench_survey(tools, scale, target, port, url)
            rows += survey_rows
    finally:
        procs.stop(proc)
    return rows, bodies, survey


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


def run(procs: Processes, tools: Tools, scale: Scale, parts: tuple[str, ...]) -> Outcome:
    outcome = Outcome(rows=[], skipped={}, loadavg_at_start=os.getloadavg())
    warn_if_busy(outcome.loadavg_at_start[0])
    announce("setup: collectstatic, migrate and seed_demo (logs in var/bench/logs/)")
    setup_started = time.monotonic()
    databases = prepare(procs, outcome.skipped, with_postgres="pages" in parts)
    outcome.setup_s = round(time.monotonic() - setup_started, 1)
    if "pages" in parts:
        run_pages(procs, tools, scale, databases, outcome)
    if "guides" in parts:
        rows, outcome.guides = bench_guides.run(
            sys.modules[__name__], procs, tools, scale, databases["sqlite"]
        )
        outcome.rows += rows
    return outcome


def run_pages(
    procs: Processes, tools: Tools, scale: Scale, databases: dict[str, str], outcome: Outcome
) -> None:
    sqlite_bodies: dict[str, bytes] = {}
    for database, url in databases.items():
        rows, bodies, survey = bench_gunicorn(procs, tools, scale, database, url)
        outcome.rows += rows
        if survey:
            outcome.surveys.append(survey)
        else:
            outcome.skipped[f"gunicorn+{database} survey"] = "only at BENCH_SCALE=full"
        sqlite_bodies = sqlite_bodies or bodies
    outcome.rows += bench_nginx(procs, tools, scale, sqlite_bodies)


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


def machine(tools: Tools | None) -> dict[str, object]:
    packages = ("django", "wagtail", "gunicorn", "whitenoise", "psycopg")
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu": cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "versions": {name: metadata.version(name) for name in packages},
        "nginx": command_version([tools.nginx, "-v"]) if tools else "not used",
        "wrk": command_version([tools.wrk, "-v"]) if tools else "not used",
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
        "survey": {
            "path": SURVEY_PATH,
            "connections": SURVEY_CONNECTIONS,
            "csrf": "on: one csrftoken cookie and form token, fetched by GET, for every POST",
            "answers": SURVEY_ANSWERS,
            "goal": f"submissions per second >= {SURVEY_GOAL} x GET per second",
            "post_tail_s": SURVEY_TAIL_S,
            "wrk_timeout_s": SURVEY_TIMEOUT_S,
        },
    }


def vs_nginx(row: Row, rows: list[Row]) -> str:
    base = next((r for r in rows if r.target == "nginx static" and r.page == row.page), None)
    if row.target == "nginx static" or not base or not base.requests_per_s:
        return ""
    return f"{100 * row.requests_per_s / base.requests_per_s:.2g}%"


def print_table(outcome: Outcome) -> None:
    columns = ("target", "page", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "body B")
    header = f"{columns[0]:<20} {columns[1]:<14}" + "".join(f"{c:>9}" for c in columns[2:])
    if outcome.rows:
        print(f"\n{header}{'wire B':>9}{'vs nginx':>10}")
        print("-" * (len(header) + 19))
    for r in outcome.rows:
        latencies = (r.p50_ms, r.p99_ms)
        counts = (r.non_2xx, r.socket_errors, r.body_bytes, round(r.bytes_per_response))
        print(
            f"{r.target:<20} {r.page:<14}"
            + f"{r.requests_per_s:>9.1f}"
            + "".join(f"{n:>9.1f}" if n >= 100 else f"{n:>9.2f}" for n in latencies)
            + "".join(f"{c:>9}" for c in counts)
            + f"{vs_nginx(r, outcome.rows):>10}"
        )
    for target, reason in outcome.skipped.items():
        print(f"{target:<20} skipped: {reason}")


def print_surveys(surveys: list[SurveyCheck]) -> None:
    if not surveys:
        return
    print(
        f"\nSubmissions of {SURVEY_PATH} ({SURVEY_CONNECTIONS} connections, CSRF on), "
        f"goal: at least {SURVEY_GOAL} x the GET rate of the same page"
    )
    for s in surveys:
        verdict = "met" if s.goal_met else "NOT met"
        print(
            f"{s.target:<20} {s.submissions_per_s:.1f} submissions/s, GET {s.get_per_s:.1f}/s: "
            f"POST/GET {s.ratio:.2f}, goal {verdict}"
        )
        print(
            f"{'':<20} rows stored {s.rows_stored} ({s.rows_before} -> {s.rows_after}), "
            f"receipts {s.receipts} of {s.responses} POSTs: {s.check}. {s.note}".rstrip()
        )


def write_json(path: Path, report: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def run_exports(outcome: Outcome, scale: Scale) -> None:
    """The export section: skipped, and said so, when PostgreSQL cannot be used."""
    announce("exports: a survey's submissions made in PostgreSQL, then exported")
    try:
        outcome.exports = bench_export.run(scale.name)
    except psycopg.OperationalError as exc:
        reason = "PostgreSQL on 127.0.0.1:5432 is not usable: " + " ".join(str(exc).split())
        outcome.skipped["exports"] = reason
    except RuntimeError as exc:
        raise BenchError(str(exc)) from exc


def run_inventories(outcome: Outcome, scale: Scale) -> None:
    """The inventories section (scripts/bench_inventories.py): skipped without PostgreSQL."""
    announce("inventories: 500 units' daily reports made in PostgreSQL, then read")
    try:
        outcome.inventories = bench_inventories.run(scale.name)
    except psycopg.OperationalError as exc:
        reason = "PostgreSQL on 127.0.0.1:5432 is not usable: " + " ".join(str(exc).split())
        outcome.skipped["inventories"] = reason
    except RuntimeError as exc:
        raise BenchError(str(exc)) from exc


def quick_budget(outcome: Outcome) -> int:
    pages = any(row.page in PAGES for row in outcome.rows)
    return (
        QUICK_BUDGET_S * pages
        + GUIDES_QUICK_BUDGET_S * bool(outcome.guides)
        + EXPORTS_QUICK_BUDGET_S * bool(outcome.exports)
        + INVENTORIES_QUICK_BUDGET_S * bool(outcome.inventories)
    )


def finish(outcome: Outcome, tools: Tools | None, scale: Scale, started: float) -> None:
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
        "surveys": [asdict(survey) for survey in outcome.surveys],
        "skipped": [{"target": t, "reason": r} for t, r in outcome.skipped.items()],
        "exports": outcome.exports,
        "guides": outcome.guides,
        "inventories": outcome.inventories,
    }
    write_json(out, report)
    print_table(outcome)
    print_surveys(outcome.surveys)
    bench_guides.print_goals(outcome.guides)
    if outcome.exports:
        bench_export.print_table(outcome.exports)
    if outcome.inventories:
        bench_inventories.print_table(outcome.inventories)
    load = ", ".join(f"{x:.2f}" for x in outcome.loadavg_at_start)
    print(f"\nWall time {wall} s (setup {outcome.setup_s} s), scale {scale.name}.")
    print(f"Load average at start: {load}. JSON: {out}")
    if scale.name == "quick" and wall > quick_budget(outcome):
        print(f"Warning: the quick run took longer than {quick_budget(outcome)} s.")


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
    scale, parts = read_scale(), read_parts()
    tools = find_tools() if {"pages", "guides"} & set(parts) else None
    fresh_dirs()
    outcome = Outcome(rows=[], skipped={}, loadavg_at_start=os.getloadavg())
    if tools:
        procs = Processes()
        try:
            outcome = run(procs, tools, scale, parts)
        finally:
            procs.stop_all()
    if "exports" in parts:
        run_exports(outcome, scale)
    if "inventories" in parts:
        run_inventories(outcome, scale)
    finish(outcome, tools, scale, started)


if __name__ == "__main__":
    sys.exit(guarded(main))
