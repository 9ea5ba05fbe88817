"""Interviewer mode: the worklist, call attempts, and answers recorded on a respondent's behalf."""

import datetime
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.users.models import UserProfile

from forms_ext.models import (
    CallAttempt,
    Invitation,
    OrganisationUnit,
    SurveyDraft,
    SurveyPage,
    SurveySubmission,
)
from forms_ext.submissions import store_submission
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db

CHOICES = "yes | Yes\nno | No"


def user(name):
    return get_user_model().objects.get(username=name)


def admin_client(username):
    account = user(username)
    profile = UserProfile.get_for_user(account)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(account)
    return client


def unit(code):
    return OrganisationUnit.objects.get(code=code)


@pytest.fixture
def survey():
    page = make_survey(
        [
            {"label": "District", "field_type": "hidden", "required": False},
            {"label": "Reached", "field_type": "radio", "choices": CHOICES},
            {"label": "Guide", "field_type": "pagebreak", "required": False},
            {"label": "Useful", "field_type": "radio", "choices": CHOICES},
        ],
        slug="phone-survey",
        parent=home_page("en"),
    )
    SurveyPage.objects.filter(pk=page.pk).update(interviews=True, owner_unit=unit("fjordvik-nord"))
    return SurveyPage.objects.get(pk=page.pk)


def invite(page, name, phone="400 00 001", unit_code="fjordvik-nord", **fields):
    return Invitation.objects.create(
        page=page,
        name=name,
        phone=phone,
        unit=unit(unit_code),
        expires_at=timezone.now() + datetime.timedelta(days=30),
        **fields,
    )


def call(invitation, outcome, hours_ago=1, call_back_in=None):
    now = timezone.now()
    return CallAttempt.objects.create(
        invitation=invitation,
        outcome=outcome,
        at=now - datetime.timedelta(hours=hours_ago),
        call_back_at=now + datetime.timedelta(hours=call_back_in)
        if call_back_in is not None
        else None,
    )


def url(page, rest=""):
    return f"/admin/forms_ext/invitations/{page.pk}/calls/{rest}"


def listed(client, page):
    response = client.get(url(page))
    assert response.status_code == 200
    return [invitation.name for invitation in response.context["page_obj"].object_list]


def test_worklist_puts_due_call_backs_first_and_leaves_out_who_is_done(survey):
    later = invite(survey, "Later")
    call(later, "call_back", call_back_in=5)
    due = invite(survey, "Due")
    call(due, "call_back", hours_ago=3, call_back_in=-1)
    invite(survey, "Never called")
    tried = invite(survey, "Tried once")
    call(tried, "no_answer")
    refused = invite(survey, "Refused")
    call(refused, "no_answer", hours_ago=5)
    call(refused, "refused")
    invite(survey, "No phone", phone="")
    invite(survey, "Revoked", revoked_at=timezone.now())
    answered = invite(survey, "Answered")
    store_submission(survey, [], {}, str(uuid.uuid4()), "en", invitation=answered)
    assert listed(admin_client("koordinator-nord"), survey) == [
        "Due",
        "Never called",
        "Tried once",
        "Later",
    ]


def test_worklist_costs_the_same_queries_for_one_row_or_thirty(survey):
    call(invite(survey, "Person 0"), "no_answer")
    client = admin_client("koordinator-nord")
    client.get(url(survey))
    with CaptureQueriesContext(connection) as one_row:
        client.get(url(survey))
    for n in range(1, 30):
        call(invite(survey, f"Person {n}", unit_code="nav-nord"), "call_back", call_back_in=n)
    with CaptureQueriesContext(connection) as thirty_rows:
        response = client.get(url(survey))
    assert len(response.context["page_obj"].object_list) == 30
    assert len(thirty_rows.captured_queries) == len(one_row.captured_queries)


def test_reporters_see_their_units_respondents_only():
    demo = SurveyPage.objects.get(slug="tenant-follow-up")
    north = set(listed(admin_client("rapportor-nord"), demo))
    south = set(listed(admin_client("rapportor-sor"), demo))
    assert north and south and not north & south
    expected = set(
        demo.invitations.filter(unit__code="fjordvik-nord").values_list("name", flat=True)
    )
    assert north <= expected


def test_recording_a_call_back_needs_a_time(survey):
    invitation = invite(survey, "Kari")
    client = admin_client("rapportor-nord")
    refused = client.post(url(survey, f"{invitation.pk}/"), {"outcome": "call_back", "note": "x"})
    assert refused.status_code == 400
    assert "Say when to call back." in refused.content.decode()
    when = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    saved = client.post(
        url(survey, f"{invitation.pk}/"),
        {"outcome": "call_back", "call_back_at": when, "note": "after 16"},
    )
    assert saved.status_code == 302
    attempt = invitation.calls.get()
    assert (attempt.outcome, attempt.note, attempt.by) == (
        "call_back",
        "after 16",
        user("rapportor-nord"),
    )
    assert attempt.call_back_at > timezone.now()


def test_completed_cannot_be_recorded_without_the_answer(survey):
    invitation = invite(survey, "Kari")
    response = admin_client("rapportor-nord").post(
        url(survey, f"{invitation.pk}/"), {"outcome": "completed"}
    )
    assert response.status_code == 400
    assert not invitation.calls.exists()


