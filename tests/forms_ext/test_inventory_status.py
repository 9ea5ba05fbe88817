"""The status board: states at a frozen time, roll-up counts, isolation, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms_ext.inventories import submit_report
from forms_ext.inventories.status import State, status_board
from forms_ext.inventory_views import board_units
from tests.utils import home_page, logged_in, make_inventory, unit, user

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
QUESTIONS = [{"label": "Vacant beds", "field_type": "number"}]
EXPECTED = ("nattherberget-nord", "nav-nord", "familiehuset-sor")


def at(day, hour=12):
    """A moment on 2026-11-<day> at <hour> in Oslo (UTC+1 in November)."""
    return datetime.datetime(2026, 11, day, hour - 1, 0, tzinfo=UTC)


def report(inventory, code, moment):
    by = "rapportor-sor" if code.endswith("-sor") else "rapportor-nord"
    fields = list(inventory.get_form_fields())
    answers = {"vacant_beds": Decimal(2)}
    return submit_report(inventory, unit(code), user(by), answers, fields, now=moment)[0]


@pytest.fixture
def inventory():
    # Due at 10:00, closes at midnight (the defaults).
    return make_inventory(
        QUESTIONS,
        slug="vacancies",
        parent=home_page("en"),
        expected_units=[unit(code) for code in EXPECTED],
    )


def board_of(inventory, name, now):
    return status_board(inventory, board_units(inventory, user(name)), now=now)


def states(board):
    return {
        row.unit.code: [cell.state for cell in row.cells]
        for group in board.groups
        for row in group.rows
    }


def test_each_state_at_a_frozen_time(inventory):
    report(inventory, "nattherberget-nord", at(23, 9))  # today, on time
    report(inventory, "nattherberget-nord", at(22, 11))  # yesterday, late
    report(inventory, "familiehuset-sor", at(21, 9))
    before_due = board_of(
        inventory,
        "admin",
        at(
            23,
            9,
        ),
    )
    assert [p.key for p in before_due.periods][:3] == ["2026-11-23", "2026-11-22", "2026-11-21"]
    assert len(before_due.periods) == 7
    found = states(before_due)
    assert found["nattherberget-nord"][:3] == [State.REPORTED, State.REPORTED_LATE, State.MISSING]
    assert found["nav-nord"][:2] == [State.NOT_YET, State.MISSING]
    assert found["familiehuset-sor"][:3] == [State.NOT_YET, State.MISSING, State.REPORTED]
    after_due = states(board_of(inventory, "admin", at(23, 11)))
    assert after_due["nav-nord"][0] == State.LATE
    assert after_due["familiehuset-sor"][0] == State.LATE


def test_the_roll_up_counts_units_by_district(inventory):
    report(inventory, "nattherberget-nord", at(23, 9))
    report(inventory, "familiehuset-sor", at(22, 9))
    board = board_of(inventory, "admin", at(23, 12))
    groups = {group.unit.code: group.counts[:2] for group in board.groups}
    assert groups == {"fjordvik-nord": [(1, 2), (0, 2)], "fjordvik-sor": [(0, 1), (1, 1)]}
    assert board.totals()[:2] == [(1, 3), (1, 3)]
    # A page of rows (the view shows 50 units a page): the roll-up still counts every unit.
    units = board_units(inventory, user("admin"))
    page = status_board(inventory, units, now=at(23, 12), shown=[unit("nav-nord")])
    assert [g.counts[:2] for g in page.groups] == [[(1, 2), (0, 2)], [(0, 1), (1, 1)]]
    assert [[row.unit.code for row in g.rows] for g in page.groups] == [["nav-nord"], []]


def test_a_coordinator_of_sor_sees_no_unit_of_nord(inventory):
    report(inventory, "nattherberget-nord", at(23, 9))
    board = board_of(inventory, "koordinator-sor", at(23, 12))
    assert list(states(board)) == ["familiehuset-sor"]
    client = logged_in("koordinator-sor")
    html = client.get(reverse("forms_ext_inventory_status", args=[inventory.pk])).content.decode()
    assert "Familiehuset Sør" in html
    assert "Nattherberget Nord" not in html and "Bydel Nord" not in html


def test_who_may_open_the_board(inventory):
    url = reverse("forms_ext_inventory_status", args=[inventory.pk])
    assert logged_in("leser-nord").get(url).status_code == 200
    for name in ("rapportor-nord", "editor"):
        response = logged_in(name).get(url)
        assert response.status_code in (302, 403), name
        assert "Nattherberget Nord" not in response.content.decode()
    # A coordinator of a district with no expected unit is refused too.
    response = logged_in("koordinator-sentrum").get(url)
    assert response.status_code in (302, 403)


def test_the_board_says_each_state_in_words_and_names_who_updated(inventory, client):
    now = datetime.datetime.now(UTC)
    fields = list(inventory.get_form_fields())
    submit_report(inventory, unit("nav-nord"), user("rapportor-nord"),
                  {"vacant_beds": Decimal(1)}, fields, now=now)  # fmt: skip
    html = (
        logged_in("koordinator-nord")
        .get(reverse("forms_ext_inventory_status", args=[inventory.pk]))
        .content.decode()
    )
    assert "Reported" in html and "Missing" in html
    assert "by Rapportor Bydel Nord" in html
    assert "1 of 2 reported" in html
    assert "/vacancies/current/" in html
    assert "/export/history/csv/" in html and "/export/current/xlsx/" in html


def test_the_index_lists_the_inventories_of_the_users_units(inventory):
    other = make_inventory(
        QUESTIONS, slug="sentrum-count", parent=home_page("en"),
        expected_units=[unit("sentrum-hospits")],
    )  # fmt: skip
    html = logged_in("koordinator-nord").get(reverse("forms_ext_inventories")).content.decode()
    assert inventory.title in html
    assert other.title not in html
    assert logged_in("rapportor-nord").get(reverse("forms_ext_inventories")).status_code in (
        302,
        403,
    )


def test_one_query_per_table_not_per_cell(inventory):
    report(inventory, "nattherberget-nord", at(23, 9))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            board = board_of(inventory, "admin", at(23, 12))
            [cell.state for group in board.groups for row in group.rows for cell in row.cells]
        return len(captured)

    queries()  # creates the periods the first time
    few = queries()
    parent = unit("fjordvik-sentrum")
    extra = [parent.add_child(name=f"Hybel {n}", code=f"hybel-{n}", kind="provider")
             for n in range(12)]  # fmt: skip
    inventory.expected_units.add(*extra)
    inventory.save_revision().publish()
    queries()
    assert queries() == few
    assert few <= 12


def test_the_board_filters_by_district_and_by_the_state_now(inventory):
    now = datetime.datetime.now(UTC)
    fields = list(inventory.get_form_fields())
    submit_report(inventory, unit("nav-nord"), user("rapportor-nord"),
                  {"vacant_beds": Decimal(1)}, fields, now=now)  # fmt: skip
    url = reverse("forms_ext_inventory_status", args=[inventory.pk])
    client = logged_in("admin")

    def units_shown(params):
        html = client.get(url, params).content.decode()
        return [code for code in EXPECTED if f">{unit(code).name}</th>" in html]

    assert units_shown({}) == list(EXPECTED)
    assert units_shown({"district": unit("fjordvik-sor").pk}) == ["familiehuset-sor"]
    reported_now = "reported_late" if now > inventory_due(inventory, now) else "reported"
    assert units_shown({"state": reported_now}) == ["nav-nord"]
    assert units_shown({"q": "natt"}) == ["nattherberget-nord"]
    results = reverse("forms_ext_inventory_status_results", args=[inventory.pk])
    assert "Familiehuset Sør" in client.get(results, {"state": "", "q": "famil"}).content.decode()


def inventory_due(inventory, now):
    from forms_ext.inventories import period_for

    return period_for(inventory, now).due_at


def test_the_state_filter_at_a_frozen_time(inventory):
    from forms_ext.inventories import period_for
    from forms_ext.inventories.status import units_in_state

    report(inventory, "nattherberget-nord", at(23, 9))
    report(inventory, "nav-nord", at(23, 11))
    period = period_for(inventory, at(23, 12))

    def codes(state, now):
        found = board_units(inventory, user("admin")).filter(units_in_state(period, state, now))
        return sorted(found.values_list("code", flat=True))

    assert codes("reported", at(23, 12)) == ["nattherberget-nord"]
    assert codes("reported_late", at(23, 12)) == ["nav-nord"]
    assert codes("late", at(23, 12)) == ["familiehuset-sor"]
    assert codes("not_yet", at(23, 12)) == []
    assert codes("missing", at(24, 1)) == ["familiehuset-sor"]
