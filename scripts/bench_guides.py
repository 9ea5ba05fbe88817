"""The guides part of `make bench`: the demo guide served uncached, cached, by nginx and its PDF.

What it measures, on the demo guide /guides/boplan/ and one of its chapters
(/guides/boplan/bostotte/), with gunicorn (2 sync workers, production settings,
SQLite, the local-memory cache) and nginx on this machine, in one run:

* uncached       gunicorn, one connection (one client at a time), each request with a
                 cookie so that the page cache answers none of them: the page is routed,
                 queried and rendered every time. Goal: p50 under 20 ms.
* app cache      gunicorn with its page cache (guides.caching), the bench's connections.
                 Goal: at least 0.1 x nginx static.
* nginx static   nginx serving the same bytes as static files: the ceiling.
* front cache    nginx as a micro-cache in front of gunicorn (proxy_cache, 1 s, a lock,
                 only answers the app marks public: docs/nginx-front-cache.conf). Goal: at
                 least 0.9 x nginx static.
* guide PDF      /guides/boplan/pdf/, made when the guide was published (seed_demo), from
                 gunicorn and, as the same bytes, from nginx. Goal: served without rendering:
                 the PDFs' renderings counted in the database before and after the load are
                 the same, and every answer is the stored PDF.

The rows join the bench's table ("vs nginx" compares with the nginx static row of the same
page) and the goals, with the figures they are computed from, go into the JSON's "guides".
"""

import os
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

GUIDE_PAGES = {
    "guide": "/guides/boplan/",
    "guide chapter": "/guides/boplan/bostotte/",
}
PDF_PAGE = ("guide PDF", "/guides/boplan/pdf/")
UNCACHED_CONNECTIONS = 1
UNCACHED_P50_GOAL_MS = 20.0
APP_CACHE_GOAL = 0.1
FRONT_CACHE_GOAL = 0.9
# A cookie sends every request past the page cache to the application (guides.caching).
UNCACHED_LUA = 'wrk.headers["Cookie"] = "bench=uncached"\n'
RENDERS_SQL = "SELECT count(*), coalesce(max(rendered_at), '') FROM guides_guidepdf"


@dataclass
class Goal:
    name: str
    measured: str
    goal: str
    met: bool
    note: str = ""


def renders(sqlite_path: Path) -> tuple[int, str]:
    """How many guide PDFs exist and when the last was made: unchanged if none was made."""
    with sqlite3.connect(sqlite_path) as conn:
        count, last = conn.execute(RENDERS_SQL).fetchone()
    return int(count), str(last)


def nginx_conf(b: Any, tools: Any, static_port: int, front_port: int, app_port: int) -> Path:
    """nginx serving the static copies, and the front cache of docs/nginx-front-cache.conf."""
    conf = b.NGINX_DIR / "nginx-guides.conf"
    cache = b.NGINX_DIR / "cache"
    conf.write_text(f"""\
daemon off;
worker_processes {b.NGINX_WORKERS};
pid {b.NGINX_DIR}/nginx-guides.pid;
error_log {b.NGINX_DIR}/error-guides.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {b.nginx_temp_paths(tools)}
    types {{ text/html html; }}
    default_type application/octet-stream;
    charset utf-8;
    server {{
        listen 127.0.0.1:{static_port};
        root {b.NGINX_DIR}/html;
        index index.html;
        location {PDF_PAGE[1]} {{ types {{ }} default_type application/pdf; charset off; }}
    }}
    # The front cache, as in docs/nginx-front-cache.conf.
    proxy_cache_path {cache} levels=1:2 keys_zone=boportal:10m max_size=256m inactive=10m;
    map $upstream_http_cache_control $boportal_not_public {{
        ~*(private|no-store|no-cache) 1;
        ~*public 0;
        default 1;
    }}
    server {{
        listen 127.0.0.1:{front_port};
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_set_header Host $http_host;
            proxy_cache boportal;
            proxy_cache_key $scheme$host$request_uri;
            proxy_ignore_headers Cache-Control Expires;
            proxy_cache_valid 200 1s;
            proxy_no_cache $http_cookie $http_authorization $boportal_not_public;
            proxy_cache_bypass $http_cookie $http_authorization;
            proxy_cache_lock on;
            proxy_cache_use_stale updating error timeout;
            proxy_cache_background_update on;
        }}
    }}
}}
""")
    return conf


