"""Dashboard aggregates: sums, counts, roll-up, current state, scope, suppression, queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from forms_ext.inventories.aggregates import (
    aggregate,
    current_totals,
    periods_between,
    questions_of,
)
from forms_ext.inventories.tables import Cell, Row, Table, build_dashboard, suppress
from forms_ext.models import OrganisationUnit
from forms_ext.permissions import SEE_ANSWERS, units_for

from .dashboard_fixtures import FIRST, LAST, report, reported_vacancies, unit, user

pytestmark = pytest.mark.django_db


def by_day(data, key):
    return {p.key[-2:]: data.total(p.pk, key) for p in data.periods}


def test_sums_per_period_are_of_reported_values_only():
    inventory = reported_vacancies()
    questions = questions_of(inventory)
    assert [(q.key, q.kind) for q in questions] == [
        ("vacant_beds", "number"),
        ("kind_of_place", "choice"),
    ]
    data = aggregate(
        inventory,
        periods_between(inventory, FIRST, LAST),
        OrganisationUnit.objects.all(),
        questions,
    )
    # 22 November: nav-nord did not report and adds nothing (not its 2 of the day before).
    assert by_day(data, "vacant_beds") == {"21": 12, "22": 10, "23": 24}
    assert [data.units_reporting(p.pk) for p in data.periods] == [3, 2, 4]


def test_choice_counts_per_period():
    inventory = reported_vacancies()
    questions = questions_of(inventory, ["kind_of_place"])
    data = aggregate(
        inventory,
        periods_between(inventory, FIRST, LAST),
        OrganisationUnit.objects.all(),
        questions,
    )
    counts = {
        (p.key[-2:], code): data.count(p.pk, "kind_of_place", code)
        for p in data.periods
        for code in ("shelter", "room", "flat")
    }
    assert counts == {
        ("21", "shelter"): 1, ("21", "room"): 0, ("21", "flat"): 2,
        ("22", "shelter"): 1, ("22", "room"): 0, ("22", "flat"): 1,
        ("23", "shelter"): 2, ("23", "room"): 1, ("23", "flat"): 1,
    }  # fmt: skip


def test_roll_up_to_districts_groups_by_the_ancestor_path():
    inventory = reported_vacancies()
    questions = questions_of(inventory, ["vacant_beds"])
    data = aggregate(
        inventory,
        periods_between(inventory, FIRST, LAST),
        OrganisationUnit.objects.all(),
        questions,
        depth=2,
    )
    names = data.groups
    assert sorted(names.values()) == ["Bydel Nord", "Bydel Sentrum", "Bydel Sør"]
    nord, sor = unit("fjordvik-nord").path, unit("fjordvik-sor").path
    sentrum = unit("fjordvik-sentrum").path
    days = {p.key[-2:]: p.pk for p in data.periods}
    assert [data.total(days[d], "vacant_beds", nord) for d in ("21", "22", "23")] == [5, 4, 6]
    assert [data.total(days[d], "vacant_beds", sor) for d in ("21", "22", "23")] == [7, 6, 8]
    assert data.total(days["21"], "vacant_beds", sentrum) is None  # did not report
    assert data.total(days["23"], "vacant_beds", sentrum) == 10
    assert data.total(days["23"], "vacant_beds") == 24


def test_a_district_sees_only_its_own_units():
    inventory = reported_vacancies()
    scope = units_for(user("koordinator-nord"), SEE_ANSWERS)
    data = aggregate(
        inventory, periods_between(inventory, FIRST, LAST), scope, questions_of(inventory)
    )
    assert by_day(data, "vacant_beds") == {"21": 5, "22": 4, "23": 6}
    current = current_totals(inventory, scope, questions_of(inventory))
    assert current.sums == {"vacant_beds": Decimal(6)}
    assert current.units == 2


def test_current_totals_read_the_latest_report_of_each_unit():
    inventory = reported_vacancies()
    questions = questions_of(inventory)
    current = current_totals(inventory, OrganisationUnit.objects.all(), questions)
    assert current.sums == {"vacant_beds": Decimal(24)}
    assert current.counts == {
        ("kind_of_place", "shelter"): 2,
        ("kind_of_place", "room"): 1,
        ("kind_of_place", "flat"): 1,
    }
    assert current.units == 4


def test_a_range_excludes_other_periods():
    inventory = reported_vacancies()
    data = aggregate(
        inventory,
        periods_between(inventory, LAST, LAST),
        OrganisationUnit.objects.all(),
        questions_of(inventory),
    )
    assert by_day(data, "vacant_beds") == {"23": 24}


def queries_of(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_a_handful_of_queries_whatever_the_units_and_periods():
    inventory = reported_vacancies()
    units = OrganisationUnit.objects.all()

    def dashboard():
        build_dashboard(inventory, units, FIRST, LAST, depth=2)

    before = queries_of(dashboard)
    assert before <= 10
    report(inventory, "nav-nord", 9, "room", 22)  # more reports, the same queries
    assert queries_of(dashboard) == before
    periods = periods_between(inventory, FIRST, LAST)
    questions = questions_of(inventory)
    with CaptureQueriesContext(connection) as captured:
        aggregate(inventory, periods, units, questions, depth=2)
    assert len(captured) == 2  # the scope's units with their names; the summary rows


# Suppression


def table(rows, column_totals=None, row_totals=True):
    return Table(
        key="t",
        caption="t",
        row_header="",
        columns=["a", "b", "c"],
        rows=[
            Row(str(i), [Cell(v) for v in values], Cell(sum(values)) if row_totals else None)
            for i, values in enumerate(rows)
        ],
        column_totals=[Cell(v) for v in column_totals] if column_totals else None,
    )


def shown(t):
    return [
        ([c.shown for c in row.cells], row.total.shown if row.total else None) for row in t.rows
    ]


def test_primary_suppression_hides_counts_below_the_threshold():
    t = suppress(table([[5, 6, 20], [4, 0, 9]]), 5)
    assert shown(t)[0] == ([5, 6, 20], 31)  # 5 is not below 5
    assert shown(t)[1][0] == [None, None, 9]
    assert t.rows[1].cells[0].text() == "fewer than 5"


def test_secondary_suppression_hides_a_total_that_would_give_back_one_cell():
    t = suppress(table([[3, 7, 9], [3, 2, 9]]), 5)
    assert shown(t) == [([None, 7, 9], None), ([None, None, 9], 14)]


def test_secondary_suppression_of_column_totals():
    t = suppress(table([[3, 7, 9], [6, 8, 9]], column_totals=[9, 15, 18], row_totals=False), 5)
    assert [c.shown for c in t.column_totals] == [None, 15, 18]
    t = suppress(table([[3, 7, 9], [2, 8, 9]], column_totals=[5, 15, 18], row_totals=False), 5)
    assert [c.shown for c in t.column_totals] == [5, 15, 18]


@override_settings(FORMS_EXT_MIN_PUBLIC_COUNT=10)
def test_the_threshold_is_a_setting():
    t = suppress(table([[9, 10, 11]]))
    assert shown(t) == [([None, 10, 11], None)]
    assert t.rows[0].cells[0].text() == "fewer than 10"


def test_public_dashboards_suppress_and_staff_dashboards_do_not():
    inventory = reported_vacancies()
    units = OrganisationUnit.objects.all()
    staff = build_dashboard(inventory, units, FIRST, LAST, depth=2)
    public = build_dashboard(inventory, units, FIRST, LAST, depth=2, public=True)
    beds_staff = staff.questions[0][1][0]
    beds_public = public.questions[0][1][0]
    # Rows newest first; columns Nord, Sentrum, Sør (tree order), then the total.
    assert [c.value for c in beds_staff.rows[0].cells] == [6, 10, 8]
    assert [c.shown for c in beds_public.rows[0].cells] == [6, 10, 8]
    assert [c.value for c in beds_staff.rows[1].cells] == [4, None, 6]
    assert [c.shown for c in beds_public.rows[1].cells] == [None, None, 6]
    assert beds_public.rows[1].total.shown is None  # one suppressed cell: the total would tell
    assert beds_public.rows[0].total.shown == 24
    kinds = public.questions[1][1][0]  # the current state per option
    assert [c.shown for r in kinds.rows for c in r.cells] == [None, None, None]
    assert kinds.column_totals[0].shown is None  # 4 < 5
