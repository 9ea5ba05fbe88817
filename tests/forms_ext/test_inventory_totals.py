"""The dashboards' summary table: kept by differences on every write, equal to a rebuild
and to a GROUP BY over the answers, and read by the dashboards in a fixed number of queries.
"""

import random
import threading
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms_ext.inventories import submit_report
from forms_ext.inventories.aggregates import (
    Aggregates,
    _from_answers,
    aggregate,
    group_names,
    periods_between,
    questions_of,
)
from forms_ext.inventories.tables import build_dashboard
from forms_ext.inventories.totals import rebuild_totals
from forms_ext.models import Answer, InventoryReport, InventoryTotal, OrganisationUnit
from forms_ext.permissions import SEE_ANSWERS, units_for
from tests.utils import home_page, make_inventory

from .dashboard_fixtures import FIRST, LAST, at, unit, user

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"label": "Vacant beds", "field_type": "number"},
    {
        "label": "Kind of place",
        "field_type": "radio",
        "choices": "shelter | Shelter bed\nroom | Room\nflat | Flat",
    },
    {
        "label": "Target groups",
        "field_type": "checkboxes",
        "required": False,
        "choices": "women | Women\nyouth | Youth\nfamilies | Families",
    },
    {"label": "Note", "field_type": "singleline", "required": False},
]
# Three providers in two districts, and a district that reports for itself (its own
# reports are a group of their own when rolled up below it).
CODES = ["nattherberget-nord", "nav-nord", "familiehuset-sor", "fjordvik-nord"]
DAYS = (21, 22, 23)
KINDS = ("shelter", "room", "flat")
GROUPS = ("women", "youth", "families")


def inventory():
    return make_inventory(
        QUESTIONS,
        slug="totals",
        parent=home_page("en"),
        expected_units=[unit(code) for code in CODES],
    )


def values(rng):
    return {
        "vacant_beds": Decimal(rng.randint(0, 12)) + Decimal(rng.choice(["0", "0.5"])),
        "kind_of_place": rng.choice(KINDS),
        "target_groups": sorted(rng.sample(GROUPS, rng.randint(0, 3))),
        "note": rng.choice(["", "ring først"]),
    }


def submit(page, code, answers, day, hour, unchanged=False):
    fields = list(page.get_form_fields())
    return submit_report(
        page, unit(code), user("admin"), answers, fields, unchanged=unchanged, now=at(day, hour)
    )


def snapshot(page):
    """The summary's non-empty rows: (period, node, key, code) -> (total, reports)."""
    rows = InventoryTotal.objects.filter(inventory_key=page.translation_key)
    return {
        (r.period_id, r.node_id, r.key, r.code): (r.total, r.reports)
        for r in rows
        if r.total or r.reports
    }


def direct(page):
    """The same figures straight from the answers of the reports not archived."""
    expected = defaultdict(lambda: [Decimal(0), 0])
    reports = InventoryReport.objects.filter(
        inventory_key=page.translation_key, submission__archived_at=None
    ).select_related("unit")
    for report in reports:
        nodes = [report.unit, *report.unit.get_ancestors()]
        answers = Answer.objects.filter(submission_id=report.submission_id)
        for node in nodes:
            expected[(report.period_id, node.pk, "", "")][1] += 1
            for answer in answers:
                if answer.key == "vacant_beds" and answer.number is not None:
                    expected[(report.period_id, node.pk, answer.key, "")][0] += answer.number
                elif answer.key in ("kind_of_place", "target_groups"):
                    expected[(report.period_id, node.pk, answer.key, answer.code)][0] += 1
    return {key: (total, n) for key, (total, n) in expected.items() if total or n}


def from_answers(page, units, depth):
    """The aggregates as they were computed before the summary: a GROUP BY over answers."""
    periods = periods_between(page, FIRST, LAST)
    result = Aggregates(periods=periods, questions=questions_of(page), depth=depth)
    _from_answers(result, page, [p.pk for p in periods], units)
    result.groups = group_names({group for _p, group in result.reporting}, depth)
    return result


def figures(data):
    return (
        {k: v for k, v in data.sums.items() if v and data.reporting.get((k[0], k[1]))},
        {k: v for k, v in data.counts.items() if v and data.reporting.get((k[0], k[1]))},
        data.reporting,
    )


def correct(client, report, rng):
    """A coordinator's correction through the admin (the superuser may correct anything)."""
    url = reverse("forms_ext_correct_submission", args=[report.submission_id])
    new = values(rng)
    data = {
        "vacant_beds": str(int(new["vacant_beds"])),  # the form takes whole numbers
        "kind_of_place": new["kind_of_place"],
        "target_groups": new["target_groups"],
        "note": new["note"],
    }
    assert client.post(url, data).status_code == 302


def archive(client, report, restore=False):
    url = f"/admin/forms_ext/submissions/{report.submission_id}/"
    client.post(url, {"restore": "1"} if restore else {"archive": "1"})


def archive_many(client, page, reports, restore=False):
    url = reverse("forms_ext_archive_submissions", args=[page.pk])
    query = "&".join(f"selected-submissions={r.submission_id}" for r in reports)
    action = "&action=restore" if restore else ""
    assert client.post(f"{url}?{query}{action}").status_code == 302


