"""The current list of an inventory: who reads it, stale flags, filters, "as of", query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms_ext.inventories import submit_report
from forms_ext.inventories.current import CurrentList, list_units
from forms_ext.models import InventoryPage
from tests.utils import home_page, logged_in, make_inventory, unit, user

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
QUESTIONS = [
    {"label": "Kind of place", "field_type": "radio", "choices": "bed | Bed\nroom | Room"},
    {
        "label": "Target groups",
        "field_type": "checkboxes",
        "choices": "women | Women\nfamilies | Families\nyouth | Youth",
    },
    {"label": "Wheelchair access", "field_type": "yesno"},
    {"label": "Vacant now", "field_type": "number"},
    {"label": "Vacant from", "field_type": "date", "required": False},
]
EXPECTED = ("nattherberget-nord", "nav-nord", "familiehuset-sor")


def at(day, hour=12):
    """A moment on 2026-11-<day> at <hour> in Oslo (UTC+1 in November)."""
    return datetime.datetime(2026, 11, day, hour - 1, 0, tzinfo=UTC)


def report(inventory, code, moment, *, kind="bed", groups=("women",), wheelchair="no", vacant=1,
           start=None, by=None):  # fmt: skip
    by = by or ("rapportor-sor" if code.endswith("-sor") else "rapportor-nord")
    answers = {
        "kind_of_place": kind,
        "target_groups": list(groups),
        "wheelchair_access": wheelchair,
        "vacant_now": Decimal(vacant),
        "vacant_from": start,
    }
    fields = list(inventory.get_form_fields())
    return submit_report(inventory, unit(code), user(by), answers, fields, now=moment)[0]


@pytest.fixture
def inventory():
    return make_inventory(
        QUESTIONS,
        slug="vacancies",
        parent=home_page("en"),
        expected_units=[unit(code) for code in EXPECTED],
    )


@pytest.fixture
def reported(inventory):
    """Nord's shelter today, NAV Nord yesterday only (stale), Sør's family house today."""
    report(inventory, "nav-nord", at(22, 9), kind="room", groups=["youth"], vacant=2)
    report(inventory, "nattherberget-nord", at(23, 8), groups=["women", "youth"],
           wheelchair="yes", vacant=3, start=datetime.date(2026, 11, 25))  # fmt: skip
    report(inventory, "familiehuset-sor", at(23, 9), kind="room", groups=["families", "women"],
           vacant=0)  # fmt: skip
    return inventory


def listing(inventory, params=None, user_name="koordinator-nord", now=None):
    """The list as ``user_name`` reads it at ``now`` (by default 2026-11-23 13:00)."""
    units = list_units(inventory, user(user_name))
    return CurrentList(inventory, units, params or {}, now=now or at(23, 13))


def names(found):
    return [row.unit.name for row in found.page(1)]


def test_the_list_shows_each_units_latest_answers_and_flags_stale_reports(reported, client):
    client.force_login(user("admin"))
    response = client.get("/en/vacancies/current/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 units found." in html
    for name in ("Nattherberget Nord", "NAV Nord", "Familiehuset Sør"):
        assert name in html
    assert "Women, Youth" in html  # the labels of the codes, as the detail view shows them
    rows = {row.unit.code: row for row in listing(reported, user_name="admin").page(1)}
    assert rows["nav-nord"].stale and not rows["nattherberget-nord"].stale
    assert rows["nav-nord"].period_name == "Sunday November 22"
    assert ("Vacant now", "2") in rows["nav-nord"].answers
    assert rows["nattherberget-nord"].updated_by == "Rapportor Bydel Nord"


def test_the_stale_flag_is_written_in_words_on_the_page(inventory, client):
    yesterday = datetime.datetime.now(UTC) - datetime.timedelta(days=1)
    report(inventory, "nav-nord", yesterday)
    client.force_login(user("admin"))
    html = client.get("/en/vacancies/current/").content.decode()
    assert "<strong>Stale:</strong>" in html
    assert 'class="bp-stale__icon" aria-hidden="true"' in html


def test_filters_made_from_the_questions(reported):
    everyone = "admin"
    assert names(listing(reported, {"kind_of_place": ["room"]}, everyone)) == [
        "Familiehuset Sør",
        "NAV Nord",
    ]
    # Several groups of a multiple choice: units taking all of them.
    both = {"target_groups": ["women", "youth"]}
    assert names(listing(reported, both, everyone)) == ["Nattherberget Nord"]
    assert names(listing(reported, {"wheelchair_access": "yes"}, everyone)) == [
        "Nattherberget Nord"
    ]
    assert names(listing(reported, {"vacant_now": "2"}, everyone)) == [
        "NAV Nord",
        "Nattherberget Nord",
    ]
    assert names(listing(reported, {"vacant_from": "2026-11-24"}, everyone)) == [
        "Nattherberget Nord"
    ]
    assert names(listing(reported, {"q": "familie"}, everyone)) == ["Familiehuset Sør"]
    assert names(listing(reported, {"current": "on"}, everyone)) == [
        "Familiehuset Sør",
        "Nattherberget Nord",
    ]


def test_an_invalid_filter_is_shown_and_left_out(reported, client):
    client.force_login(user("admin"))
    response = client.get("/en/vacancies/current/", {"vacant_now": "many"})
    html = response.content.decode()
    assert "Enter a number." in html
    assert "3 units found." in html


def test_the_list_works_as_a_get_form_without_javascript(reported, client):
    client.force_login(user("admin"))
    html = client.get("/en/vacancies/current/", {"kind_of_place": "room"}).content.decode()
    assert '<form class="bp-form bp-list-filters" method="get"' in html
    assert "2 units found." in html
    assert 'type="checkbox" name="kind_of_place" value="room"' in html
    assert 'type="datetime-local" name="as_of"' in html


def test_as_of_shows_the_values_then_after_later_changes(inventory, client):
    report(inventory, "nattherberget-nord", at(20, 9), vacant=5)
    report(inventory, "nattherberget-nord", at(20, 15), vacant=4)
    report(inventory, "nattherberget-nord", at(21, 9), vacant=1)
    report(inventory, "familiehuset-sor", at(21, 9), vacant=7)
    client.force_login(user("admin"))
    response = client.get("/en/vacancies/current/", {"as_of": "2026-11-20T14:00"})
    html = response.content.decode()
    assert "As of 20 November 2026 14:00" in html
    assert "1 unit found." in html
    found = listing(inventory, {"as_of": "2026-11-20T14:00"}, "admin")
    [row] = found.page(1)
    assert ("Vacant now", "5") in row.answers
    assert not row.stale  # the 20th's report, on the 20th
    later = listing(inventory, {"as_of": "2026-11-21T10:00"}, "admin")
    assert {r.unit.code: dict(r.answers)["Vacant now"] for r in later.page(1)} == {
        "nattherberget-nord": "1",
        "familiehuset-sor": "7",
    }
    # Filters apply to the values as they were: 5 vacant then, 1 now.
    then = listing(inventory, {"as_of": "2026-11-20T16:00", "vacant_now": "4"}, "admin")
    assert names(then) == ["Nattherberget Nord"]
    stale_then = listing(inventory, {"as_of": "2026-11-21T10:00", "current": "on"}, "admin")
    assert len(list(stale_then.page(1))) == 2
    on_22 = listing(inventory, {"as_of": "2026-11-22T10:00", "current": "on"}, "admin")
    assert list(on_22.page(1)) == []


def test_a_staff_list_shows_only_the_units_the_readers_roles_reach(reported):
    assert names(listing(reported, user_name="koordinator-sor")) == ["Familiehuset Sør"]
    assert names(listing(reported, user_name="rapportor-nord")) == [
        "NAV Nord",
        "Nattherberget Nord",
    ]
    client = logged_in("leser-sor")
    html = client.get("/en/vacancies/current/").content.decode()
    assert "Familiehuset Sør" in html
    assert "Nattherberget Nord" not in html and "NAV Nord" not in html


def test_anonymous_readers_log_in_and_readers_without_a_role_are_refused(reported, client):
    response = client.get("/en/vacancies/current/")
    assert response.status_code == 302 and "login" in response.url
    response = logged_in("editor").get("/en/vacancies/current/")
    assert response.status_code == 403
    assert "This list is for staff" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_public_list_is_for_anyone_and_names_units_not_people(reported, client):
    InventoryPage.objects.filter(pk=reported.pk).update(list_audience="public")
    response = client.get("/en/vacancies/current/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 units found." in html
    assert "Rapportor" not in html
    assert "by Nattherberget Nord" in html
    assert "Download this list" not in html


def test_staff_who_may_see_answers_get_export_links_with_the_filters(reported):
    html = (
        logged_in("koordinator-nord")
        .get("/en/vacancies/current/", {"kind_of_place": "room"})
        .content.decode()
    )
    assert "Download this list" in html
    assert "/export/current/csv/?kind_of_place=room" in html
    html = logged_in("rapportor-nord").get("/en/vacancies/current/").content.decode()
    assert "Download this list" not in html


def test_the_list_pages_fifty_units_at_a_time(inventory):
    parent = unit("fjordvik-nord")
    extra = [parent.add_child(name=f"Hybel {n:02d}", code=f"hybel-{n:02d}", kind="provider")
             for n in range(55)]  # fmt: skip
    inventory.expected_units.add(*extra)
    inventory.save_revision().publish()
    for number, place in enumerate(extra):
        fields = list(inventory.get_form_fields())
        answers = {"kind_of_place": "bed", "target_groups": ["women"], "wheelchair_access": "no",
                   "vacant_now": Decimal(number)}  # fmt: skip
        submit_report(inventory, place, user("admin"), answers, fields, now=at(23, 9))
    found = listing(inventory, {}, "admin").page(2)
    assert found.paginator.count == 55
    assert len(found.object_list) == 5


def test_the_number_of_queries_does_not_grow_with_the_units_shown(reported, client):
    client.force_login(user("admin"))

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/en/vacancies/current/", params)
            assert response.status_code == 200
        return len(captured), response.content.decode()

    queries({})  # the first request fills caches (site, locale) that later ones read
    three, html = queries({})
    assert "3 units found." in html
    for code in ("sentrum-hospits", "boligkontoret"):
        reported.expected_units.add(unit(code))
    reported.save_revision().publish()
    for code in ("sentrum-hospits", "boligkontoret"):
        report(reported, code, at(23, 9), by="rapportor-sentrum")
    five, html = queries({})
    assert "5 units found." in html
    assert five == three
    filtered, html = queries({"kind_of_place": "bed", "target_groups": "women", "vacant_now": "1"})
    assert "3 units found." in html
    assert filtered == three
    as_of, html = queries({"as_of": "2026-11-23T12:00"})
    assert "5 units found." in html
    assert as_of <= three
