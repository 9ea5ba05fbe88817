"""The reporter's page of an inventory: who may report, status, carry-forward, "no change"."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from forms_ext.inventories import period_for, submit_report
from forms_ext.models import InventoryReport, UnitRole
from tests.utils import home_page, logged_in, make_inventory, unit, user

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"label": "Vacant beds", "field_type": "number"},
    {"label": "Note", "field_type": "singleline", "required": False},
]


@pytest.fixture
def inventory():
    units = [unit(code) for code in ("nattherberget-nord", "nav-nord", "familiehuset-sor")]
    return make_inventory(QUESTIONS, slug="vacancies", parent=home_page("en"), expected_units=units)


def today_key(inventory):
    return period_for(inventory).key


def yesterday_report(inventory, code="nattherberget-nord", beds=4):
    moment = timezone.now() - datetime.timedelta(days=1)
    fields = list(inventory.get_form_fields())
    answers = {"vacant_beds": Decimal(beds), "note": "Ground floor"}
    return submit_report(inventory, unit(code), user("rapportor-nord"), answers, fields, now=moment)


def test_anonymous_visitors_are_sent_to_log_in(inventory):
    response = Client().get(inventory.url)
    assert response.status_code == 302
    assert "login" in response.url


def test_people_without_a_reporter_role_in_an_expected_unit_are_refused(inventory):
    for name in ("rapportor-sentrum", "koordinator-nord", "leser-nord"):
        response = logged_in(name).get(inventory.url)
        assert response.status_code == 403, name
        assert "This survey is for reporters" in response.content.decode()


def test_a_reporter_of_another_district_can_neither_see_nor_report_for_a_unit(inventory):
    client = logged_in("rapportor-sor")
    north = unit("nattherberget-nord").pk
    assert client.get(f"{inventory.url}?unit={north}").status_code == 403
    data = {"period": today_key(inventory), "unit": north, "vacant_beds": "2"}
    assert client.post(inventory.url, data).status_code == 403
    assert not InventoryReport.objects.exists()


def test_a_district_reporter_chooses_among_the_units_below_and_reports(inventory):
    client = logged_in("rapportor-nord")
    html = client.get(inventory.url).content.decode()
    assert "Your units" in html
    assert "Nattherberget Nord" in html and "NAV Nord" in html
    assert "Familiehuset" not in html
    assert "Not reported yet" in html or "Late" in html
    assert 'name="vacant_beds"' in html
    nav = unit("nav-nord").pk
    data = {"period": today_key(inventory), "unit": nav, "vacant_beds": "2", "note": ""}
    response = client.post(f"{inventory.url}?unit={nav}", data)
    assert response.status_code == 302
    assert response.url == f"{inventory.url}?unit={nav}&saved=1"
    stored = InventoryReport.objects.get()
    assert stored.unit.code == "nav-nord"
    assert stored.submission.recorded_by.username == "rapportor-nord"
    page = client.get(response.url).content.decode()
    assert "Your report is saved." in page
    assert "Reported" in page and 'value="2"' in page


def test_errors_are_summarised_and_the_input_kept(inventory):
    client = logged_in("rapportor-nord")
    data = {"period": today_key(inventory), "vacant_beds": "many", "note": "Kept"}
    response = client.post(inventory.url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the following" in html
    assert 'value="Kept"' in html
    assert not InventoryReport.objects.exists()


def test_yesterdays_values_are_carried_forward_and_no_change_is_one_click(inventory):
    yesterday_report(inventory)
    client = logged_in("rapportor-nord")
    north = unit("nattherberget-nord").pk
    html = client.get(f"{inventory.url}?unit={north}").content.decode()
    assert "Filled in from your report of" in html
    assert 'value="4"' in html and 'value="Ground floor"' in html
    assert "No change since" in html
    data = {"period": today_key(inventory), "unit": north, "unchanged": ""}
    assert client.post(inventory.url, data).status_code == 302
    today = InventoryReport.objects.get(period__key=today_key(inventory))
    assert today.submission.form_data == {"vacant_beds": "4", "note": "Ground floor"}
    assert today.changes.get().kind == "confirmed_unchanged"


def test_a_form_sent_after_its_period_closed_is_refused_not_stored_in_the_next(inventory):
    client = logged_in("rapportor-nord")
    stale = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    typed = {"period": stale, "vacant_beds": "2", "note": "Typed before midnight"}
    response = client.post(inventory.url, typed)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Your report was not saved." in html
    assert "Ask your coordinator" in html
    assert "Typed before midnight" in html, "what the reporter typed is shown again"
    assert not InventoryReport.objects.exists()


def test_a_reporter_role_above_the_unit_counts_and_one_unit_needs_no_chooser(inventory):
    provider_reporter = get_user_model().objects.create_user("rapportor-familie", "f@example.org")
    UnitRole.objects.create(user=provider_reporter, unit=unit("familiehuset-sor"), role="reporter")
    client = Client()
    client.force_login(provider_reporter)
    html = client.get(inventory.url).content.decode()
    assert "Your units" not in html
    assert "Familiehuset Sør" in html


def test_editors_set_the_schedule_in_its_own_tab(admin_client_en, inventory):
    response = admin_client_en.get(f"/admin/pages/{inventory.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schedule" in html
    assert 'name="frequency"' in html and 'name="expected_units"' in html
    assert 'name="audience"' not in html


def test_an_inventory_is_always_for_reporters_and_its_questions_are_versioned(inventory):
    from forms_ext.models import Audience, SurveyVersion

    inventory.audience = Audience.PUBLIC
    inventory.save()
    inventory.refresh_from_db()
    assert inventory.audience == Audience.REPORTERS
    assert SurveyVersion.objects.filter(survey_key=inventory.translation_key).count() == 1
