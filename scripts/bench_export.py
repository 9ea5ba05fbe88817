"""Benchmark the export of a million submissions: CSV, JSON and XLSX, speed and peak memory.

What it measures
    A fresh PostgreSQL database (``boportal_bench_export``, or BENCH_EXPORT_DB) gets a
    published survey of 17 questions (dates, text, single and multiple choices with an
    "other" text, yes/no, a 1-6 scale, numbers with decimals, a matrix of four
    statements, a postcode, free-text notes): 33 export columns. Then
    1,000,000 submissions (100,000 at BENCH_SCALE=quick) of varied answers spread
    over three districts are made by one INSERT ... SELECT over generate_series per
    100,000 rows, in the database (their typed Answer rows are left out: the export
    reads the submissions' JSON copy).

    Each format is then exported in a subprocess of its own, the way a large export
    runs in production: as the district coordinator of the whole municipality (so
    the rows pass through ``submissions_for``), through ``start_export`` with the
    immediate task backend, the task writing the file into private storage. For each:

    * rows/s: rows / seconds of ``write_export`` (the query, the cells, the writer);
    * rows/cpu-s: rows / CPU seconds the exporting process spent in ``write_export``,
      a figure that other load on the machine inflates less than the wall clock's;
    * job rows/s: rows / seconds of the whole job (count, write, save into storage);
    * peak MB: the subprocess's peak resident memory (``ru_maxrss``), Django included;
      "base MB" is its resident memory before the export, after Django has started;
    * file MB: the size of the file the user downloads.

    Goals (issue 4): peak memory < 250 MB, CSV >= 25,000 rows/s, XLSX >= 7,000 rows/s
    (JSON has no goal of its own). The XLSX file is checked afterwards (its archive
    reads back, its sheet is complete); the tests check what its cells hold.

Run it with ``make bench`` (after the page loads) or alone with
``BENCH_ONLY=exports make bench`` / ``.venv/bin/python scripts/bench.py``. Alone,
``.venv/bin/python scripts/bench_export.py`` prints the table and the JSON.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
LOG_DIR = BENCH_DIR / "logs"
UPLOADS = BENCH_DIR / "export-uploads"
PYTHON = sys.executable

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
ROWS = {"quick": 100_000, "full": 1_000_000}
BATCH = 100_000
FORMATS = ("csv", "json", "xlsx")
GOALS = {"peak_mb": 250, "csv": 25_000, "xlsx": 7_000}
SLUG = "bench-export"
MEASURE_TIMEOUT_S = 1800


def _options(*pairs: str) -> str:
    return "\n".join(pairs)


# The bench survey's questions: key, field type, more of the field.
QUESTIONS = [
    ("visit_date", "date", {}),
    ("interviewer", "singleline", {}),
    (
        "reached",
        "radio",
        {"choices": _options("yes | Yes", "no_answer | No answer", "refused | No")},
    ),
    (
        "language",
        "dropdown",
        {
            "choices": _options(
                "nb | Norsk", "en | English", "ar | Arabic", "so | Somali", "pl | Polski"
            )
        },
    ),
    ("got_guide", "yesno", {}),
    ("opened_guide", "yesno", {}),
    ("useful", "scale", {"min_value": 1, "max_value": 6}),
    (
        "topics",
        "checkboxes",
        {
            "choices": _options(
                "rent | Renting",
                "loan | Start loan",
                "allowance | Housing allowance",
                "grant | Grant",
                "follow_up | Follow-up",
            ),
            "allow_other": True,
        },
    ),
    (
        "goal",
        "radio",
        {"choices": _options("rent | Rent", "buy | Buy", "stay | Stay", "unsure | ?")},
    ),
    ("household", "number", {"min_value": 1, "max_value": 15}),
    ("income", "number", {"decimal_places": 2}),
    ("rent", "number", {}),
    (
        "service",
        "matrix",
        {
            "statements": _options(
                "speed | Speed",
                "kindness | Kindness",
                "information | Information",
                "safety | Safety",
            ),
            "min_value": 1,
            "max_value": 6,
        },
    ),
    ("next_meeting", "date", {"required": False}),
    (
        "needs",
        "multiselect",
        {"choices": _options("money | Money", "work | Work", "health | Health")},
    ),
    ("postcode", "postcode_no", {}),
    ("notes", "multiline", {"required": False}),
]

# Made with dev settings in the fresh database: three districts under a municipality, a
# coordinator of the whole municipality, and the survey, published (which records version 1).
SETUP = """\
import json
from django.contrib.auth import get_user_model
from wagtail.models import Site
from forms_ext.models import OrganisationUnit, SurveyField, SurveyPage, SurveyVersion, UnitRole

