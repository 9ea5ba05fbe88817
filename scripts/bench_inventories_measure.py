"""The measuring half of scripts/bench_inventories.py: runs in a process of its own.

Each target is measured through its view with Django's test client (the whole
request: middleware, session, permission checks, queries, template); a view
that does not answer 200 stops the bench. Each scope's user (a coordinator of
100, 250 or 500 units) is logged in with ``force_login``; one run counts the
queries, then WARMUP untimed runs and RUNS timed ones give p50 and p95.
"""

from __future__ import annotations

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


def view_run(client, url: str) -> Callable[[], int]:
    """A run that GETs ``url`` and returns the body's size; it raises unless it answers 200."""

    def run() -> int:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return len(response.content)

    return run


def targets(client, page) -> dict[str, tuple[str, Callable[[], int]]]:
    """Each target's view, with how it is measured."""
    from django.urls import reverse

    current = f"{page.url}current/"
    views = {
        "current list": (current, "view: GET <inventory>/current/, first page"),
        "current list, filtered": (
            f"{current}?{FILTER}",
            f"view: GET <inventory>/current/?{FILTER}",
        ),
        "status board": (
            reverse("forms_ext_inventory_status", args=[page.pk]),
            "view: GET admin status board",
        ),
        "dashboard, 90 days": (
            reverse("forms_ext_dashboard", args=[page.pk]) + "?range=90",
            "view: GET admin dashboard ?range=90",
        ),
    }
    return {name: (how, view_run(client, url)) for name, (url, how) in views.items()}


def measure(setup: dict[str, Any]) -> None:
    """Measure every target for every scope; print one JSON line."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from forms_ext.models import InventoryPage

    page = InventoryPage.objects.get(pk=setup["page_id"])
    results = []
    for scope, user_id in setup["users"].items():
        client = Client()
        client.force_login(get_user_model().objects.get(pk=user_id))
        for name, (how, run) in targets(client, page).items():
            figures = timed(run, setup["runs"])
            results.append({"target": name, "units": int(scope), "how": how, **figures})
            print(f"   {name:<26}{scope:>5} units: p95 {figures['p95_ms']} ms", flush=True)
    print("BENCH-INVENTORIES " + json.dumps({"results": results}), flush=True)
