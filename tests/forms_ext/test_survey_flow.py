"""Answering a survey: steps, rules on the server, drafts, resume, exactly once."""

import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from forms_ext.models import Answer, SurveyDraft, SurveySubmission
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db

CHOICES = "yes | Ja\nno | Nei"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def one_step():
    return make_survey(
        [
            {"label": "Name", "field_type": "singleline"},
            {"label": "Pets", "field_type": "radio", "choices": CHOICES},
            {
                "label": "How many pets",
                "field_type": "number",
                "min_value": 1,
                "max_value": 9,
                "rule_field": "pets",
                "rule_operator": "eq",
                "rule_value": "yes",
            },
        ],
        slug="one-step",
        parent=home_page("en"),
    )


@pytest.fixture
def three_steps():
    return make_survey(
        [
            {"label": "Reached", "field_type": "radio", "choices": CHOICES},
            {
                "label": "About the guide",
                "field_type": "pagebreak",
                "required": False,
                "rule_field": "reached",
                "rule_operator": "eq",
                "rule_value": "yes",
            },
            {"label": "Useful", "field_type": "scale", "min_value": 1, "max_value": 6},
            {"label": "Plan", "field_type": "pagebreak", "required": False},
            {"label": "Household", "field_type": "number", "min_value": 1, "max_value": 15},
        ],
        slug="three-steps",
        parent=home_page("en"),
    )


def token() -> str:
    return str(uuid.uuid4())


def post(client, page, data, **extra):
    return client.post(page.url, {"token": extra.pop("tok", token()), "step": 0, **data}, **extra)


def test_get_shows_the_questions_with_labels(client, one_step):
    html = client.get(one_step.url).content.decode()
    assert '<label class="bp-label" for="id_name">Name' in html
    assert 'name="token"' in html


def test_valid_answer_is_stored_typed_and_redirects_to_the_receipt(client, one_step):
    tok = token()
    response = post(
        client, one_step, {"name": "Kari", "pets": "yes", "how_many_pets": "2"}, tok=tok
    )
    assert response.status_code == 302
    assert response.url == f"{one_step.url}?receipt={tok}"
    submission = SurveySubmission.objects.get(token=tok)
    assert submission.form_data == {"name": "Kari", "pets": "yes", "how_many_pets": "2"}
    assert Answer.objects.get(submission=submission, key="how_many_pets").number == 2
    receipt = client.get(response.url)
    assert "Thank you, your answers have been sent" in receipt.content.decode()
    assert "Kari" not in receipt.content.decode()


def test_hidden_question_is_not_required_and_its_crafted_value_is_discarded(client, one_step):
    tok = token()
    post(client, one_step, {"name": "Ola", "pets": "no", "how_many_pets": "7"}, tok=tok)
    submission = SurveySubmission.objects.get(token=tok)
    assert "how_many_pets" not in submission.form_data
    assert not Answer.objects.filter(submission=submission, key="how_many_pets").exists()


def test_shown_required_question_must_be_answered(client, one_step):
    response = post(client, one_step, {"name": "Ola", "pets": "yes"})
    assert response.status_code == 400
    assert not SurveySubmission.objects.filter(page=one_step).exists()