def start_nginx(b: Any, procs: Any, tools: Any, bodies: dict[str, bytes], app_port: int):
    """Write the static copies, start nginx; its static and front-cache ports."""
    for page, path in {**GUIDE_PAGES, PDF_PAGE[0]: PDF_PAGE[1]}.items():
        target = b.NGINX_DIR / "html" / path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bodies[page])
    (b.NGINX_DIR / "temp").mkdir(exist_ok=True)
    static_port, front_port = b.free_port(), b.free_port()
    conf = nginx_conf(b, tools, static_port, front_port, app_port)
    log = b.LOG_DIR / "nginx-guides.log"
    args = [tools.nginx, "-c", str(conf), "-p", f"{b.NGINX_DIR}/"]
    proc = procs.start(args, log, dict(os.environ))
    b.wait_ready(proc, static_port, GUIDE_PAGES["guide"], log)
    b.wait_ready(proc, front_port, GUIDE_PAGES["guide"], log)
    for page, path in {**GUIDE_PAGES, PDF_PAGE[0]: PDF_PAGE[1]}.items():
        for port in (static_port, front_port):
            if b.fetch(port, path) != (200, bodies[page]):
                raise b.BenchError(f"nginx on port {port} does not serve {path} as gunicorn did.")
    return proc, static_port, front_port


def load(b, tools, scale, target: str, port: int, page: str, path: str, body: bytes, **how):
    """Warm up, then load ``path`` as ``target``; a Row of the bench's table."""
    connections = how.get("connections") or scale.connections
    script = None
    if how.get("uncached"):
        lua = b.LOG_DIR / "uncached.lua"
        lua.write_text(UNCACHED_LUA + b.WRK_SCRIPT)
        script = (lua, [])
    b.announce(f"{target}: {page} ({scale.warmup_s} s warm-up, {scale.duration_s} s load)")
    url = f"http://127.0.0.1:{port}{path}"
    name = f"{target}-{page}".replace("+", "-").replace(" ", "-")
    # wrk needs at least one connection per thread.
    scale = type(scale)(**{**asdict(scale), "threads": min(scale.threads, connections)})
    opts = {"connections": connections, "script": script}
    b.wrk(tools, scale, url, scale.warmup_s, b.LOG_DIR / f"wrk-{name}-warmup.txt", **opts)
    log = b.LOG_DIR / f"wrk-{name}.txt"
    match = b.WRK_RESULT.search(b.wrk(tools, scale, url, scale.duration_s, log, **opts))
    if not match:
        raise b.BenchError(f"No result line in wrk's output: {log}")
    return b.wrk_row(match, target, page, path, connections, body)


def fetch_bodies(b, port: int) -> dict[str, bytes]:
    """Each page as an anonymous reader gets it, until each worker answers from its cache."""
    bodies = {}
    for page, path in {**GUIDE_PAGES, PDF_PAGE[0]: PDF_PAGE[1]}.items():
        answers = [b.http_request(port, "GET", path) for _ in range(2 * b.GUNICORN_WORKERS + 2)]
        status, headers, body = answers[-1]
        if any(a[0] != 200 or a[2] != body or "Set-Cookie" in a[1] for a in answers):
            raise b.BenchError(f"GET {path} answered other than 200, the same bytes, no cookie.")
        if headers.get("Content-Type") != "application/pdf" and page == PDF_PAGE[0]:
            raise b.BenchError(f"GET {path} is not the stored PDF: {headers}")
        if not any(a[1].get("X-Page-Cache") == "hit" for a in answers):
            raise b.BenchError(f"GET {path} was never answered from the page cache: {headers}")
        bodies[page] = body
    return bodies


def measure_app(b, procs, tools, scale, url: str) -> tuple[list, dict[str, bytes], int, Any]:
    """Uncached and cached rows and the PDF's; gunicorn is left running for the front cache."""
    b.announce("guides: starting gunicorn+sqlite")
    proc, port = b.start_gunicorn(procs, tools, "sqlite-guides", url)
    bodies = fetch_bodies(b, port)
    rows = []
    for page, path in GUIDE_PAGES.items():
        rows.append(
            load(b, tools, scale, "uncached 1 conn", port, page, path, bodies[page],
                 connections=UNCACHED_CONNECTIONS, uncached=True)
        )  # fmt: skip
    for page, path in GUIDE_PAGES.items():
        rows.append(load(b, tools, scale, "gunicorn app cache", port, page, path, bodies[page]))
    rows.append(load(b, tools, scale, "gunicorn", port, *PDF_PAGE, bodies[PDF_PAGE[0]]))
    return rows, bodies, port, proc