root = OrganisationUnit.add_root(name="Benchvik", code="benchvik", kind="municipality")
districts = [
    root.add_child(name=f"Benchvik {name}", code=f"benchvik-{name}", kind="district")
    for name in ("nord", "sentrum", "sor")
]
user = get_user_model().objects.create_user("bench-coordinator", password=None, is_staff=True)
UnitRole.objects.create(user=user, unit=root, role="coordinator")
page = SurveyPage(title="Bench export", slug=SLUG, owner_unit=root)
Site.objects.get(is_default_site=True).root_page.add_child(instance=page)
page.form_fields = [
    SurveyField(sort_order=n, label=key.replace("_", " ").capitalize(), clean_name=key,
                field_type=kind, required=more.pop("required", True), **more)
    for n, (key, kind, more) in enumerate(QUESTIONS)
]
page.save_revision().publish()
version = SurveyVersion.objects.get(survey_key=page.translation_key)
print("BENCH-SETUP " + json.dumps({
    "page_id": page.pk, "survey_key": str(page.translation_key), "version_id": version.pk,
    "unit_ids": [unit.pk for unit in districts],
    "keys": [field["key"] for field in version.fields],
}))
"""

# One batch of submissions, made in the database. %(...)s are psycopg parameters.
FILL = """\
INSERT INTO forms_ext_surveysubmission
    (form_data, submit_time, page_id, unit_id, survey_key, version_id, token, language, channel)
SELECT jsonb_strip_nulls(jsonb_build_object(
    'visit_date', to_char(date '2026-01-01' + (g %% 300), 'YYYY-MM-DD'),
    'interviewer', (ARRAY['Kari Nordmann', 'Ola Hansen', 'Aisha Ali', 'Per Olsen',
        'Lars Berg', 'Fatima Yusuf'])[1 + g %% 6],
    'reached', (ARRAY['yes', 'yes', 'yes', 'no_answer', 'refused'])[1 + (g / 7) %% 5],
    'language', (ARRAY['nb', 'nb', 'en', 'ar', 'so', 'pl'])[1 + (g / 3) %% 6],
    'got_guide', CASE WHEN g %% 4 = 0 THEN 'no' ELSE 'yes' END,
    'opened_guide', CASE WHEN g %% 5 < 3 THEN 'yes' ELSE 'no' END,
    'useful', 1 + (g * 7) %% 6,
    'topics', CASE WHEN g %% 10 = 0
        THEN jsonb_build_object('choice', jsonb_build_array('rent', 'other'),
                                'other', 'Hjelp fra familie nr. ' || g %% 97)
        ELSE (ARRAY['["rent", "loan"]', '["allowance", "grant"]',
                    '["loan", "follow_up"]']::jsonb[])[1 + g %% 3]
        END,
    'goal', (ARRAY['rent', 'buy', 'stay', 'unsure'])[1 + (g / 11) %% 4],
    'household', (1 + g %% 8)::text,
    'income', to_char(8000 + (g * 37) %% 60000 + (g %% 100) / 100.0, 'FM999990.00'),
    'rent', (4000 + (g * 13) %% 11000)::text,
    'service', jsonb_build_object('speed', 1 + g %% 6, 'kindness', 1 + (g / 2) %% 6,
                                  'information', 1 + (g / 5) %% 6, 'safety', 1 + (g / 13) %% 6),
    'next_meeting', CASE WHEN g %% 3 = 0 THEN NULL
        ELSE to_char(date '2026-02-01' + (g %% 200), 'YYYY-MM-DD') END,
    'needs', to_jsonb((ARRAY['money', 'work', 'health'])[1:1 + g %% 3]),
    'postcode', lpad(((g * 31) %% 9999)::text, 4, '0'),
    'notes', CASE WHEN g %% 4 = 0 THEN NULL
        ELSE left('Snakket med husstanden om veien videre; avtalt ny samtale. ' ||
                  'Leietaker ønsker å se på startlån og bostøtte. =SUM(A1) ' ||
                  md5(g::text), 20 + (g * 17) %% 140) END
)),
    now() - make_interval(secs => g),
    %(page_id)s, (%(unit_ids)s::int[])[1 + g %% 3], %(survey_key)s, %(version_id)s,
    gen_random_uuid(), 'nb', 'interview'
