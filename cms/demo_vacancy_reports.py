"""The demo vacancy inventory's 60 days of reports, made in bulk (see cms.demo_inventories).

Each invented provider has habits (how often it misses a day, how often it is
late) and values that drift from day to day (a place or two taken or freed, a
note now and then). The rows have the shape ``submit_report`` gives them; they
are stored with five ``bulk_create`` and one ``bulk_update`` (the submissions'
``submit_time`` is ``auto_now_add``) rather than one ``submit_report`` per report,
which would make ``seed_demo`` tens of seconds slower.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from forms_ext.inventories.periods import at, local_date, recent_periods
from forms_ext.inventories.reports import changed_keys
from forms_ext.inventories.totals import rebuild_totals
from forms_ext.models import (
    Answer,
    Channel,
    InventoryPage,
    InventoryReport,
    OrganisationUnit,
    ReportChange,
    SurveySubmission,
)
from forms_ext.submissions import answer_rows, json_answers
from forms_ext.versions import current_version

from .demo import DISTRICT_CODES

DAYS = 60
SEED = 2027
NEVER_REPORTED = "Nyhuset botilbud"  # expected, new this month: no report yet
# Providers that stopped reporting this many days ago (the list flags them stale; the
# browser tests report for them, since they have not reported today whatever the hour).
STALE = {
    "Moloen hybelhus": 4,
    "Utsikten omsorgsbolig": 2,
    "Smia hospits": 6,
    "Granly botilbud": 9,
}
NOTES = [
    "Ring før kl. 14.",
    "Kun kvinner over 23 år.",
    "Ett rom står tomt for maling.",
    "Ta kontakt med vakt på kveldstid.",
    "Hund i bur er greit.",
]
FIRST_NAMES = ["Kari", "Ola", "Aisha", "Per", "Lene", "Jonas", "Mona", "Ali", "Sara", "Tor"]
LAST_NAMES = ["Vik", "Berg", "Lund", "Haugen", "Dahl", "Moen", "Strand", "Bakke"]


@dataclass
class Provider:
    """How one invented provider reports: its places, habits and current values."""

    unit: OrganisationUnit
    reporter: Any
    missing: float  # share of days without a report
    late: float  # share of reports after 10:00
    stale_days: int  # stopped reporting this many days ago (0: reports to this day)
    values: dict[str, Any] = field(default_factory=dict)
    reported: bool = False


def _kind(name: str) -> str:
    lower = name.lower()
    if any(word in lower for word in ("natthjem", "herberge", "akutt")):
        return "bed"
    return "room" if any(word in lower for word in ("hospits", "hybelhus")) else "flat"


def _groups(rng: random.Random, name: str, kind: str) -> list[str]:
    lower = name.lower()
    if "kvinne" in lower:
        groups = ["women"]
    elif "familie" in lower:
        groups = ["families", "couples"]
    elif "ungdom" in lower:
        groups = ["youth"]
    else:
        groups = ["men", "women"] + (["couples"] if kind == "flat" else [])
    groups += [extra for extra in ("pets", "wheelchair") if rng.random() < 0.3]
    return groups


def _first_values(rng: random.Random, name: str) -> dict[str, Any]:
    kind = _kind(name)
    places = rng.randint(*{"bed": (8, 30), "room": (4, 16), "flat": (2, 10)}[kind])
    return {
        "kind": kind,
        "places": Decimal(places),
        "vacant": Decimal(rng.randint(0, max(1, places // 3))),
        "target_groups": _groups(rng, name, kind),
        "contact": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "phone": f"4{rng.randint(0, 99):02d} {rng.randint(10, 99)} {rng.randint(100, 999)}",
    }


def _providers(rng: random.Random, units: list[OrganisationUnit]) -> list[Provider]:
    User = get_user_model()  # noqa: N806
    reporters = {u.username: u for u in User.objects.filter(username__startswith="rapportor-")}
    paths = {
        short: OrganisationUnit.objects.get(code=code).path
        for short, code in DISTRICT_CODES.items()
    }
    providers = []
    for unit in units:
        short = next(s for s, path in paths.items() if unit.path.startswith(path))
        habit = rng.choice([(0.01, 0.03), (0.05, 0.1), (0.05, 0.1), (0.15, 0.3)])
        days = DAYS if unit.name == NEVER_REPORTED else STALE.get(unit.name, 0)
        providers.append(
            Provider(
                unit,
                reporters.get(f"rapportor-{short}"),
                *habit,
                days,
                _first_values(rng, unit.name),
            )
        )
    return providers


def _next_values(rng: random.Random, values: dict[str, Any], day: datetime.date) -> dict:
    """The day's values: often unchanged, else a place or two taken or freed."""
    values = dict(values)
    if rng.random() < 0.55:
        return values
    places = int(values["places"])
    vacant = min(places, max(0, int(values["vacant"]) + rng.choice([-2, -1, -1, 1, 1, 2])))
    values["vacant"] = Decimal(vacant)
    values.pop("vacant_from", None)
    if vacant == 0 and rng.random() < 0.7:
        values["vacant_from"] = day + datetime.timedelta(days=rng.randint(1, 14))
    values.pop("note", None)
    if rng.random() < 0.1:
        values["note"] = rng.choice(NOTES)
    return values