def measure_nginx(b, procs, tools, scale, bodies, app_port: int) -> list:
    b.announce("guides: starting nginx (static copies, and the front cache)")
    proc, static_port, front_port = start_nginx(b, procs, tools, bodies, app_port)
    rows = []
    try:
        for page, path in {**GUIDE_PAGES, PDF_PAGE[0]: PDF_PAGE[1]}.items():
            rows.append(
                load(b, tools, scale, "nginx static", static_port, page, path, bodies[page])
            )
        for page, path in GUIDE_PAGES.items():
            rows.append(
                load(b, tools, scale, "nginx front cache", front_port, page, path, bodies[page])
            )
    finally:
        procs.stop(proc)
    return rows


def row(rows: list, target: str, page: str):
    return next(r for r in rows if r.target == target and r.page == page)


def clean(r) -> bool:
    return r.non_2xx == 0 and r.socket_errors == 0


def goals(rows: list, renders_before, renders_after) -> list[Goal]:
    """Each goal, from the rows of this run; a row with errors does not meet its goal."""
    found = []
    for page in GUIDE_PAGES:
        static = row(rows, "nginx static", page)
        uncached = row(rows, "uncached 1 conn", page)
        app = row(rows, "gunicorn app cache", page)
        front = row(rows, "nginx front cache", page)
        found += [
            Goal(
                f"{page}: uncached p50, one client at a time",
                f"{uncached.p50_ms:.1f} ms (p99 {uncached.p99_ms:.1f} ms, "
                f"{uncached.requests_per_s:.0f} req/s)",
                f"< {UNCACHED_P50_GOAL_MS:.0f} ms",
                clean(uncached) and uncached.p50_ms < UNCACHED_P50_GOAL_MS,
            ),
            Goal(
                f"{page}: application with its cache vs nginx static",
                f"{app.requests_per_s:.0f} / {static.requests_per_s:.0f} req/s = "
                f"{app.requests_per_s / static.requests_per_s:.3f}",
                f">= {APP_CACHE_GOAL}",
                clean(app) and app.requests_per_s >= APP_CACHE_GOAL * static.requests_per_s,
            ),
            Goal(
                f"{page}: nginx front cache vs nginx static",
                f"{front.requests_per_s:.0f} / {static.requests_per_s:.0f} req/s = "
                f"{front.requests_per_s / static.requests_per_s:.3f}",
                f">= {FRONT_CACHE_GOAL}",
                clean(front) and front.requests_per_s >= FRONT_CACHE_GOAL * static.requests_per_s,
            ),
        ]
    pdf = row(rows, "gunicorn", PDF_PAGE[0])
    found.append(
        Goal(
            "guide PDF served without rendering",
            f"renderings before {renders_before}, after {renders_after}; "
            f"{pdf.requests} answers, {pdf.non_2xx} not 2xx",
            "no rendering during the load, every answer the stored PDF",
            renders_before == renders_after and clean(pdf),
            note=f"{pdf.requests_per_s:.0f} req/s from gunicorn",
        )
    )
    return found


def run(b: Any, procs: Any, tools: Any, scale: Any, url: str) -> tuple[list, dict[str, Any]]:
    """Measure the guides on the seeded SQLite database ``url``; rows and the JSON section."""
    sqlite_path = Path(url.removeprefix("sqlite:///"))
    before = renders(sqlite_path)
    rows, bodies, port, gunicorn = measure_app(b, procs, tools, scale, url)
    try:
        rows += measure_nginx(b, procs, tools, scale, bodies, port)
    finally:
        procs.stop(gunicorn)
    after = renders(sqlite_path)
    found = goals(rows, before, after)
    section = {
        "pages": {**GUIDE_PAGES, PDF_PAGE[0]: PDF_PAGE[1]},
        "uncached": f"{UNCACHED_CONNECTIONS} connection, a cookie on every request",
        "front_cache": "docs/nginx-front-cache.conf: proxy_cache 1 s, lock, public answers only",
        "goals": [asdict(goal) for goal in found],
    }
    return rows, section


def print_goals(section: dict[str, Any] | None) -> None:
    if not section:
        return
    print("\nGuides: goals")
    for goal in section["goals"]:
        verdict = "met" if goal["met"] else "NOT met"
        note = f" ({goal['note']})" if goal["note"] else ""
        print(f"  {goal['name']}: {goal['measured']}, goal {goal['goal']}: {verdict}{note}")
