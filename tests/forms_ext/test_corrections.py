"""A coordinator corrects stored answers: typed rows and JSON rewritten, logged without values."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry

from forms_ext.models import Answer, OrganisationUnit, SurveySubmission
from forms_ext.submissions import store_submission
from tests.forms_ext.test_identity import norwegian_id
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db

PEOPLE = "hvor_mange_bor_i_husstanden"
REACHED = "fikk_du_snakke_med_husstanden"


def user(name):
    return get_user_model().objects.get(username=name)


def correct_url(submission):
    return reverse("forms_ext_correct_submission", args=[submission.pk])


def reached_north():
    """A north answer where the household was reached, so every step was answered."""
    return next(
        s
        for s in SurveySubmission.objects.filter(unit__code="fjordvik-nord").order_by("pk")
        if s.form_data.get(REACHED) == "yes" and s.form_data.get(PEOPLE)
    )


def as_posted(form) -> dict:
    """The form's fields as the browser would send them unchanged."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif isinstance(value, datetime.datetime):
            data[name] = value.strftime("%Y-%m-%dT%H:%M")
        elif value not in (None, False):
            data[name] = "on" if value is True else str(value)
    return data


@pytest.fixture
def north(client):
    client.force_login(user("koordinator-nord"))
    return client


def rows(submission, key):
    return list(
        Answer.objects.filter(submission=submission, key=key).values_list("number", flat=True)
    )


def test_form_shows_the_versions_questions_filled_with_the_answers(north):
    submission = reached_north()
    response = north.get(correct_url(submission))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hvor mange bor i husstanden?" in html
    assert f'value="{submission.form_data[PEOPLE]}"' in html
    assert response.context["form"][REACHED].value() == "yes"


def test_correction_rewrites_the_answer_rows_and_json_and_logs_only_keys(north):
    submission = reached_north()
    form = north.get(correct_url(submission)).context["form"]
    new_count = 14 if submission.form_data[PEOPLE] != 14 else 13
    response = north.post(correct_url(submission), {**as_posted(form), PEOPLE: str(new_count)})
    assert response.status_code == 302
    assert response.url == reverse("forms_ext_submission", args=[submission.pk])
    submission.refresh_from_db()
    assert submission.form_data[PEOPLE] == str(new_count)
    assert rows(submission, PEOPLE) == [Decimal(new_count)]
    entry = ModelLogEntry.objects.get(object_id=str(submission.pk), action="forms_ext.correct")
    assert entry.data == {"changed": [PEOPLE]}
    assert entry.user == user("koordinator-nord")
    # The label names the answer by its receipt, whose random digits may hold any number.
    label = entry.label.replace(str(submission.token), "").replace(str(submission.pk), "")
    assert str(new_count) not in f"{label} {entry.data}"


