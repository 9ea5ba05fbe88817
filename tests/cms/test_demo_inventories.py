"""The inventories' demo step: the vacancy inventory, its reports, the count, the social worker.

The shared test demo leaves this step out (tests/conftest.py), so each test runs it.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Max
from django.utils import timezone

from cms import demo_homelessness
from cms.demo_inventories import SOCIAL_WORKER, seed_inventories
from cms.demo_vacancy_reports import DAYS, NEVER_REPORTED, STALE
from forms_ext.inventories import latest_reports, local_date
from forms_ext.models import (
    Answer,
    Audience,
    InventoryPage,
    InventoryReport,
    OrganisationUnit,
    ReportChange,
    SurveyPage,
    SurveySubmission,
    UnitRole,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    return seed_inventories(lambda message: None)


@pytest.fixture
def vacancies(lines):
    return InventoryPage.objects.get(slug="vacancies", locale__language_code="nb")


def test_forty_providers_under_the_districts_report_daily_by_ten(vacancies):
    assert vacancies.url == "/inventories/vacancies/"
    assert (vacancies.frequency, vacancies.due_at) == ("daily", datetime.time(10, 0))
    units = list(vacancies.expected_units.all())
    assert len(units) == 40
    assert {unit.kind for unit in units} == {"provider"}
    assert {unit.get_parent().code for unit in units} == {
        "fjordvik-nord",
        "fjordvik-sentrum",
        "fjordvik-sor",
    }
    english = InventoryPage.objects.get(slug="vacancies", locale__language_code="en")
    assert english.url == "/en/inventories/vacancies/"
    assert english.translation_key == vacancies.translation_key
    assert [f.clean_name for f in english.form_fields.all()] == [
        f.clean_name for f in vacancies.form_fields.all()
    ]


def test_sixty_days_of_reports_some_late_some_missing_some_stale(vacancies):
    reports = InventoryReport.objects.filter(inventory_key=vacancies.translation_key)
    today = local_date(timezone.now())
    days = {report.period.first_day for report in reports.select_related("period")}
    assert min(days) == today - datetime.timedelta(days=DAYS - 1)
    assert max(days) <= today
    assert 0.05 < reports.filter(late=True).count() / reports.count() < 0.3
    assert reports.count() < 40 * DAYS * 0.97  # days are missing
    latest = {report.unit.name: report for report in latest_reports(vacancies)}
    assert NEVER_REPORTED not in latest
    for name, days_ago in STALE.items():
        assert latest[name].period.first_day <= today - datetime.timedelta(days=days_ago)


def test_each_report_has_the_shape_submit_report_gives_it(vacancies):
    reports = InventoryReport.objects.filter(inventory_key=vacancies.translation_key)
    report = reports.annotate(n=Count("changes")).filter(n=2).first()
    changes = list(report.changes.order_by("changed_at"))
    assert changes[0].kind in (ReportChange.Kind.REPORTED, ReportChange.Kind.CONFIRMED_UNCHANGED)
    assert changes[1].kind == ReportChange.Kind.UPDATED
    assert report.submission.form_data == changes[-1].data
    assert report.submission.submit_time == report.first_reported_at == changes[0].changed_at
    assert report.updated_at == changes[-1].changed_at
    assert report.late == (report.first_reported_at > report.period.due_at)
    vacant = Answer.objects.get(submission=report.submission, key="vacant").number
    assert vacant == int(report.submission.form_data["vacant"])
    kinds = set(ReportChange.objects.values_list("kind", flat=True))
    assert {"reported", "confirmed_unchanged", "updated"} <= kinds
    assert (
        reports.count()
        == SurveySubmission.objects.filter(
            survey_key=vacancies.translation_key, channel="reporter"
        ).count()
    )


def test_a_reporter_of_a_stale_unit_gets_its_last_values_carried_forward(vacancies, client):
    client.force_login(get_user_model().objects.get(username="rapportor-nord"))
    unit = OrganisationUnit.objects.get(name="Moloen hybelhus")
    response = client.get(f"{vacancies.url}?unit={unit.pk}")
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["previous"].unit == unit
    assert response.context["form"].initial["vacant"] is not None


def test_a_second_run_adds_nothing(lines):
    counts = [
        model.objects.count()
        for model in (OrganisationUnit, InventoryReport, ReportChange, SurveySubmission, Answer)
    ]
    seed_inventories(lambda message: None)
    assert counts == [
        model.objects.count()
        for model in (OrganisationUnit, InventoryReport, ReportChange, SurveySubmission, Answer)
    ]


def test_the_count_is_a_reporters_survey_of_one_form_per_person_in_week_15(lines):
    count = SurveyPage.objects.get(slug="hemloshet", locale__language_code="nb")
    assert not isinstance(count.specific, InventoryPage)
    assert count.audience == Audience.REPORTERS
    swedish = SurveyPage.objects.get(slug="hemloshet", locale__language_code="sv")
    assert swedish.url == "/sv/inventories/hemloshet/"
    assert swedish.form_fields.get(clean_name="situation").label == "Situation under mätveckan"
    forms = SurveySubmission.objects.filter(survey_key=count.translation_key)
    assert forms.count() == demo_homelessness.PEOPLE
    monday, sunday = demo_homelessness.count_week(timezone.localdate())
    assert {local_date(f.submit_time) for f in forms} <= {
        monday + datetime.timedelta(days=n) for n in range(7)
    }
    assert local_date(forms.aggregate(last=Max("submit_time"))["last"]) <= sunday
    hashes = [f.form_data.get("personal_number") for f in forms if "personal_number" in f.form_data]
    assert all(re.fullmatch(r"[0-9a-f]{64}", value) for value in hashes)
    assert len(hashes) - len(set(hashes)) == 3  # reported by two units


def test_the_social_worker_views_the_whole_municipality_and_edits_no_pages(lines, client):
    worker = get_user_model().objects.get(username=SOCIAL_WORKER)
    assert UnitRole.objects.filter(user=worker, unit__code="fjordvik", role="viewer").exists()
    assert worker.has_perm("wagtailadmin.access_admin")
    assert not worker.groups.exists()
    assert any(line.startswith(f"{SOCIAL_WORKER} / ") for line in lines)
    assert client.login(username=SOCIAL_WORKER, password="demo")


def test_the_demo_has_an_example_api_client_of_nord_that_nobody_can_use(vacancies):
    from forms_ext.models import ApiClient

    client = ApiClient.objects.get(name="Fagsystem Bydel Nord (eksempel)")
    assert [unit.code for unit in client.units.all()] == ["fjordvik-nord"]
    assert list(client.inventories.all()) == [vacancies]
    assert len(client.token_hash) == 64 and client.token_hint.startswith("bop_")