def _report_moment(rng: random.Random, provider: Provider, day: datetime.date):
    """When the report was first sent: in the morning, or late (after 10:00)."""
    if rng.random() < provider.late:
        minutes = rng.randint(10 * 60 + 5, 15 * 60 + 30)
    else:
        minutes = rng.randint(6 * 60 + 30, 9 * 60 + 55)
    return at(day, datetime.time(minutes // 60, minutes % 60))


@dataclass
class Made:
    """What one report is made of, before it is stored."""

    provider: Provider
    period: Any
    answers: dict[str, Any]
    changes: list[tuple[datetime.datetime, str, dict[str, Any]]]


def plan_reports(
    rng: random.Random, providers: list[Provider], periods: dict, now: datetime.datetime
) -> list[Made]:
    """Every report of the 60 days, with its changes (a same-day update now and then)."""
    today = local_date(now)
    made = []
    for provider in providers:
        for offset in range(DAYS - 1, -1, -1):
            day = today - datetime.timedelta(days=offset)
            if offset < provider.stale_days or rng.random() < provider.missing:
                continue
            moment = _report_moment(rng, provider, day)
            if moment > now:
                continue
            answers = _next_values(rng, provider.values, day)
            same = provider.reported and answers == provider.values
            kind = ReportChange.Kind.CONFIRMED_UNCHANGED if same else ReportChange.Kind.REPORTED
            changes = [(moment, kind, answers)]
            later = moment + datetime.timedelta(hours=rng.randint(2, 8))
            if rng.random() < 0.08 and local_date(later) == day and later < now:
                answers = _next_values(rng, answers, day)
                changes.append((later, ReportChange.Kind.UPDATED, answers))
            provider.values, provider.reported = answers, True
            made.append(Made(provider, periods[day.isoformat()], answers, changes))
    return made


def seed_reports(page: InventoryPage, units: list[OrganisationUnit]) -> int:
    """60 days of reports of ``units``, stored in bulk; the number of reports."""
    rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
    now = timezone.now()
    periods = {period.key: period for period in recent_periods(page, DAYS, now)}
    fields = list(page.get_form_fields())
    made = plan_reports(rng, _providers(rng, units), periods, now)
    submissions = _store_submissions(page, fields, made, rng)
    reports = InventoryReport.objects.bulk_create(
        InventoryReport(
            period=item.period,
            unit=item.provider.unit,
            submission=submission,
            inventory_key=page.translation_key,
            period_starts_at=item.period.starts_at,
            first_reported_at=item.changes[0][0],
            updated_at=item.changes[-1][0],
            updated_by=item.provider.reporter,
            late=item.changes[0][0] > item.period.due_at,
        )
        for item, submission in zip(made, submissions, strict=True)
    )
    ReportChange.objects.bulk_create(_changes(page, fields, made, reports), batch_size=1000)
    rebuild_totals(page)  # the dashboards' summary, which bulk_create does not keep
    return len(reports)


def _store_submissions(page, fields, made: list[Made], rng) -> list[SurveySubmission]:
    version = current_version(page)
    submissions = SurveySubmission.objects.bulk_create(
        SurveySubmission(
            page=page,
            survey_key=page.translation_key,
            version=version,
            token=uuid.UUID(int=rng.getrandbits(128)),
            language="nb",
            unit=item.provider.unit,
            form_data=json_answers(fields, item.answers),
            channel=Channel.REPORTER,
            recorded_by=item.provider.reporter,
        )
        for item in made
    )
    for item, submission in zip(made, submissions, strict=True):
        submission.submit_time = item.changes[0][0]  # auto_now_add gave it the time of now
    SurveySubmission.objects.bulk_update(submissions, ["submit_time"], batch_size=500)
    rows = [
        row
        for item, submission in zip(made, submissions, strict=True)
        for row in answer_rows(submission, fields, item.answers)
    ]
    Answer.objects.bulk_create(rows, batch_size=2000)
    return submissions


def _changes(page, fields, made: list[Made], reports) -> list[ReportChange]:
    """Each report's changes, the keys of each compared with the values before it."""
    changes = []
    before: dict[int, dict] = {}
    for item, report in zip(made, reports, strict=True):
        for moment, kind, answers in item.changes:
            data = json_answers(fields, answers)
            unit_id = item.provider.unit.pk
            changes.append(
                ReportChange(
                    report=report,
                    inventory_key=page.translation_key,
                    unit_id=unit_id,
                    changed_at=moment,
                    changed_by=item.provider.reporter,
                    kind=kind,
                    data=data,
                    changed_keys=changed_keys(before.get(unit_id, {}), data, fields),
                )
            )
            before[unit_id] = data
    return changes
