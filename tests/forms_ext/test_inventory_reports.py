"""Inventory reports: one per unit and period, updated in place, history, corrections, queries."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.models import ModelLogEntry

from forms_ext.inventories import (
    ReportRefused,
    as_of,
    carried_values,
    latest_reports,
    period_for,
    submit_report,
)
from forms_ext.models import (
    Answer,
    InventoryReport,
    ReportChange,
    SurveySubmission,
)
from tests.utils import home_page, make_inventory, unit, user

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
QUESTIONS = [
    {"label": "Vacant beds", "field_type": "number"},
    {"label": "Note", "field_type": "singleline", "required": False},
]
EXPECTED = ("nattherberget-nord", "nav-nord", "familiehuset-sor")


def at(day, hour=12):
    """A moment on 2026-11-<day> at <hour> in Oslo (UTC+1 in November)."""
    return datetime.datetime(2026, 11, day, hour - 1, 0, tzinfo=UTC)


def vacancies(slug="vacancies", **schedule):
    return make_inventory(
        QUESTIONS,
        slug=slug,
        parent=home_page("en"),
        expected_units=[unit(code) for code in EXPECTED],
        **schedule,
    )


def report(inventory, code, beds, moment, note="", by="rapportor-nord", **kwargs):
    fields = list(inventory.get_form_fields())
    answers = {"vacant_beds": Decimal(beds), "note": note}
    return submit_report(inventory, unit(code), user(by), answers, fields, now=moment, **kwargs)


def test_the_first_report_creates_a_submission_and_a_change():
    inventory = vacancies()
    stored, created = report(inventory, "nattherberget-nord", 3, at(23, 9))
    assert created
    assert stored.period.key == "2026-11-23"
    assert stored.submission.channel == "reporter"
    assert stored.submission.unit.code == "nattherberget-nord"
    assert stored.submission.form_data == {"vacant_beds": "3", "note": ""}
    assert stored.submission.submit_time == at(23, 9)
    assert not stored.late
    change = stored.changes.get()
    assert (change.kind, change.data, change.changed_keys) == (
        "reported",
        {"vacant_beds": "3", "note": ""},
        ["vacant_beds", "note"],
    )


def test_an_update_before_closing_rewrites_the_one_submission_in_place():
    inventory = vacancies()
    first, _ = report(inventory, "nattherberget-nord", 3, at(23, 9))
    again, created = report(inventory, "nattherberget-nord", 1, at(23, 15), note="Two taken")
    assert not created and again.pk == first.pk
    assert SurveySubmission.objects.filter(survey_key=inventory.translation_key).count() == 1
    numbers = Answer.objects.filter(submission=first.submission, key="vacant_beds")
    assert [row.number for row in numbers] == [Decimal(1)]
    assert Answer.objects.filter(submission=first.submission, key="note").get().text == "Two taken"
    history = list(again.changes.values_list("kind", "changed_keys"))
    assert history == [("reported", ["vacant_beds", "note"]), ("updated", ["vacant_beds", "note"])]
    again.refresh_from_db()
    assert again.updated_at == at(23, 15)
    assert again.first_reported_at == at(23, 9)


def test_a_first_report_after_the_due_time_is_late():
    inventory = vacancies()
    stored, _ = report(inventory, "nattherberget-nord", 3, at(23, 11))
    assert stored.late


def test_a_reporter_is_refused_after_closing_and_before_opening():
    inventory = vacancies(
        opens_at=datetime.time(6, 0), closes_at=datetime.time(20, 0), due_at=datetime.time(9, 0)
    )
    with pytest.raises(ReportRefused) as closed:
        report(inventory, "nattherberget-nord", 3, at(23, 21))
    assert closed.value.reason == "closed"
    with pytest.raises(ReportRefused) as early:
        report(inventory, "nattherberget-nord", 3, at(23, 5))
    assert early.value.reason == "upcoming"
    assert not InventoryReport.objects.exists()


def test_a_unit_not_expected_cannot_report():
    inventory = vacancies()
    with pytest.raises(ReportRefused) as refused:
        report(inventory, "boligkontoret", 3, at(23, 9), by="rapportor-sentrum")
    assert refused.value.reason == "not_expected"


def test_a_coordinator_corrects_a_closed_report_into_its_history_and_the_audit_log(client):
    inventory = vacancies()
    stored, _ = report(inventory, "nattherberget-nord", 3, at(22, 9))
    client.force_login(user("koordinator-nord"))
    url = reverse("forms_ext_correct_submission", args=[stored.submission.pk])
    response = client.post(url, {"vacant_beds": "5", "note": ""})
    assert response.status_code == 302
    change = stored.changes.order_by("-pk").first()
    assert change.kind == "corrected_by_coordinator"
    assert change.changed_by.username == "koordinator-nord"
    assert change.data["vacant_beds"] == "5"
    assert change.changed_keys == ["vacant_beds"]
    entry = ModelLogEntry.objects.for_instance(stored.submission).get()
    assert (entry.action, entry.data) == ("forms_ext.correct", {"changed": ["vacant_beds"]})
    client.force_login(user("koordinator-sor"))
    client.post(url, {"vacant_beds": "9", "note": ""})  # Wagtail turns the 403 into a redirect
    assert stored.changes.count() == 2, "a coordinator of Sør cannot correct Nord's report"


def test_carried_values_are_the_units_latest_earlier_report():
    inventory = vacancies()
    report(inventory, "nattherberget-nord", 3, at(20))
    report(inventory, "nattherberget-nord", 2, at(21), note="Yesterday")
    report(inventory, "nav-nord", 7, at(22))
    today = period_for(inventory, at(23))
    carried = carried_values(inventory, unit("nattherberget-nord"), today)
    assert carried == {"vacant_beds": "2", "note": "Yesterday"}
    assert carried_values(inventory, unit("familiehuset-sor"), today) == {}


def test_confirming_no_change_is_its_own_kind_of_change():
    inventory = vacancies()
    report(inventory, "nattherberget-nord", 3, at(22))
    stored, created = report(inventory, "nattherberget-nord", 3, at(23, 8), unchanged=True)
    assert created
    change = stored.changes.get()
    assert (change.kind, change.changed_keys) == ("confirmed_unchanged", [])


def test_latest_reports_gives_each_unit_its_latest_period(django_assert_max_num_queries):
    inventory = vacancies()
    report(inventory, "nattherberget-nord", 3, at(20))
    report(inventory, "nattherberget-nord", 2, at(22))
    report(inventory, "familiehuset-sor", 8, at(21), by="rapportor-sor")
    with django_assert_max_num_queries(3):
        latest = {
            r.unit.code: r.submission.form_data["vacant_beds"] for r in latest_reports(inventory)
        }
    assert latest == {"nattherberget-nord": "2", "familiehuset-sor": "8"}
    only_south = latest_reports(inventory, units=[unit("familiehuset-sor")])
    assert [r.unit.code for r in only_south] == ["familiehuset-sor"]


def test_as_of_gives_the_values_each_unit_showed_then(client):
    inventory = vacancies()
    report(inventory, "nattherberget-nord", 3, at(21, 9))
    report(inventory, "nattherberget-nord", 1, at(21, 15))
    day_22, _ = report(inventory, "nattherberget-nord", 4, at(22, 9))
    report(inventory, "familiehuset-sor", 8, at(22, 9), by="rapportor-sor")

    def beds(moment):
        return {c.unit.code: c.data["vacant_beds"] for c in as_of(inventory, moment)}

    assert beds(at(21, 8)) == {}
    assert beds(at(21, 12)) == {"nattherberget-nord": "3"}
    assert beds(at(21, 16)) == {"nattherberget-nord": "1"}
    assert beds(at(22, 10)) == {"nattherberget-nord": "4", "familiehuset-sor": "8"}
    # A later correction of the 21st does not bring that day back as the current one.
    first = InventoryReport.objects.get(unit__code="nattherberget-nord", period__key="2026-11-21")
    client.force_login(user("koordinator-nord"))
    url = reverse("forms_ext_correct_submission", args=[first.submission.pk])
    client.post(url, {"vacant_beds": "0", "note": ""})
    now = datetime.datetime.now(UTC)
    assert beds(now)["nattherberget-nord"] == "4"
    assert as_of(inventory, now).get(unit__code="nattherberget-nord").report_id == day_22.pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database refuses concurrent writers outright",
)
def test_two_first_reports_at_once_make_one_report_with_two_changes(demo_after_flush):
    inventory = vacancies(slug="race")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def send(beds):
        try:
            barrier.wait()
            results.append(report(inventory, "nattherberget-nord", beds, at(23, 9)))
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(beds,)) for beds in (3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _report, created in results) == [False, True]
    stored = InventoryReport.objects.get()
    assert stored.changes.count() == 2
    assert SurveySubmission.objects.filter(survey_key=inventory.translation_key).count() == 1
    assert Answer.objects.filter(submission=stored.submission, key="vacant_beds").count() == 1
    assert ReportChange.objects.filter(report=stored).order_by("pk").last().kind == "updated"