def test_unchanged_answers_keep_their_rows_and_nothing_is_logged(north):
    submission = reached_north()
    before = list(Answer.objects.filter(submission=submission).values_list("pk", flat=True))
    form = north.get(correct_url(submission)).context["form"]
    response = north.post(correct_url(submission), as_posted(form), follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert list(Answer.objects.filter(submission=submission).values_list("pk", flat=True)) == before
    assert not ModelLogEntry.objects.filter(object_id=str(submission.pk)).exists()


def test_a_rejected_correction_keeps_what_was_typed_and_stores_nothing(north):
    submission = reached_north()
    stored = dict(submission.form_data)
    form = north.get(correct_url(submission)).context["form"]
    response = north.post(correct_url(submission), {**as_posted(form), PEOPLE: "99"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="99"' in html
    assert "not corrected" in html
    submission.refresh_from_db()
    assert submission.form_data == stored
    assert not ModelLogEntry.objects.filter(object_id=str(submission.pk)).exists()


def test_an_answer_that_hides_questions_removes_their_answers(north):
    submission = reached_north()
    form = north.get(correct_url(submission)).context["form"]
    north.post(correct_url(submission), {**as_posted(form), REACHED: "refused"})
    submission.refresh_from_db()
    assert submission.form_data[REACHED] == "refused"
    assert PEOPLE not in submission.form_data
    assert not Answer.objects.filter(submission=submission, key=PEOPLE).exists()
    assert Answer.objects.get(submission=submission, key=REACHED).code == "refused"
    entry = ModelLogEntry.objects.get(object_id=str(submission.pk), action="forms_ext.correct")
    assert REACHED in entry.data["changed"] and PEOPLE in entry.data["changed"]


@pytest.mark.parametrize("name", ["leser-nord", "koordinator-sor", "rapportor-nord", "editor"])
def test_correction_is_refused_to_viewers_and_other_districts(client, name):
    submission = reached_north()
    stored = dict(submission.form_data)
    client.force_login(user(name))
    assert (client.get(correct_url(submission)).status_code, "GET") == (302, "GET")
    response = client.post(correct_url(submission), {PEOPLE: "1", REACHED: "yes"})
    assert (response.status_code, response.url) == (302, "/admin/")
    submission.refresh_from_db()
    assert submission.form_data == stored


def test_unknown_answer_is_not_found(north):
    assert north.get("/admin/forms_ext/submissions/999999/correct/").status_code == 404


def test_the_detail_offers_the_correction_to_coordinators_only(client):
    submission = reached_north()
    client.force_login(user("koordinator-nord"))
    assert (
        correct_url(submission)
        in client.get(f"/admin/forms_ext/submissions/{submission.pk}/").content.decode()
    )
    client.force_login(user("leser-nord"))
    assert (
        correct_url(submission)
        not in client.get(f"/admin/forms_ext/submissions/{submission.pk}/").content.decode()
    )


@pytest.fixture
def varied_survey():
    return make_survey(
        [
            {
                "label": "Place",
                "field_type": "radio",
                "choices": "a | A\nb | B",
                "allow_other": True,
            },
            {"label": "Statements", "field_type": "matrix", "statements": "x | X\ny | Y"},
            {"label": "Topics", "field_type": "checkboxes", "choices": "p | P\nq | Q\nr | R"},
            {"label": "Met", "field_type": "datetime", "required": False},
            {"label": "Day", "field_type": "date", "required": False},
            {"label": "Person", "field_type": "id_number_no", "required": False},
        ],
        slug="varied",
        parent=home_page("en"),
    )


def store(survey, answers):
    fields = list(survey.get_form_fields())
    unit = OrganisationUnit.objects.get(code="fjordvik-nord")
    return store_submission(survey, fields, answers, str(uuid.uuid4()), "en", unit=unit)


VARIED = {
    "place": {"choice": "other", "other": "In a tent"},
    "statements": {"x": 2, "y": 5},
    "topics": ["r", "p"],
    "met": datetime.datetime(2025, 4, 1, 9, 30, tzinfo=datetime.UTC),
    "day": datetime.date(2025, 4, 2),
    "person": norwegian_id("018190"),
}


def test_every_kind_of_answer_comes_back_unchanged(north, varied_survey):
    submission = store(varied_survey, VARIED)
    stored = dict(submission.form_data)
    form = north.get(correct_url(submission)).context["form"]
    assert form["place__other"].value() == "In a tent"
    assert form["statements__y"].value() == 5
    assert form["person"].value() in (None, ""), "an identity number is never shown"
    response = north.post(correct_url(submission), as_posted(form), follow=True)
    assert "Nothing was changed." in response.content.decode()
    submission.refresh_from_db()
    assert submission.form_data == stored
    assert not ModelLogEntry.objects.filter(object_id=str(submission.pk)).exists()


def test_an_identity_number_left_empty_is_kept_and_a_new_one_replaces_it(north, varied_survey):
    submission = store(varied_survey, VARIED)
    stored_hash = submission.form_data["person"]
    form = north.get(correct_url(submission)).context["form"]
    north.post(correct_url(submission), {**as_posted(form), "place__other": "In a car"})
    submission.refresh_from_db()
    assert submission.form_data["person"] == stored_hash
    assert Answer.objects.get(submission=submission, key="person").code == stored_hash
    assert submission.form_data["place"] == {"choice": "other", "other": "In a car"}
    other_number = norwegian_id("028190")
    form = north.get(correct_url(submission)).context["form"]
    north.post(correct_url(submission), {**as_posted(form), "person": other_number})
    submission.refresh_from_db()
    assert submission.form_data["person"] not in (stored_hash, other_number)
    assert (
        Answer.objects.get(submission=submission, key="person").code
        == submission.form_data["person"]
    )
    changes = ModelLogEntry.objects.filter(object_id=str(submission.pk)).order_by("pk")
    assert [entry.data["changed"] for entry in changes] == [["place"], ["person"]]
    assert other_number not in str([entry.data for entry in changes])


def test_a_matrix_statement_and_chosen_options_are_rewritten(north, varied_survey):
    submission = store(varied_survey, VARIED)
    form = north.get(correct_url(submission)).context["form"]
    data = {**as_posted(form), "statements__x": "4", "topics": ["q"]}
    north.post(correct_url(submission), data)
    submission.refresh_from_db()
    assert submission.form_data["statements"] == {"x": 4, "y": 5}
    assert set(
        Answer.objects.filter(submission=submission, key="statements").values_list("part", "number")
    ) == {("x", Decimal(4)), ("y", Decimal(5))}
    assert list(
        Answer.objects.filter(submission=submission, key="topics").values_list("code", flat=True)
    ) == ["q"]