FROM generate_series(%(first)s, %(last)s) AS g
"""


def django_env(settings: str, database_url: str) -> dict[str, str]:
    """The environment of a manage.py or measuring subprocess: nothing of the caller's project."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FORMS_EXT_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=database_url,
        TASKS_BACKEND="immediate",
        PRIVATE_UPLOADS_ROOT=str(UPLOADS),
        MEDIA_ROOT=str(BENCH_DIR / "media"),
        STATIC_ROOT=str(BENCH_DIR / "static"),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="consolemail://",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        FORMS_EXT_IDENTITY_HASH_KEY=secrets.token_urlsafe(40),
        SECURE_SSL_REDIRECT="false",
    )
    env.pop("REDIS_URL", None)
    return env


def recreate_database(name: str) -> str:
    """Drop and create the bench database; return its URL."""
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def manage(args: list[str], env: dict[str, str], log: Path) -> str:
    """Run manage.py; its output (also appended to ``log``), or an error naming the log."""
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600, check=False,
    )  # fmt: skip
    with log.open("a") as out:
        out.write(done.stdout + done.stderr)
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed (exit {done.returncode}): see {log}")
    return done.stdout


def set_up(url: str) -> dict[str, Any]:
    """Migrate the fresh database and add the units, the coordinator and the survey."""
    env = django_env("cms.settings.dev", url)
    log = LOG_DIR / "export-setup.log"
    manage(["migrate", "--noinput", "-v0"], env, log)
    script = f"SLUG = {SLUG!r}\nQUESTIONS = {QUESTIONS!r}\n{SETUP}"
    out = manage(["shell", "-c", script], env, log)
    line = next(line for line in out.splitlines() if line.startswith("BENCH-SETUP "))
    return json.loads(line.removeprefix("BENCH-SETUP "))


def fill(url: str, survey: dict[str, Any], rows: int) -> float:
    """Make ``rows`` submissions in batches, in the database; return the seconds it took."""
    started = time.monotonic()
    params = {key: survey[key] for key in ("page_id", "unit_ids", "survey_key", "version_id")}
    with psycopg.connect(url, autocommit=True) as conn:
        for first in range(1, rows + 1, BATCH):
            conn.execute(FILL, {**params, "first": first, "last": min(first + BATCH - 1, rows)})
            print(f"   {min(first + BATCH - 1, rows):>9,} submissions", end="\r", flush=True)
        conn.execute("VACUUM ANALYZE forms_ext_surveysubmission")
    print()
    return time.monotonic() - started


def measure_in_subprocess(fmt: str, url: str) -> dict[str, Any]:
    """Export ``fmt`` in a fresh Python process and read what it measured."""
    env = django_env("cms.settings.production", url)
    done = subprocess.run(
        [PYTHON, __file__, "--measure", fmt], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=MEASURE_TIMEOUT_S, check=False,
    )  # fmt: skip
    (LOG_DIR / f"export-{fmt}.log").write_text(done.stdout + done.stderr)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH-EXPORT ")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"export {fmt} failed (exit {done.returncode}): see {LOG_DIR}")
    return json.loads(line.removeprefix("BENCH-EXPORT "))


def verdict(result: dict[str, Any]) -> dict[str, Any]:
    """The result with its goals and whether they are met."""
    goal = GOALS.get(result["format"])
    result["goal_rows_per_s"] = goal
    result["goal_peak_mb"] = GOALS["peak_mb"]
    fast_enough = goal is None or result["rows_per_s"] >= goal
    result["goal_met"] = fast_enough and result["peak_rss_mb"] < GOALS["peak_mb"]
    return result


def run(scale: str) -> dict[str, Any]:
    """Build the database and export each format; the section of results.json."""
    rows = ROWS[scale]
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    name = os.environ.get("BENCH_EXPORT_DB", "boportal_bench_export")
    print(f"== exports: {rows:,} submissions in PostgreSQL database {name}", flush=True)
    url = recreate_database(name)
    survey = set_up(url)
    fill_s = fill(url, survey, rows)
    print(f"   made in {fill_s:.1f} s", flush=True)
    results = []
    for fmt in FORMATS:
        print(f"   exporting {fmt}...", flush=True)
        results.append(verdict(measure_in_subprocess(fmt, url)))
    return {
        "database": "postgresql",
        "rows": rows,
        "questions": len(survey["keys"]),
        "fill_s": round(fill_s, 1),
        "goals": GOALS,
        "formats": results,
    }


