"""The measuring half of scripts/bench_inventories.py: runs in a process of its own.

Each target is measured through its view with Django's test client (the whole
request: middleware, session, permission checks, queries, template) when the
view's address resolves and answers 200; otherwise through the function the view
calls, and the result says which (``how``). A target with neither is skipped with
the reason. Each scope's user (a coordinator of 100, 250 or 500 units) is logged
in with ``force_login``; one run counts the queries, then WARMUP untimed runs and
RUNS timed ones give p50 and p95.
"""

from __future__ import annotations

import datetime
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

WARMUP = 3
FILTER = "target_groups=women&vacant=1"


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile of ``samples`` (milliseconds)."""
    ordered = sorted(samples)
    rank = max(1, round(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def timed(run: Callable[[], int], runs: int) -> dict[str, Any]:
    """Query count of one run, then p50/p95 of ``runs`` timed runs after WARMUP."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Not CaptureQueriesContext: a request through the test client resets its log.
    with connection.execute_wrapper(count):
        size = run()
    for _n in range(WARMUP):
        run()
    samples = []
    for _n in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        "queries": len(queries),
        "size": size,
    }


def view_run(client, url: str) -> Callable[[], int] | None:
    """A run that GETs ``url`` and returns the body's size; None unless it answers 200."""

    def run() -> int:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return len(response.content)

    try:
        return run if run() else None
    except RuntimeError:
        return None


def admin_url(name: str, page_id: int, query: str = "") -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=[page_id]) + query
    except NoReverseMatch:
        return None


def function_runs(page, user) -> dict[str, tuple[str, Callable[[], int]]]:
    """What the views call, for the targets whose view cannot be used."""
    from django.utils import timezone

    from forms_ext.inventories.periods import local_date
    from forms_ext.inventories.queries import latest_reports
    from forms_ext.inventories.reports import expected_units
    from forms_ext.permissions import SEE_ANSWERS, units_for

    units = expected_units(page).filter(pk__in=units_for(user, SEE_ANSWERS).values("pk"))
    runs: dict[str, tuple[str, Callable[[], int]]] = {
        "current list": (
            "function: latest_reports() of the user's units, every row",
            lambda: len(list(latest_reports(page, units))),
        )
    }
    try:
        from forms_ext.inventories.status import status_board

        runs["status board"] = (
            "function: status_board() of the user's units",
            lambda: sum(len(group.rows) for group in status_board(page, units).groups),
        )
    except ImportError:
        pass
    try:
        from forms_ext.inventories.tables import build_dashboard

        def dashboard() -> int:
            last = local_date(timezone.now())
            first = last - datetime.timedelta(days=89)
            build_dashboard(page, units_for(user, SEE_ANSWERS), first, last)
            return 1

        runs["dashboard, 90 days"] = ("function: build_dashboard() of 90 days", dashboard)
    except ImportError:
        pass
    return runs


def targets(client, page, user) -> tuple[dict[str, tuple[str, Callable[[], int]]], dict]:
    """Each target's way of being measured for ``user``, and the targets skipped (why)."""
    current = f"{page.url}current/"
    views = {
        "current list": (current, "view: GET <inventory>/current/, first page"),
        "current list, filtered": (
            f"{current}?{FILTER}",
            f"view: GET <inventory>/current/?{FILTER}",
        ),
        "status board": (
            admin_url("forms_ext_inventory_status", page.pk),
            "view: GET admin status board",
        ),
        "dashboard, 90 days": (
            admin_url("forms_ext_dashboard", page.pk, "?range=90"),
            "view: GET admin dashboard ?range=90",
        ),
    }
    functions = function_runs(page, user)
    chosen, skipped = {}, {}
    for name, (url, how) in views.items():
        run = view_run(client, url) if url else None
        if run is not None:
            chosen[name] = (how, run)
        elif name in functions:
            chosen[name] = functions[name]
        else:
            skipped[name] = "no view answered 200 and no function to call"
    return chosen, skipped


def measure(setup: dict[str, Any]) -> None:
    """Measure every target for every scope; print one JSON line."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from forms_ext.models import InventoryPage

    page = InventoryPage.objects.get(pk=setup["page_id"])
    results, skipped = [], {}
    for scope, user_id in setup["users"].items():
        user = get_user_model().objects.get(pk=user_id)
        client = Client()
        client.force_login(user)
        chosen, missing = targets(client, page, user)
        skipped.update(missing)
        for name, (how, run) in chosen.items():
            figures = timed(run, setup["runs"])
            results.append({"target": name, "units": int(scope), "how": how, **figures})
            print(f"   {name:<26}{scope:>5} units: p95 {figures['p95_ms']} ms", flush=True)
    print("BENCH-INVENTORIES " + json.dumps({"results": results, "skipped": skipped}), flush=True)
