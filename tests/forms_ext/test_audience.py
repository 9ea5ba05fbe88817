"""Who may answer a survey: anyone, logged-in reporters of its units, or personal invitations."""

import datetime
import re
import threading
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from forms_ext.models import (
    Audience,
    Invitation,
    OrganisationUnit,
    SurveyDraft,
    SurveyPage,
    SurveySubmission,
    UnitRole,
)
from tests.factories import UserFactory
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db

CHOICES = "yes | Yes\nno | No"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def user(name):
    return get_user_model().objects.get(username=name)


def unit(code):
    return OrganisationUnit.objects.get(code=code)


def logged_in(username):
    client = Client()
    client.force_login(user(username))
    return client


def survey_for(audience, owner="fjordvik-nord", slug="audience", steps=False):
    questions = [
        {"label": "Case", "field_type": "hidden", "required": False},
        {"label": "Name", "field_type": "singleline"},
    ]
    if steps:
        questions += [
            {"label": "More", "field_type": "pagebreak", "required": False},
            {"label": "Pets", "field_type": "radio", "choices": CHOICES},
        ]
    survey = make_survey(questions, slug=slug, parent=home_page("en"))
    SurveyPage.objects.filter(pk=survey.pk).update(audience=audience, owner_unit=unit(owner))
    return SurveyPage.objects.get(pk=survey.pk)


def invite(page, days=30, **fields):
    invitation = Invitation(
        page=page, expires_at=timezone.now() + datetime.timedelta(days=days), **fields
    )
    secret = invitation.new_token()
    invitation.save()
    return invitation, secret


def post(client, page, data, token=None):
    return client.post(page.url, {"token": token or str(uuid.uuid4()), "step": 0, **data})


# Reporters


def test_anonymous_is_sent_to_log_in_and_back():
    survey = survey_for(Audience.REPORTERS)
    response = Client().get(survey.url)
    assert response.status_code == 302
    assert response.url == f"/admin/login/?next={survey.url}"


def test_anonymous_post_stores_nothing():
    survey = survey_for(Audience.REPORTERS)
    response = post(Client(), survey, {"name": "x", "_unit": "fjordvik-nord"})
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not SurveySubmission.objects.filter(page=survey).exists()


