"""Versions: editing a live survey loses no answer, and types cannot change under answers."""

import uuid

import pytest
from django.utils import translation

from forms_ext.models import SurveyField, SurveySubmission, SurveyVersion
from forms_ext.submissions import store_submission
from forms_ext.versions import union_of_fields
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey(
        [
            {"label": "Name", "field_type": "singleline"},
            {"label": "Household", "field_type": "number"},
            {"label": "Goal", "field_type": "radio", "choices": "rent | Rent\nbuy | Buy"},
        ],
        slug="versioned",
    )


def answer(page, answers):
    page = type(page).objects.get(pk=page.pk)
    return store_submission(page, list(page.get_form_fields()), answers, str(uuid.uuid4()), "nb")


def republish(page, change):
    page = type(page).objects.get(pk=page.pk)
    fields = change(list(page.form_fields.all()))
    for order, field in enumerate(fields):
        field.sort_order = order
    page.form_fields = fields
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def test_first_publish_records_version_one(survey):
    version = SurveyVersion.objects.get(survey_key=survey.translation_key)
    assert version.number == 1
    assert [f["key"] for f in version.fields] == ["name", "household", "goal"]


def test_publishing_without_changes_makes_no_new_version(survey):
    survey.save_revision().publish()
    assert SurveyVersion.objects.filter(survey_key=survey.translation_key).count() == 1


def test_each_submission_records_the_version_it_answered(survey):
    first = answer(survey, {"name": "Kari", "household": 2, "goal": "rent"})
    survey = republish(
        survey, lambda fields: [*fields, SurveyField(label="Notes", field_type="multiline")]
    )
    second = answer(survey, {"name": "Ola", "household": 1, "goal": "buy", "notes": "x"})
    assert (first.version.number, second.version.number) == (1, 2)


def test_rename_keeps_the_key_and_the_answers(survey):
    answer(survey, {"name": "Kari", "household": 2, "goal": "rent"})

    def rename(fields):
        fields[0].label = "Full name"
        return fields

    survey = republish(survey, rename)
    assert [f.clean_name for f in survey.get_form_fields()][0] == "name"
    columns = dict(survey.get_data_fields())
    assert columns["name"] == "Full name"
    assert SurveySubmission.objects.get(page=survey).form_data["name"] == "Kari"


def test_deleted_and_reordered_questions_keep_their_columns(survey):
    answer(survey, {"name": "Kari", "household": 2, "goal": "rent"})
    survey = republish(survey, lambda fields: [fields[2], fields[0]])  # drop household, reorder
    answer(survey, {"goal": "buy", "name": "Ola"})
    keys = [key for key, _label in survey.get_data_fields()]
    assert keys == ["submit_time", "goal", "name", "household"]
    assert {s.form_data.get("household") for s in SurveySubmission.objects.filter(page=survey)} == {
        2,
        None,
    }


def test_union_places_a_dropped_question_after_its_old_neighbour(survey):
    survey = republish(survey, lambda fields: [fields[0], fields[2]])
    assert [f["key"] for f in union_of_fields(survey.translation_key)] == [
        "name",
        "household",
        "goal",
    ]


EMPTY_RICH_TEXT = '{"blocks": [], "entityMap": {}}'


def admin_form_data(page, fields):
    """The POST of Wagtail's page editor for a survey with these question dicts."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": EMPTY_RICH_TEXT,
        "thank_you_text": EMPTY_RICH_TEXT,
        "notify_to": "",
        "form_fields-TOTAL_FORMS": str(len(fields)),
        "form_fields-INITIAL_FORMS": str(sum(1 for field in fields if field.get("id"))),
        "form_fields-MIN_NUM_FORMS": "0",
        "form_fields-MAX_NUM_FORMS": "1000",
    }
    for index, field in enumerate(fields):
        prefix = f"form_fields-{index}-"
        values = {
            "id": field.get("id", ""),
            "ORDER": str(index + 1),
            "DELETE": "",
            "label": field["label"],
            "field_type": field["field_type"],
            "required": "on",
            "choices": field.get("choices", ""),
            "help_text": "",
            "default_value": "",
            "min_value": field.get("min_value", ""),
            "max_value": field.get("max_value", ""),
            "decimal_places": "0",
            "unit": "",
            "statements": "",
            "min_label": "",
            "max_label": "",
            "rule_field": field.get("rule_field", ""),
            "rule_operator": field.get("rule_operator", "eq"),
            "rule_value": field.get("rule_value", ""),
        }
        data.update({prefix + key: value for key, value in values.items()})
    return data


def edit(client, page, fields):
    with translation.override("en"):
        return client.post(f"/admin/pages/{page.pk}/edit/", admin_form_data(page, fields))


def existing(page):
    return [
        {"id": str(f.pk), "label": f.label, "field_type": f.field_type, "choices": f.choices}
        for f in page.get_form_fields()
    ]


def test_admin_refuses_to_change_the_type_of_an_answered_question(admin_client_en, survey):
    answer(survey, {"name": "Kari", "household": 2, "goal": "rent"})
    fields = existing(survey)
    fields[1]["field_type"] = "singleline"
    response = edit(admin_client_en, survey, fields)
    assert response.status_code == 200
    assert "already has answers of another kind" in response.content.decode()


def test_admin_accepts_a_type_change_with_the_same_storage(admin_client_en, survey):
    answer(survey, {"name": "Kari", "household": 2, "goal": "rent"})
    fields = existing(survey)
    fields[2]["field_type"] = "dropdown"
    response = edit(admin_client_en, survey, fields)
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_admin_turns_a_rule_label_into_the_question_key(admin_client_en, survey):
    fields = existing(survey)
    fields.append(
        {"label": "Why buy", "field_type": "multiline", "rule_field": "Goal", "rule_value": "buy"}
    )
    response = edit(admin_client_en, survey, fields)
    assert response.status_code == 302
    latest = type(survey).objects.get(pk=survey.pk).get_latest_revision_as_object()
    assert [f.rule_field for f in latest.form_fields.all()][-1] == "goal"


def test_admin_refuses_a_rule_on_a_later_or_unknown_question(admin_client_en, survey):
    fields = existing(survey)
    fields[0].update(rule_field="Goal", rule_value="buy")
    response = edit(admin_client_en, survey, fields)
    assert response.status_code == 200
    assert "is not an earlier question of this survey" in response.content.decode()


def test_admin_reports_a_bad_definition_next_to_the_field(admin_client_en, survey):
    fields = existing(survey)
    fields[1].update(min_value="10", max_value="2")
    response = edit(admin_client_en, survey, fields)
    assert response.status_code == 200
    assert "The maximum must not be below the minimum." in response.content.decode()


def test_a_translation_published_first_does_not_give_the_survey_its_labels():
    from wagtail.models import Locale

    from forms_ext.models import SurveyPage

    page = SurveyPage(title="Trivsel", slug="trivsel-forst")
    home_page().add_child(instance=page)
    page.form_fields = [SurveyField(label="Trives du?", field_type="yesno", required=True)]
    page.save()
    page.save_revision()
    swedish = page.copy_for_translation(Locale.objects.get(language_code="sv")).specific
    fields = list(swedish.form_fields.all())
    fields[0].label = "Trivs du?"
    swedish.form_fields = fields
    swedish.save_revision().publish()  # before the Norwegian original
    page = SurveyPage.objects.get(pk=page.pk)
    page.get_latest_revision().publish()

    assert union_of_fields(page.translation_key)[0]["label"] == "Trives du?"
    swedish.save_revision().publish()  # a translation's publish changes nothing
    assert union_of_fields(page.translation_key)[0]["label"] == "Trives du?"