def print_table(section: dict[str, Any]) -> None:
    print(
        f"\nExport of {section['rows']:,} submissions ({section['questions']} questions, "
        f"{section['formats'][0]['columns']} columns) from PostgreSQL, one process each"
    )
    head = ("format", "rows/s", "rows/cpu-s", "job rows/s", "peak MB", "base MB", "file MB", "goal")
    print(f"{head[0]:<8}" + "".join(f"{h:>11}" for h in head[1:]))
    for r in section["formats"]:
        goal = f">={r['goal_rows_per_s']:,}" if r["goal_rows_per_s"] else "-"
        met = "met" if r["goal_met"] else "NOT met"
        print(
            f"{r['format']:<8}{r['rows_per_s']:>11,.0f}{r['rows_per_cpu_s']:>11,.0f}"
            f"{r['job_rows_per_s']:>11,.0f}{r['peak_rss_mb']:>11.0f}{r['baseline_rss_mb']:>11.0f}"
            f"{r['file_mb']:>11.1f}{goal:>11} {met}"
        )
    loads = ", ".join(f"{r['loadavg_at_start']:.1f}" for r in section["formats"])
    print(
        f"Goals: peak memory < {GOALS['peak_mb']} MB, rows/s as above. rows/cpu-s: rows per "
        f"second of the exporting process's own CPU time. Load average before each: {loads} "
        f"on {len(os.sched_getaffinity(0))} CPUs (above 1, other work shares the CPUs)."
    )


# The measuring subprocess ---------------------------------------------------------------


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cpu_seconds() -> float:
    """CPU time of this process so far (user and system): what other load does not inflate."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def check_xlsx(path: str) -> None:
    """The archive reads back whole and the sheet ends as a sheet ends."""
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            raise RuntimeError("The XLSX archive is damaged.")
        with archive.open("xl/worksheets/sheet1.xml") as sheet:
            sheet.seek(max(0, archive.getinfo("xl/worksheets/sheet1.xml").file_size - 40))
            if not sheet.read().endswith(b"</sheetData></worksheet>"):
                raise RuntimeError("The XLSX sheet is cut short.")


def measure(fmt: str) -> None:
    """Run one export as a background job, as production would; print what it took."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.http import QueryDict

    from forms_ext.exports import export_columns, jobs
    from forms_ext.field_types.files import upload_storage
    from forms_ext.models import ExportJob, SurveyPage

    user = get_user_model().objects.get(username="bench-coordinator")
    page = SurveyPage.objects.get(slug=SLUG)
    columns = len(export_columns(page.translation_key))
    baseline = rss_mb()
    timing: dict[str, float] = {}
    write_export = jobs.write_export

    def timed_write(*args: Any, **kwargs: Any) -> int:
        started, cpu = time.perf_counter(), cpu_seconds()
        written = write_export(*args, **kwargs)
        timing["write_s"] = time.perf_counter() - started
        timing["cpu_s"] = cpu_seconds() - cpu
        return written

    jobs.write_export = timed_write
    load = os.getloadavg()[0]
    started = time.perf_counter()
    job = jobs.start_export(user, page, fmt, QueryDict(), 0)  # the task runs at once
    job_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    job = ExportJob.objects.get(pk=job.pk)
    if job.status != ExportJob.Status.DONE:
        raise RuntimeError(f"The job ended {job.status}: {job.error}")
    storage = upload_storage()
    size = storage.size(job.file)
    if fmt == "xlsx":
        check_xlsx(storage.path(job.file))
    storage.delete(job.file)
    job.delete()
    result = {
        "format": fmt,
        "rows": job.done,
        "columns": columns,
        "write_s": round(timing["write_s"], 2),
        "rows_per_s": round(job.done / timing["write_s"]),
        "cpu_s": round(timing["cpu_s"], 2),
        "rows_per_cpu_s": round(job.done / timing["cpu_s"]),
        "job_s": round(job_s, 2),
        "job_rows_per_s": round(job.done / job_s),
        "peak_rss_mb": round(peak, 1),
        "baseline_rss_mb": round(baseline, 1),
        "file_mb": round(size / 2**20, 1),
        "loadavg_at_start": round(load, 2),
    }
    print("BENCH-EXPORT " + json.dumps(result), flush=True)


def main() -> None:
    if sys.argv[1:2] == ["--measure"]:
        sys.path.insert(0, str(ROOT))
        measure(sys.argv[2])
        return
    scale = os.environ.get("BENCH_SCALE", "full")
    section = run(scale)
    print_table(section)
    print(json.dumps(section, indent=2))


if __name__ == "__main__":
    main()