@pytest.mark.parametrize("username", ["rapportor-sor", "leser-nord", "koordinator-sentrum"])
def test_staff_without_a_reporter_role_in_the_survey_s_units_get_a_clear_page(username):
    survey = survey_for(Audience.REPORTERS)
    response = logged_in(username).get(survey.url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "This survey is for reporters" in html
    assert "<form" not in html.split("<main", 1)[-1]


def test_reporter_chooses_among_their_units_and_the_answer_is_theirs():
    survey = survey_for(Audience.REPORTERS)
    client = logged_in("rapportor-nord")
    html = client.get(survey.url).content.decode()
    assert 'name="_unit"' in html
    assert "NAV Nord" in html and "Bydel Sør" not in html
    token = str(uuid.uuid4())
    response = post(client, survey, {"name": "Kari", "_unit": "nav-nord"}, token)
    assert response.url == f"{survey.url}?receipt={token}"
    submission = SurveySubmission.objects.get(token=token)
    assert submission.unit.code == "nav-nord"
    assert submission.channel == "reporter"
    assert submission.recorded_by == user("rapportor-nord")
    assert "_unit" not in submission.form_data


def test_unit_in_the_link_is_preselected_only_among_the_reporter_s_units():
    survey = survey_for(Audience.REPORTERS)
    client = logged_in("rapportor-nord")
    chosen = client.get(f"{survey.url}?unit=nav-nord").content.decode()
    assert re.search(r'<option value="nav-nord" selected>', chosen)
    foreign = client.get(f"{survey.url}?unit=fjordvik-sor").content.decode()
    assert '<option value="" selected>' in foreign
    assert 'value="fjordvik-sor"' not in foreign


def test_reporter_cannot_answer_for_another_district_s_unit():
    survey = survey_for(Audience.REPORTERS)
    response = post(logged_in("rapportor-nord"), survey, {"name": "x", "_unit": "fjordvik-sor"})
    assert response.status_code == 400
    assert 'href="#id__unit"' in response.content.decode()
    assert not SurveySubmission.objects.filter(page=survey).exists()


def test_coordinator_of_the_unit_may_answer_too():
    survey = survey_for(Audience.REPORTERS)
    token = str(uuid.uuid4())
    post(logged_in("koordinator-nord"), survey, {"name": "x", "_unit": "fjordvik-nord"}, token)
    assert SurveySubmission.objects.get(token=token).recorded_by == user("koordinator-nord")


def test_reporter_of_one_unit_gets_no_choice():
    survey = survey_for(Audience.REPORTERS, owner="fjordvik")
    reporter = UserFactory(username="familiehuset-reporter")
    UnitRole.objects.create(user=reporter, unit=unit("familiehuset-sor"), role="reporter")
    client = Client()
    client.force_login(reporter)
    assert 'name="_unit"' not in client.get(survey.url).content.decode()
    token = str(uuid.uuid4())
    post(client, survey, {"name": "x"}, token)
    assert SurveySubmission.objects.get(token=token).unit.code == "familiehuset-sor"


def test_reporter_s_draft_cannot_be_resumed_by_another_user():
    survey = survey_for(Audience.REPORTERS, steps=True)
    token = str(uuid.uuid4())
    first = post(logged_in("rapportor-nord"), survey, {"name": "x", "_unit": "nav-nord"}, token)
    assert first.url == f"{survey.url}?resume={token}"
    assert SurveyDraft.objects.get(token=token).data["_by"] == user("rapportor-nord").pk
    other = logged_in("koordinator-nord")
    response = other.get(first.url)
    assert response.status_code == 403
    assert "started by someone else" in response.content.decode()
    assert other.post(survey.url, {"token": token, "step": 1, "pets": "yes"}).status_code == 403
    assert not SurveySubmission.objects.filter(page=survey).exists()


def test_reporter_receipt_is_for_reporters_of_its_unit():
    survey = survey_for(Audience.REPORTERS)
    token = str(uuid.uuid4())
    post(logged_in("rapportor-nord"), survey, {"name": "x", "_unit": "fjordvik-nord"}, token)
    receipt = f"{survey.url}?receipt={token}"
    assert "Thank you" in logged_in("rapportor-nord").get(receipt).content.decode()
    assert logged_in("rapportor-sor").get(receipt).status_code == 403
    assert "/admin/login/" in Client().get(receipt).url


# Invitation only


def test_invited_survey_without_a_link_shows_no_form():
    survey = survey_for(Audience.INVITED)
    response = Client().get(survey.url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "This survey is by invitation" in html
    assert 'name="token"' not in html
    assert post(Client(), survey, {"name": "x"}).status_code == 403
    assert not SurveySubmission.objects.filter(page=survey).exists()


def test_valid_link_answers_once_with_the_invitation_s_unit_language_and_hidden_value():
    survey = survey_for(Audience.INVITED)
    invitation, secret = invite(
        survey, unit=unit("nav-nord"), language="nb", prefill={"case": "A-17"}
    )
    client = Client()
    html = client.get(f"{survey.url}?invitation={secret}").content.decode()
    assert f'name="_invitation" value="{secret}"' in html
    assert 'type="hidden" name="case" value="A-17"' in html
    token = str(uuid.uuid4())
    response = post(client, survey, {"name": "Kari", "case": "A-17", "_invitation": secret}, token)
    assert response.url == f"{survey.url}?receipt={token}"
    submission = SurveySubmission.objects.get(token=token)
    assert submission.invitation == invitation
    assert (submission.unit.code, submission.language, submission.channel) == (
        "nav-nord",
        "nb",
        "web",
    )
    assert submission.form_data["case"] == "A-17"
    assert "Thank you" in client.get(response.url).content.decode()


def test_invitation_values_fill_hidden_questions_only_and_win_over_the_form():
    survey = survey_for(Audience.INVITED)
    _inv, secret = invite(survey, prefill={"case": "A-17", "name": "Injected", "other": "x"})
    html = Client().get(f"{survey.url}?invitation={secret}&case=B-99").content.decode()
    assert 'value="Injected"' not in html
    assert 'name="case" value="A-17"' in html
    token = str(uuid.uuid4())
    post(Client(), survey, {"name": "Kari", "case": "TAMPERED", "_invitation": secret}, token)
    assert SurveySubmission.objects.get(token=token).form_data == {"case": "A-17", "name": "Kari"}


def test_answer_without_a_unit_on_the_invitation_belongs_to_the_owner():
    survey = survey_for(Audience.INVITED)
    _inv, secret = invite(survey)
    token = str(uuid.uuid4())
    post(Client(), survey, {"name": "x", "_invitation": secret}, token)
    assert SurveySubmission.objects.get(token=token).unit.code == "fjordvik-nord"


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"days": -1}, 410, "This invitation has expired"),
        ({"revoked_at": timezone.now()}, 410, "This invitation is no longer valid"),
    ],
)
def test_expired_or_revoked_link_shows_why_and_no_form(change, status, message):
    survey = survey_for(Audience.INVITED)
    _inv, secret = invite(survey, **change)
    response = Client().get(f"{survey.url}?invitation={secret}")
    html = response.content.decode()
    assert response.status_code == status
    assert message in html
    assert 'name="token"' not in html
    assert response["Cache-Control"] == "private, no-store"
    assert post(Client(), survey, {"name": "x", "_invitation": secret}).status_code == status
    assert not SurveySubmission.objects.filter(page=survey).exists()


