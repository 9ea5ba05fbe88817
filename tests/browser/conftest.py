"""Browser tests: Debian's Chromium, driven by Playwright, against a real server.

The server is gunicorn on a fresh demo database built with the same commands
as `make run`, with DEBUG off: a SQLite file in a temporary folder, or, when
the suite runs on PostgreSQL, a database of its own on the same server. Chromium is never
downloaded: the tests use the system's /usr/bin/chromium (or $CHROMIUM).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The demo server stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback only)
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"The demo server did not answer at {url} within {timeout} s")


@contextlib.contextmanager
def demo_database(folder: Path):
    """A database URL for the demo server, of the same kind as the one under test."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'db.sqlite3'}"
        return
    import psycopg

    name = f"boportal_browser_{os.getpid()}"
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> str:
    """The base URL of a demo site served by gunicorn, DEBUG off."""
    folder = tmp_path_factory.mktemp("demo-server")
    with demo_database(folder) as database_url:
        yield from serve_demo(folder, database_url)


def serve_demo(folder: Path, database_url: str):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "TASKS_BACKEND": "immediate",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [*manage, *command, "-v0"], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/healthz", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: run `scripts/system-deps.sh test` (make test does)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, demo_server):
    """A fresh browser tab that records every address the page asks for."""
    context = browser.new_context(base_url=demo_server, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requested_urls = []
    tab.on("request", lambda request: tab.requested_urls.append(request.url))
    yield tab
    context.close()