def test_rejected_answer_keeps_what_was_typed_and_links_each_error(client, one_step):
    response = post(
        client, one_step, {"name": "Kari Nordmann", "pets": "yes", "how_many_pets": "99"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html
    assert 'href="#id_how_many_pets"' in html
    assert 'value="Kari Nordmann"' in html
    assert 'value="99"' in html
    assert 'aria-describedby="id_how_many_pets_error"' in html
    assert 'id="id_how_many_pets_error"' in html


def test_replayed_post_returns_the_same_receipt_and_stores_once(client, one_step):
    tok = token()
    data = {"name": "Kari", "pets": "no"}
    first = post(client, one_step, data, tok=tok)
    second = post(client, one_step, data, tok=tok)
    assert first.url == second.url
    assert SurveySubmission.objects.filter(token=tok).count() == 1


def test_bad_token_stores_nothing(client, one_step):
    response = client.post(one_step.url, {"token": "not-a-token", "name": "x", "pets": "no"})
    assert response.status_code == 302
    assert not SurveySubmission.objects.filter(page=one_step).exists()


def test_steps_progress_and_back_keeps_answers(client, three_steps):
    tok = token()
    response = post(client, three_steps, {"reached": "yes"}, tok=tok)
    assert response.url == f"{three_steps.url}?resume={tok}"
    step_two = client.get(response.url).content.decode()
    assert "Step 2 of 3" in step_two
    client.post(three_steps.url, {"token": tok, "step": 1, "useful": "5"})
    back = client.post(three_steps.url, {"token": tok, "step": 2, "household": "3", "back": "1"})
    page_two = client.get(back.url).content.decode()
    assert re.search(r'value="5"[^>]*checked', page_two)
    assert SurveyDraft.objects.get(token=tok).data["household"] == "3"


def test_whole_page_is_skipped_when_its_rule_fails(client, three_steps):
    tok = token()
    response = post(client, three_steps, {"reached": "no"}, tok=tok)
    html = client.get(response.url).content.decode()
    assert "Step 2 of 2" in html
    assert "Household" in html and "Useful" not in html
    client.post(three_steps.url, {"token": tok, "step": 2, "household": "2"})
    submission = SurveySubmission.objects.get(token=tok)
    assert submission.form_data == {"reached": "no", "household": "2"}


def test_last_step_revalidates_every_step(client, three_steps):
    tok = token()
    SurveyDraft.objects.create(
        token=tok,
        page=three_steps,
        data={"reached": "yes", "useful": "9"},
        step=2,
        expires_at="2999-01-01T00:00:00Z",
    )
    response = client.post(three_steps.url, {"token": tok, "step": 2, "household": "2"})
    assert response.status_code == 400
    assert "Step 2 of 3" in response.content.decode()
    assert not SurveySubmission.objects.filter(page=three_steps).exists()


def test_save_and_resume_through_the_private_link(three_steps):
    tok = token()
    first = Client()
    saved = first.post(three_steps.url, {"token": tok, "step": 0, "reached": "yes", "save": "1"})
    assert "saved=1" in saved.url
    assert f"?resume={tok}" in first.get(saved.url).content.decode()
    other_device = Client()
    html = other_device.get(f"{three_steps.url}?resume={tok}").content.decode()
    assert re.search(r'name="reached" value="yes"[^>]*checked', html)


def test_expired_draft_is_not_resumed(client, three_steps):
    tok = token()
    SurveyDraft.objects.create(
        token=tok,
        page=three_steps,
        data={"reached": "yes"},
        step=1,
        expires_at="2000-01-01T00:00:00Z",
    )
    html = client.get(f"{three_steps.url}?resume={tok}").content.decode()
    assert "That link has expired" in html
    assert "Step 1 of" in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database refuses concurrent writers outright",
)
def test_two_concurrent_identical_posts_store_one_submission(demo_after_flush):
    survey = make_survey(
        [{"label": "Name", "field_type": "singleline"}], slug="race", parent=home_page("en")
    )
    tok = token()
    barrier = threading.Barrier(2)
    responses = []

    def send():
        barrier.wait()
        responses.append(Client().post(survey.url, {"token": tok, "step": 0, "name": "Kari"}))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r.url for r in responses} == {f"{survey.url}?receipt={tok}"}
    assert SurveySubmission.objects.filter(token=tok).count() == 1


def test_hidden_value_comes_from_its_own_link_parameter_only(client):
    survey = make_survey(
        [
            {"label": "Unit", "field_type": "hidden", "required": False},
            {"label": "Name", "field_type": "singleline"},
        ],
        slug="prefill",
        parent=home_page("en"),
    )
    html = client.get(f"{survey.url}?unit=alna&name=Injected").content.decode()
    assert 'type="hidden" name="unit" value="alna"' in html
    assert 'value="Injected"' not in html