def test_closed_link_speaks_the_invitation_s_language():
    survey = survey_for(Audience.INVITED)
    _inv, secret = invite(survey, days=-1, language="nb")
    html = Client().get(f"{survey.url}?invitation={secret}").content.decode()
    assert '<html lang="nb"' in html


def test_answered_link_says_so_and_a_second_tab_gets_the_first_receipt():
    survey = survey_for(Audience.INVITED)
    _inv, secret = invite(survey)
    first_tab, second_tab = Client(), Client()
    first_tab.get(f"{survey.url}?invitation={secret}")
    second_tab.get(f"{survey.url}?invitation={secret}")
    first = str(uuid.uuid4())
    post(first_tab, survey, {"name": "Kari", "_invitation": secret}, first)
    response = post(second_tab, survey, {"name": "Kari again", "_invitation": secret})
    assert response.status_code == 302
    assert response.url == f"{survey.url}?receipt={first}"
    assert SurveySubmission.objects.filter(page=survey).count() == 1
    again = Client().get(f"{survey.url}?invitation={secret}")
    assert again.status_code == 410
    assert "already been answered" in again.content.decode()


def test_tampered_secret_does_not_work():
    survey = survey_for(Audience.INVITED)
    _inv, secret = invite(survey)
    response = Client().get(f"{survey.url}?invitation={secret[:-2]}xx")
    assert response.status_code == 403
    assert "This link does not work" in response.content.decode()
    other_survey = survey_for(Audience.INVITED, slug="other")
    assert Client().get(f"{other_survey.url}?invitation={secret}").status_code == 403


def test_resume_link_stays_bound_to_the_invitation():
    survey = survey_for(Audience.INVITED, steps=True)
    invitation, secret = invite(survey, unit=unit("nav-nord"))
    token = str(uuid.uuid4())
    saved = post(Client(), survey, {"name": "Kari", "_invitation": secret}, token)
    assert SurveyDraft.objects.get(token=token).data["_link"] == invitation.token_hash
    other_device = Client()
    html = other_device.get(saved.url).content.decode()
    assert 'value="yes"' in html and "Step 2 of 2" in html
    other_device.post(survey.url, {"token": token, "step": 1, "pets": "yes"})
    submission = SurveySubmission.objects.get(token=token)
    assert submission.invitation == invitation
    assert submission.unit.code == "nav-nord"


def test_new_link_or_revoking_ends_a_draft_started_from_the_old_link():
    survey = survey_for(Audience.INVITED, steps=True)
    invitation, secret = invite(survey)
    token = str(uuid.uuid4())
    saved = post(Client(), survey, {"name": "Kari", "_invitation": secret}, token)
    invitation.new_token()
    invitation.save()
    assert Client().get(saved.url).status_code == 403
    response = Client().post(survey.url, {"token": token, "step": 1, "pets": "yes"})
    assert response.status_code == 403
    assert not SurveySubmission.objects.filter(page=survey).exists()


def test_invitation_link_works_on_a_public_survey_and_keeps_one_answer():
    survey = survey_for(Audience.PUBLIC)
    invitation, secret = invite(survey, prefill={"case": "A-1"})
    assert 'value="A-1"' in Client().get(f"{survey.url}?invitation={secret}").content.decode()
    token = str(uuid.uuid4())
    post(Client(), survey, {"name": "x", "case": "B", "_invitation": secret}, token)
    assert SurveySubmission.objects.get(token=token).invitation == invitation
    assert SurveySubmission.objects.get(token=token).form_data["case"] == "A-1"
    assert Client().get(f"{survey.url}?invitation={secret}").status_code == 410
    assert Client().get(survey.url).status_code == 200, "still open to anyone without the link"


def test_invited_receipt_is_shown_only_for_invited_answers():
    survey = survey_for(Audience.PUBLIC)
    token = str(uuid.uuid4())
    post(Client(), survey, {"name": "x"}, token)
    SurveyPage.objects.filter(pk=survey.pk).update(audience=Audience.INVITED)
    assert Client().get(f"{survey.url}?receipt={token}").status_code == 403


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database refuses concurrent writers outright",
)
def test_two_tabs_sending_at_once_store_one_answer(demo_after_flush):
    survey = survey_for(Audience.INVITED, slug="race-invited")
    _inv, secret = invite(survey)
    barrier = threading.Barrier(2)
    responses = []

    def send():
        barrier.wait()
        responses.append(post(Client(), survey, {"name": "Kari", "_invitation": secret}))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = SurveySubmission.objects.get(page=survey)
    assert [r.status_code for r in responses] == [302, 302]
    assert {r.url for r in responses} == {f"{survey.url}?receipt={stored.token}"}
