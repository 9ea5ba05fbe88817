"""Exports of an inventory's current list and history, read back as a spreadsheet would."""

import csv
import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse

from forms_ext.exports import jobs
from forms_ext.field_types.files import upload_storage
from forms_ext.inventories import submit_report
from forms_ext.models import ExportJob
from tests.utils import home_page, logged_in, make_inventory, unit, user

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
QUESTIONS = [
    {"label": "Kind of place", "field_type": "radio", "choices": "bed | Bed\nroom | Room"},
    {"label": "Vacant beds", "field_type": "number"},
]
EXPECTED = ("nattherberget-nord", "nav-nord", "familiehuset-sor")


def report(inventory, code, moment, beds, kind="bed"):
    by = "rapportor-sor" if code.endswith("-sor") else "rapportor-nord"
    fields = list(inventory.get_form_fields())
    answers = {"kind_of_place": kind, "vacant_beds": Decimal(beds)}
    return submit_report(inventory, unit(code), user(by), answers, fields, now=moment)[0]


@pytest.fixture
def inventory():
    page = make_inventory(
        QUESTIONS,
        slug="vacancies",
        parent=home_page("en"),
        expected_units=[unit(code) for code in EXPECTED],
    )
    now = datetime.datetime.now(UTC)
    yesterday = now - datetime.timedelta(days=1)
    report(page, "nattherberget-nord", yesterday, 5)
    report(page, "nattherberget-nord", now, 3, kind="room")
    report(page, "nav-nord", yesterday, 1)  # stale today
    report(page, "familiehuset-sor", now, 8)
    return page


def url(inventory, kind, fmt):
    return reverse("forms_ext_inventory_export", args=[inventory.pk, kind, fmt])


def body(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def test_the_history_has_every_report_with_its_period_and_only_the_users_units(inventory):
    response = logged_in("koordinator-nord").get(url(inventory, "history", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    today = datetime.datetime.now(UTC).astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    assert sorted((row["unit_code"], row["vacant_beds"]) for row in rows) == [
        ("nattherberget-nord", "3"),
        ("nattherberget-nord", "5"),
        ("nav-nord", "1"),
    ]
    assert {row["period"] for row in rows} >= {today.date().isoformat()}
    assert list(rows[0])[:8] == [
        "submission_id", "submitted_at", "version", "unit_code", "unit_name", "language",
        "period", "kind_of_place",
    ]  # fmt: skip
    assert "stale" not in rows[0]


def test_a_coordinator_of_sor_exports_no_row_of_nord(inventory):
    for kind in ("history", "current"):
        rows = csv_rows(logged_in("koordinator-sor").get(url(inventory, kind, "csv")))
        assert [row["unit_code"] for row in rows] == ["familiehuset-sor"], kind


def test_the_current_list_as_xlsx_has_the_latest_report_of_each_unit_and_a_stale_column(
    inventory,
):
    response = logged_in("admin").get(url(inventory, "current", "xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    found = {
        row[header.index("unit_code")]: (
            row[header.index("vacant_beds")],
            row[header.index("kind_of_place")],
            row[header.index("stale")],
        )
        for row in rows
    }
    assert found == {
        "nattherberget-nord": (3, "room", "no"),
        "nav-nord": (1, "bed", "yes"),
        "familiehuset-sor": (8, "bed", "no"),
    }


def test_the_current_export_keeps_the_lists_filters(inventory):
    response = logged_in("admin").get(url(inventory, "current", "json"), {"kind_of_place": "bed"})
    data = json.loads(body(response))
    assert sorted(item["unit_code"] for item in data) == ["familiehuset-sor", "nav-nord"]
    assert {item["stale"] for item in data} == {"yes", "no"}
    assert all(isinstance(item["vacant_beds"], int) for item in data)


def test_reporters_and_unknown_exports_are_refused(inventory):
    response = logged_in("rapportor-nord").get(url(inventory, "history", "csv"))
    assert response.status_code in (302, 403)
    assert logged_in("admin").get(url(inventory, "everything", "csv")).status_code == 400
    assert logged_in("admin").get(url(inventory, "history", "pdf")).status_code == 400


@override_settings(FORMS_EXT_EXPORT_SYNC_MAX_ROWS=2)
def test_a_large_history_becomes_a_background_export(inventory):
    response = logged_in("admin").get(url(inventory, "history", "csv"))
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response.url == reverse("forms_ext_export_job", args=[job.pk])
    assert job.total == 4
    assert jobs.run_export(job.pk) == 4
    job.refresh_from_db()
    with upload_storage().open(job.file) as written:
        rows = list(csv.DictReader(io.StringIO(written.read().decode("utf-8-sig"))))
    assert len(rows) == 4
    assert all(row["period"] for row in rows), "the background history keeps the period"
