"""Benchmark inventories: the current list, the status board and a 90-day dashboard.

What it measures
    A fresh PostgreSQL database (``boportal_bench_inventories``, or BENCH_INVENTORIES_DB)
    gets a municipality with three districts of 100, 150 and 250 providers (500 units),
    the demo's daily vacancy inventory (the questions of ``cms.demo_inventories``)
    expecting all 500, and one coordinator per scope: ``bench-100`` (district 1),
    ``bench-250`` (districts 1 and 2) and ``bench-500`` (the municipality). Then daily
    reports of every unit for 3 years (1,096 days, about 550,000 reports; one year at
    BENCH_SCALE=quick), about 4 % of the unit-days missing and 10 % late, each with its
    submission, its typed answers (about 9 rows: kind, places, vacant, each target
    group, vacant from, contact, phone) and its changes (5 % of reports updated later
    the same day): made in the database by INSERT ... SELECT over the periods and
    units, one transaction per 90 days, with the primary keys drawn from the tables'
    sequences beforehand so that the rows refer to each other without a round trip.

    Then, in a process of its own with production settings, each scope's user asks
    for each target RUNS times (after WARMUP untimed runs), and the bench reports p50
    and p95 in milliseconds, with the number of queries of one run:

    * current list, first page, and the same list filtered (women, at least one vacant);
    * status board (the open period and the ones before it);
    * the 90-day dashboard (totals and time series of the number and choice questions).

    Each is measured through its view with the Django test client (``how`` in the
    results names the request). The goal (issue 5): p95 under 200 ms with 500 units,
    and growing with the number of units, not of reports: the ratio of the 500-unit
    p95 to the 100-unit p95 should stay at or below 5.

Run it with ``make bench`` (after the other parts), alone with
``BENCH_ONLY=inventories make bench``, or ``.venv/bin/python scripts/bench_inventories.py``
(prints the table and the JSON).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import psycopg
from bench_export import LOG_DIR, PYTHON, ROOT, django_env, manage, recreate_database
from psycopg import sql

DAYS = {"quick": 365, "full": 1096}
RUNS = {"quick": 20, "full": 60}
WARMUP = 3
BATCH_DAYS = 90
DISTRICTS = (100, 150, 250)
SCOPES = (100, 250, 500)
GOAL_MS = 200
GOAL_GROWTH = 5.0
MEASURE_TIMEOUT_S = 1800

# Made with dev settings in the fresh database. Units are inserted in bulk with their
# materialised paths (treebeard's add_child, one at a time, would take a minute).
SETUP = """\
import datetime, json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import Site
from cms.demo_inventories import QUESTIONS, _field
from forms_ext.inventories.periods import recent_periods
from forms_ext.models import InventoryPage, OrganisationUnit, SurveyVersion, UnitRole

root = OrganisationUnit.add_root(name="Benchvik", code="benchvik", kind="municipality")
districts = [
    root.add_child(name=f"Benchvik {n}", code=f"benchvik-{n}", kind="district")
    for n in range(1, len(DISTRICTS) + 1)
]
units = []
for district, size in zip(districts, DISTRICTS):
    units += [
        OrganisationUnit(
            name=f"{district.name} tilbud {n:03d}", code=f"{district.code}-{n:03d}",
            kind="provider", depth=3, numchild=0,
            path=OrganisationUnit._get_path(district.path, 3, n),
        )
        for n in range(1, size + 1)
    ]
    OrganisationUnit.objects.filter(pk=district.pk).update(numchild=size)