def random_operations(client, page, rng, steps):
    for _step in range(steps):
        operation = rng.choice(["submit", "submit", "unchanged", "correct", "archive", "bulk"])
        reports = list(InventoryReport.objects.filter(inventory_key=page.translation_key))
        if operation in ("submit", "unchanged") or not reports:
            code, day = rng.choice(CODES), rng.choice(DAYS)
            report = InventoryReport.objects.filter(
                inventory_key=page.translation_key, unit__code=code, period__key__endswith=day
            ).first()
            answers = values(rng)
            if operation == "unchanged" and report is not None:
                answers = {**answers, "note": ""}  # not the same values: a real update
            submit(page, code, answers, day, rng.randint(6, 22), operation == "unchanged")
        elif operation == "correct":
            correct(client, rng.choice(reports), rng)
        elif operation == "archive":
            report = rng.choice(reports)
            report.submission.refresh_from_db()
            archive(client, report, restore=report.submission.archived_at is not None)
        else:
            chosen = rng.sample(reports, min(len(reports), 3))
            archive_many(client, page, chosen, restore=rng.random() < 0.5)


@pytest.mark.parametrize("seed", [5, 2027])
def test_the_summary_equals_a_rebuild_and_a_group_by_after_random_writes(admin_client, seed):
    page = inventory()
    rng = random.Random(seed)  # noqa: S311 (test data)
    random_operations(admin_client, page, rng, 40)
    kept = snapshot(page)
    assert kept == direct(page)
    assert InventoryReport.objects.filter(submission__archived_at__isnull=False).exists()
    rebuild_totals(page)
    assert snapshot(page) == kept
    # The dashboards read from it what the GROUP BY over answers gives, at every depth
    # and in every scope.
    scopes = [OrganisationUnit.objects.all(), units_for(user("koordinator-nord"), SEE_ANSWERS)]
    periods = periods_between(page, FIRST, LAST)
    for units in scopes:
        for depth in (None, 1, 2, 3, 4):
            data = aggregate(page, periods, units, questions_of(page), depth)
            expected = from_answers(page, units, depth)
            assert figures(data) == figures(expected), depth
            assert data.groups == expected.groups, depth


def test_an_update_adds_only_the_difference_and_unchanged_values_write_nothing():
    page = inventory()
    answers = {"vacant_beds": Decimal(4), "kind_of_place": "room", "target_groups": ["women"]}
    submit(page, "nav-nord", answers, 22, 9)
    submit(page, "nattherberget-nord", {**answers, "vacant_beds": Decimal(1)}, 22, 9)
    nord = unit("fjordvik-nord")
    beds = InventoryTotal.objects.filter(node=nord, key="vacant_beds")
    assert beds.get().total == 5
    with CaptureQueriesContext(connection) as captured:
        submit(page, "nav-nord", answers, 22, 11, unchanged=True)
    assert not [q for q in captured if "inventorytotal" in q["sql"]], "no change, no write"
    submit(
        page, "nav-nord", {**answers, "vacant_beds": Decimal(2), "kind_of_place": "flat"}, 22, 12
    )
    assert beds.get().total == 3
    kinds = InventoryTotal.objects.filter(node=nord, key="kind_of_place", total__gt=0)
    assert dict(kinds.values_list("code", "total")) == {"room": 1, "flat": 1}
    assert InventoryTotal.objects.get(node=nord, key="", code="").reports == 2
    assert snapshot(page) == direct(page)


def test_rebuild_of_some_periods_leaves_the_others_and_the_command_repairs_all():
    page = inventory()
    answers = {"vacant_beds": Decimal(3), "kind_of_place": "flat", "target_groups": []}
    for day in DAYS:
        submit(page, "familiehuset-sor", answers, day, 9)
    kept = snapshot(page)
    last = periods_between(page, LAST, LAST)
    InventoryTotal.objects.filter(inventory_key=page.translation_key).update(total=99)
    assert rebuild_totals(page, last) > 0
    rebuilt = snapshot(page)
    assert {k: v for k, v in rebuilt.items() if k[0] == last[0].pk} == {
        k: v for k, v in kept.items() if k[0] == last[0].pk
    }
    assert all(v[0] == 99 for k, v in rebuilt.items() if k[0] != last[0].pk and k[2])
    call_command("rebuild_inventory_totals", str(page.pk), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot(page) == kept == direct(page)


def queries(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


@pytest.mark.parametrize("depth", [None, 2, 3])
def test_the_dashboards_queries_do_not_grow_with_periods_or_units(depth):
    page = inventory()
    units = OrganisationUnit.objects.all()
    answers = {"vacant_beds": Decimal(3), "kind_of_place": "flat", "target_groups": ["youth"]}
    submit(page, "nav-nord", answers, 21, 9)

    def dashboard():
        build_dashboard(page, units, FIRST, LAST, depth=depth)

    before = queries(dashboard)
    for code in CODES:
        for day in DAYS:
            submit(page, code, answers, day, 9)  # more units and more periods
    assert queries(dashboard) == before
    periods, questions = periods_between(page, FIRST, LAST), questions_of(page)
    with CaptureQueriesContext(connection) as captured:
        aggregate(page, periods, units, questions, depth)
    assert len(captured) == 2, "the scope's units (with names), the summary rows"
    assert "forms_ext_answer" not in captured[1]["sql"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database refuses concurrent writers outright",
)
def test_reports_of_one_district_at_once_add_up(demo_after_flush):
    page = inventory()
    barrier = threading.Barrier(4)
    errors = []

    def send(code, beds):
        try:
            barrier.wait()
            answers = {"vacant_beds": Decimal(beds), "kind_of_place": "room"}
            submit(page, code, answers, 23, 9)
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    sends = [("nattherberget-nord", 3), ("nav-nord", 4), ("nav-nord", 5), ("fjordvik-nord", 6)]
    threads = [threading.Thread(target=send, args=args) for args in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert snapshot(page) == direct(page)
    nord = InventoryTotal.objects.get(node=unit("fjordvik-nord"), key="", code="")
    assert nord.reports == 3
