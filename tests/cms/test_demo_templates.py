"""The demo's template step: rights, and the elderly-care survey made from its template."""

import pytest
from django.urls import reverse

from cms.demo_templates import ANSWERS, ELDERLY_SLUG, seed_elderly_care_survey
from forms_ext.models import SurveyPage
from forms_ext.template_library.shipped import SHIPPED
from tests.utils import logged_in, unit

pytestmark = pytest.mark.django_db


def test_the_elderly_care_survey_is_made_from_its_template_with_answers_once():
    seed_elderly_care_survey(lambda message: None)
    seed_elderly_care_survey(lambda message: None)

    page = SurveyPage.objects.get(slug=ELDERLY_SLUG, locale__language_code="nb")
    template = next(item for item in SHIPPED if item["key"] == "elderly-care-user-survey")
    assert page.live and page.owner_unit == unit("fjordvik-nord")
    assert [f.clean_name for f in page.get_form_fields()] == [
        field["key"] for field in template["definition"]["fields"]
    ]
    assert {t.locale.language_code: t.live for t in page.get_translations()} == {
        "sv": True,
        "en": True,
    }
    answers = page.get_submissions()
    assert answers.count() == ANSWERS
    assert answers.filter(language="sv").exists()
    assert answers.filter(form_data__form_version="simple").exists()
    assert all(answer.unit == unit("fjordvik-nord") for answer in answers)
    public = logged_in("koordinator-nord").get(page.url)
    assert public.status_code == 200


def test_coordinators_may_publish_surveys_and_editors_save_templates():
    from django.contrib.auth import get_user_model

    coordinator = get_user_model().objects.get(username="koordinator-nord")
    surveys = SurveyPage.objects.get(slug="tenant-follow-up").get_parent()
    assert surveys.permissions_for_user(coordinator).can_publish_subpage()
    editor = get_user_model().objects.get(username="editor")
    assert editor.has_perm("forms_ext.add_surveytemplate")
    response = logged_in("editor").get(reverse("survey_templates:index"))
    assert response.status_code == 200