OrganisationUnit.objects.bulk_create(units, batch_size=1000)
users = {}
for scope, chosen in zip(SCOPES, ([districts[0]], districts[:2], [root])):
    user = get_user_model().objects.create_user(f"bench-{scope}", password=None, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for unit in chosen:
        UnitRole.objects.create(user=user, unit=unit, role="coordinator")
    users[scope] = user.pk
page = InventoryPage(
    title="Ledige plasser", slug="vacancies", owner_unit=root, frequency="daily",
    opens_at=datetime.time(0, 0), due_at=datetime.time(10, 0), closes_at=datetime.time(23, 59),
)
Site.objects.get(is_default_site=True).root_page.add_child(instance=page)
page.form_fields = [_field(order, *question) for order, question in enumerate(QUESTIONS)]
page.expected_units = list(OrganisationUnit.objects.filter(kind="provider"))
page.save_revision().publish()
started = time.monotonic()
periods = recent_periods(page, DAYS, timezone.now())
version = SurveyVersion.objects.get(survey_key=page.translation_key)
print("BENCH-SETUP " + json.dumps({
    "page_id": page.pk, "url": page.url, "survey_key": str(page.translation_key),
    "version_id": version.pk, "users": users, "periods": len(periods),
    "periods_s": round(time.monotonic() - started, 2),
}))
"""

# One batch of reports: the unit-days of the periods between %(first)s and %(last)s
# (local dates), each drawn with its row ids, then the rows of five tables from it.
DRAW = """\
CREATE TEMP TABLE draw ON COMMIT DROP AS
SELECT nextval(pg_get_serial_sequence('forms_ext_surveysubmission', 'id')) AS sid,
       nextval(pg_get_serial_sequence('forms_ext_inventoryreport', 'id')) AS rid,
       x.*,
       jsonb_strip_nulls(jsonb_build_object(
           'kind', x.kind, 'places', x.places::text, 'vacant', x.vacant::text,
           'target_groups', x.groups,
           'vacant_from', to_char(x.vacant_from, 'YYYY-MM-DD'),
           'contact', x.contact, 'phone', x.phone)) AS data
FROM (
    SELECT p.id AS period_id, p.starts_at, p.due_at, u.id AS unit_id, h,
           CASE WHEN h %% 100 < 10 THEN p.due_at + make_interval(mins => 5 + h %% 300)
                ELSE p.due_at - make_interval(mins => 5 + h %% 200) END AS reported_at,
           h %% 100 < 10 AS late, h %% 100 >= 95 AS updated,
           (ARRAY['bed', 'room', 'flat'])[1 + u.n %% 3] AS kind,
           5 + u.n %% 20 AS places,
           (u.n * 7 + d / 3 + h %% 3) %% (6 + u.n %% 20) AS vacant,
           CASE WHEN (u.n * 7 + d / 3 + h %% 3) %% (6 + u.n %% 20) = 0
                THEN p.first_day + (1 + u.n %% 10)::int END AS vacant_from,
           (ARRAY['["men", "women"]', '["women"]', '["families", "couples"]', '["youth"]',
                  '["men", "women", "pets", "wheelchair"]']::jsonb[])[1 + u.n %% 5] AS groups,
           'Kontakt ' || u.n AS contact, '4' || lpad((u.n %% 100)::text, 2, '0') || ' 00 '
               || lpad(u.n::text, 3, '0') AS phone
    FROM forms_ext_reportingperiod p
    CROSS JOIN (SELECT id, row_number() OVER (ORDER BY path) AS n
                FROM forms_ext_organisationunit WHERE kind = 'provider') u
    CROSS JOIN LATERAL (SELECT p.first_day - date '2000-01-01' AS d) dd
    CROSS JOIN LATERAL (SELECT abs(hashint8(u.id * 100000 + dd.d)) %% 100000 AS h) hh
    WHERE p.inventory_key = %(key)s AND p.first_day BETWEEN %(first)s AND %(last)s
) x
WHERE x.h %% 1000 >= 40 AND x.reported_at < now()
"""
SUBMISSIONS = """\
INSERT INTO forms_ext_surveysubmission
    (id, form_data, submit_time, page_id, unit_id, survey_key, version_id, token, language,
     channel, recorded_by_id)
SELECT sid, data, reported_at, %(page_id)s, unit_id, %(key)s, %(version_id)s,
       gen_random_uuid(), 'nb', 'reporter', %(user_id)s
FROM draw
"""
ANSWERS = """\
INSERT INTO forms_ext_answer (submission_id, survey_key, key, part, code, text, number, date)
SELECT sid, %(key)s::uuid, 'kind', '', kind, NULL::text, NULL::numeric, NULL::date FROM draw
UNION ALL SELECT sid, %(key)s, 'places', '', NULL, NULL, places, NULL FROM draw
UNION ALL SELECT sid, %(key)s, 'vacant', '', NULL, NULL, vacant, NULL FROM draw
UNION ALL SELECT sid, %(key)s, 'target_groups', g, g, NULL, NULL, NULL
          FROM draw, jsonb_array_elements_text(groups) AS g
UNION ALL SELECT sid, %(key)s, 'vacant_from', '', NULL, NULL, NULL, vacant_from
          FROM draw WHERE vacant_from IS NOT NULL
UNION ALL SELECT sid, %(key)s, 'contact', '', NULL, contact, NULL, NULL FROM draw
UNION ALL SELECT sid, %(key)s, 'phone', '', NULL, phone, NULL, NULL FROM draw
"""
REPORTS = """\
INSERT INTO forms_ext_inventoryreport
    (id, inventory_key, period_starts_at, first_reported_at, updated_at, late, submission_id,
     unit_id, updated_by_id, period_id)
SELECT rid, %(key)s, starts_at, reported_at,
       CASE WHEN updated THEN reported_at + interval '3 hours' ELSE reported_at END,
       late, sid, unit_id, %(user_id)s, period_id
FROM draw
"""
CHANGES = """\
INSERT INTO forms_ext_reportchange
    (inventory_key, changed_at, kind, data, changed_keys, changed_by_id, report_id, unit_id)
SELECT %(key)s::uuid, reported_at, 'reported', data, '["vacant"]'::jsonb, %(user_id)s, rid, unit_id
FROM draw
UNION ALL
SELECT %(key)s::uuid, reported_at + interval '3 hours', 'updated', data,
       '["vacant"]'::jsonb, %(user_id)s, rid, unit_id
FROM draw WHERE updated
"""
TABLES = (
    "surveysubmission",
    "answer",
    "inventoryreport",
    "reportchange",
    "reportingperiod",
    "inventorytotal",
)


def set_up(url: str, days: int) -> dict[str, Any]:
    """Migrate the fresh database; add the units, users, inventory and its periods."""
    env = django_env("cms.settings.dev", url)
    log = LOG_DIR / "inventories-setup.log"
    manage(["migrate", "--noinput", "-v0"], env, log)
    script = f"import time\nDISTRICTS = {DISTRICTS!r}\nSCOPES = {SCOPES!r}\nDAYS = {days}\n"
    out = manage(["shell", "-c", script + SETUP], env, log)
    line = next(line for line in out.splitlines() if line.startswith("BENCH-SETUP "))
    return json.loads(line.removeprefix("BENCH-SETUP "))


def fill(url: str, setup: dict[str, Any]) -> dict[str, Any]:
    """Make every report of the periods, 90 days per transaction; counts and seconds."""
    started = time.monotonic()
    params = {
        "key": setup["survey_key"],
        "page_id": setup["page_id"],
        "version_id": setup["version_id"],
        "user_id": setup["users"][str(SCOPES[-1])],
    }
    with psycopg.connect(url, autocommit=True) as conn:
        first, last = conn.execute(
            "SELECT min(first_day), max(first_day) FROM forms_ext_reportingperiod"
        ).fetchone()
        day = first
        while day <= last:
            until = min(last, day.fromordinal(day.toordinal() + BATCH_DAYS - 1))
            with conn.transaction():
                conn.execute(DRAW, {**params, "first": day, "last": until})
                for statement in (SUBMISSIONS, ANSWERS, REPORTS, CHANGES):
                    conn.execute(statement, params)
            print(f"   reports up to {until}", end="\r", flush=True)
            day = until.fromordinal(until.toordinal() + 1)
    print()
    # The dashboards' summary, which the INSERTs above do not keep.
    manage(
        ["rebuild_inventory_totals"],
        django_env("cms.settings.dev", url),
        LOG_DIR / "inventories-setup.log",
    )
    fill_s = time.monotonic() - started
    counts = {}
    with psycopg.connect(url, autocommit=True) as conn:
        for table in TABLES:
            name = sql.Identifier(f"forms_ext_{table}")
            conn.execute(sql.SQL("VACUUM ANALYZE {}").format(name))
            counts[table] = conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(name)
            ).fetchone()[0]
    return {
        "counts": counts,
        "fill_s": round(fill_s, 1),
        "analyze_s": round(time.monotonic() - started - fill_s, 1),
    }


def measure_in_subprocess(url: str, setup: dict[str, Any], runs: int) -> dict[str, Any]:
    """Time the targets in a fresh process with production settings; what it printed."""
    env = django_env("cms.settings.production", url)
    env["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    done = subprocess.run(
        [PYTHON, __file__, "--measure", json.dumps({**setup, "runs": runs})],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=MEASURE_TIMEOUT_S,
        check=False,
    )  # fmt: skip
    (LOG_DIR / "inventories-measure.log").write_text(done.stdout + done.stderr)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH-INVENTORIES ")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"measuring inventories failed (exit {done.returncode}): see {LOG_DIR}")
    return json.loads(line.removeprefix("BENCH-INVENTORIES "))


def verdict(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target's goals: p95 under GOAL_MS at 500 units; p95(500) / p95(100) <= 5."""
    by_target: dict[str, dict[int, dict]] = {}
    for row in results:
        by_target.setdefault(row["target"], {})[row["units"]] = row
    goals = []
    for target, rows in by_target.items():
        small, large = rows.get(SCOPES[0]), rows.get(SCOPES[-1])
        if not small or not large:
            continue
        growth = large["p95_ms"] / small["p95_ms"] if small["p95_ms"] else 0.0
        goals.append(
            {
                "target": target,
                "p95_ms_500": large["p95_ms"],
                "growth_500_vs_100": round(growth, 2),
                "goal_met": large["p95_ms"] < GOAL_MS and growth <= GOAL_GROWTH,
            }
        )
    return goals


def run(scale: str) -> dict[str, Any]:
    """Build the database, fill it and measure; the section of results.json."""
    days, runs = DAYS[scale], RUNS[scale]
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    name = os.environ.get("BENCH_INVENTORIES_DB", "boportal_bench_inventories")
    units = sum(DISTRICTS)
    print(f"== inventories: {units} units x {days} days in PostgreSQL database {name}", flush=True)
    url = recreate_database(name)
    started = time.monotonic()
    setup = set_up(url, days)
    setup_s = time.monotonic() - started
    made = fill(url, setup)
    print(
        f"   {made['counts']['inventoryreport']:,} reports, {made['counts']['answer']:,} "
        f"answers, {made['counts']['reportchange']:,} changes in {made['fill_s']} s "
        f"(+ {made['analyze_s']} s VACUUM ANALYZE)",
        flush=True,
    )
    # The views render pages whose static files production settings look up in a manifest.
    env = django_env("cms.settings.production", url)
    manage(["collectstatic", "--noinput", "-v0"], env, LOG_DIR / "inventories-setup.log")
    print(f"   measuring ({runs} runs per target and scope)...", flush=True)
    measured = measure_in_subprocess(url, setup, runs)
    return {
        "database": "postgresql",
        "units": units,
        "days": days,
        "setup_s": round(setup_s, 1),
        **made,
        "runs": runs,
        "warmup": WARMUP,
        "goal_p95_ms": GOAL_MS,
        "goal_growth": GOAL_GROWTH,
        "results": measured["results"],
        "goals": verdict(measured["results"]),
    }


def print_table(section: dict[str, Any]) -> None:
    print(
        f"\nInventories: {section['counts']['inventoryreport']:,} reports of {section['units']} "
        f"units over {section['days']} days (PostgreSQL), made in {section['fill_s']} s; "
        f"{section['runs']} runs per row"
    )
    head = ("target", "units", "p50 ms", "p95 ms", "queries", "size", "how")
    print(f"{head[0]:<24}{head[1]:>6}{head[2]:>9}{head[3]:>9}{head[4]:>8}{head[5]:>9}  {head[6]}")
    for r in section["results"]:
        print(
            f"{r['target']:<24}{r['units']:>6}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}"
            f"{r['queries']:>8}{r['size']:>9}  {r['how']}"
        )
    print("size: bytes of the page; queries: of one run.")
    for g in section["goals"]:
        met = "met" if g["goal_met"] else "NOT met"
        print(
            f"Goal {g['target']}: p95 at 500 units {g['p95_ms_500']:.1f} ms (< {GOAL_MS}), "
            f"500 vs 100 units x{g['growth_500_vs_100']} (<= {GOAL_GROWTH}): {met}"
        )


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        sys.path.insert(0, str(ROOT))
        import bench_inventories_measure

        bench_inventories_measure.measure(json.loads(sys.argv[2]))
        return
    section = run(os.environ.get("BENCH_SCALE", "full"))
    print_table(section)
    print(json.dumps(section, indent=2))


if __name__ == "__main__":
    main()
