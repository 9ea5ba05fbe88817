"""The submissions of a survey in Wagtail's admin and across languages."""

import uuid

import pytest
from wagtail.models import Locale

from forms_ext.models import SurveyPage, SurveySubmission
from forms_ext.submissions import store_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_survey():
    return SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")


def test_listing_shows_every_version_s_columns(admin_client_en, demo_survey):
    response = admin_client_en.get(f"/admin/forms/submissions/{demo_survey.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Samtalen ble gjort på" in html  # added in version 2
    assert "Hvor nyttig var veilederen?" in html


def test_demo_survey_has_answers_over_two_versions(demo_survey):
    numbers = SurveySubmission.objects.filter(page=demo_survey).values_list(
        "version__number", flat=True
    )
    assert set(numbers) == {1, 2}
    assert len(numbers) >= 50


def test_answers_in_every_language_land_in_one_data_set(demo_survey):
    english = demo_survey.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.title = "Tenant follow-up"
    english.save_revision().publish()
    english = SurveyPage.objects.get(pk=english.pk)
    fields = list(english.get_form_fields())
    assert [f.clean_name for f in fields] == [f.clean_name for f in demo_survey.get_form_fields()]

    submission = store_submission(
        english, fields, {"fikk_du_snakke_med_husstanden": "refused"}, str(uuid.uuid4()), "en"
    )

    assert submission.survey_key == demo_survey.translation_key
    assert submission in demo_survey.get_submissions()
    assert submission.version.number == 2, "a translation shares the original's versions"


def test_survey_editor_opens_with_questions_and_rules(admin_client_en, demo_survey):
    response = admin_client_en.get(f"/admin/pages/{demo_survey.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Show only if" in html
    assert "Hvor nyttig var veilederen?" in html


def test_new_survey_can_be_added_under_the_surveys_section(admin_client_en, demo_survey):
    parent = demo_survey.get_parent()
    response = admin_client_en.get(f"/admin/pages/add/forms_ext/surveypage/{parent.pk}/")
    assert response.status_code == 200
    assert "File upload" in response.content.decode()