def test_refusal_takes_the_respondent_off_the_worklist(survey):
    invitation = invite(survey, "Kari")
    client = admin_client("rapportor-nord")
    client.post(url(survey, f"{invitation.pk}/"), {"outcome": "refused"})
    assert invitation.calls.get().call_back_at is None
    assert "Kari" not in listed(client, survey)


def test_interviewer_records_the_answer_in_the_admin(survey):
    invitation = invite(
        survey, "Kari", unit_code="nav-nord", language="nb", prefill={"district": "nord"}
    )
    client = admin_client("rapportor-nord")
    form = client.get(url(survey, f"{invitation.pk}/answer/"))
    html = form.content.decode()
    assert form.status_code == 200
    assert "Reached" in html and "Kari" in html
    assert f'action="{url(survey, f"{invitation.pk}/answer/")}"' in html
    token = str(uuid.uuid4())
    step_two = client.post(
        url(survey, f"{invitation.pk}/answer/"),
        {"token": token, "step": 0, "reached": "yes", "district": "changed"},
    )
    assert step_two.url == url(survey, f"{invitation.pk}/answer/") + f"?resume={token}"
    assert "Useful" in client.get(step_two.url).content.decode()
    done = client.post(
        url(survey, f"{invitation.pk}/answer/"), {"token": token, "step": 1, "useful": "no"}
    )
    assert done.url == url(survey)
    submission = SurveySubmission.objects.get(token=token)
    assert (submission.channel, submission.recorded_by, submission.invitation) == (
        "interview",
        user("rapportor-nord"),
        invitation,
    )
    assert (submission.unit.code, submission.language) == ("nav-nord", "nb")
    assert submission.form_data == {"district": "nord", "reached": "yes", "useful": "no"}
    assert invitation.calls.get().outcome == "completed"
    assert "Kari" not in listed(client, survey)


def test_an_answer_recorded_twice_is_stored_once(survey):
    invitation = invite(survey, "Kari")
    client = admin_client("koordinator-nord")
    answer = url(survey, f"{invitation.pk}/answer/")
    token = str(uuid.uuid4())
    client.post(answer, {"token": token, "step": 0, "reached": "no"})
    client.post(answer, {"token": token, "step": 1, "useful": "no"})
    replay = client.post(answer, {"token": token, "step": 1, "useful": "no"})
    assert replay.url == f"{answer}?receipt={token}"
    assert client.get(replay.url).url == url(survey)
    again = client.post(answer, {"token": str(uuid.uuid4()), "step": 0, "reached": "no"})
    assert again.url == url(survey)
    assert SurveySubmission.objects.filter(invitation=invitation).count() == 1
    assert invitation.calls.filter(outcome="completed").count() == 1


def test_another_interviewer_cannot_continue_a_colleague_s_draft(survey):
    invitation = invite(survey, "Kari")
    token = str(uuid.uuid4())
    answer = url(survey, f"{invitation.pk}/answer/")
    admin_client("rapportor-nord").post(answer, {"token": token, "step": 0, "reached": "yes"})
    assert SurveyDraft.objects.filter(token=token).exists()
    colleague = admin_client("koordinator-nord")
    response = colleague.post(answer, {"token": token, "step": 1, "useful": "yes"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert not SurveySubmission.objects.filter(invitation=invitation).exists()


@pytest.mark.parametrize("username", ["rapportor-sor", "koordinator-sor", "leser-nord", "editor"])
def test_other_districts_and_other_roles_cannot_call_or_record(survey, username):
    invitation = invite(survey, "Kari")
    client = admin_client(username)
    for path in ["", f"{invitation.pk}/", f"{invitation.pk}/answer/"]:
        response = client.get(url(survey, path))
        assert (response.status_code, response.url) == (302, "/admin/"), path
    client.post(url(survey, f"{invitation.pk}/"), {"outcome": "refused"})
    client.post(
        url(survey, f"{invitation.pk}/answer/"),
        {"token": str(uuid.uuid4()), "step": 0, "reached": "no"},
    )
    assert not invitation.calls.exists()
    assert not SurveySubmission.objects.filter(page=survey).exists()


def test_another_district_s_respondent_on_a_shared_survey_is_out_of_reach():
    demo = SurveyPage.objects.get(slug="tenant-follow-up")
    north = demo.invitations.filter(unit__code="fjordvik-nord", revoked_at=None).first()
    client = admin_client("rapportor-sor")
    assert client.get(url(demo, f"{north.pk}/answer/")).url == "/admin/"
    assert client.post(url(demo, f"{north.pk}/"), {"outcome": "refused"}).url == "/admin/"
    assert not north.calls.filter(outcome="refused").exists()


def test_survey_without_interviews_has_no_worklist(survey):
    SurveyPage.objects.filter(pk=survey.pk).update(interviews=False)
    assert admin_client("admin").get(url(survey)).status_code == 404


def test_demo_has_call_attempts_of_every_kind():
    demo = SurveyPage.objects.get(slug="tenant-follow-up")
    outcomes = set(
        CallAttempt.objects.filter(invitation__page=demo).values_list("outcome", flat=True)
    )
    assert outcomes == {"no_answer", "call_back", "refused", "completed"}
    recorded = SurveySubmission.objects.filter(page=demo, channel="interview")
    assert recorded.count() == 3
    assert all(s.recorded_by and s.invitation for s in recorded)
