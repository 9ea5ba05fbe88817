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


# The answer's page, archiving instead of deleting, and the page's deletion


def user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)


def district_submissions(code, count=2):
    return list(
        SurveySubmission.objects.filter(unit__code=f"fjordvik-{code}", archived_at=None)[:count]
    )


def english(person):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(person)
    profile.preferred_language = "en"
    profile.save()
    return person


def detail_html(client, submission):
    response = client.get(f"/admin/forms_ext/submissions/{submission.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_detail_shows_channel_recorder_and_history_without_answers(client):
    from wagtail.log_actions import log

    submission = district_submissions("sentrum", 1)[0]
    recorder = user("rapportor-sentrum")
    SurveySubmission.objects.filter(pk=submission.pk).update(
        channel="interview", recorded_by=recorder
    )
    coordinator = english(user("koordinator-sentrum"))
    log(instance=submission, action="forms_ext.archive", user=coordinator)
    log(
        instance=submission,
        action="forms_ext.correct",
        user=coordinator,
        data={"changed": ["fikk_du_snakke_med_husstanden"]},
    )
    client.force_login(coordinator)
    html = detail_html(client, submission)
    assert "by an interviewer" in html
    assert recorder.get_full_name() in html
    assert "History" in html and "Answer archived" in html
    assert "Answer corrected: Fikk du snakke med husstanden?" in html
    assert str(submission.token) in html
    assert f"/admin/forms_ext/submissions/{submission.pk}/correct/" in html


def delete_url(survey, submissions, **extra):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.setlist("selected-submissions", [str(s.pk) for s in submissions])
    query.update(extra)
    return f"/admin/forms/submissions/{survey.pk}/delete/?{query.urlencode()}"


def test_wagtails_delete_asks_then_archives_and_logs_each_answer(client, demo_survey):
    from wagtail.models import ModelLogEntry

    chosen = district_submissions("nord")
    client.force_login(english(user("koordinator-nord")))
    page = client.get(delete_url(demo_survey, chosen))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Archive these 2 answers?" in html and "Yes, archive" in html
    ids = [s.pk for s in chosen]
    assert SurveySubmission.objects.filter(pk__in=ids, archived_at=None).count() == 2, "asks first"
    response = client.post(delete_url(demo_survey, chosen))
    assert response.url == f"/admin/forms/submissions/{demo_survey.pk}/"
    for submission in chosen:
        submission.refresh_from_db()
        assert submission.archived_at is not None, "archived, not deleted"
        entry = ModelLogEntry.objects.get(object_id=str(submission.pk))
        assert (entry.action, entry.data) == ("forms_ext.archive", {})


def test_archived_answers_are_restored_in_bulk(client, demo_survey):
    from django.utils import timezone

    chosen = district_submissions("nord")
    SurveySubmission.objects.filter(pk__in=[s.pk for s in chosen]).update(
        archived_at=timezone.now()
    )
    client.force_login(english(user("koordinator-nord")))
    html = client.get(delete_url(demo_survey, chosen, action="restore")).content.decode()
    assert "Restore these 2 answers?" in html
    client.post(delete_url(demo_survey, chosen, action="restore"))
    assert not SurveySubmission.objects.filter(
        pk__in=[s.pk for s in chosen], archived_at__isnull=False
    ).exists()


def test_another_districts_answers_are_left_out_of_archiving(client, demo_survey):
    south = district_submissions("sor")
    north = district_submissions("nord", 1)
    client.force_login(english(user("koordinator-nord")))
    html = client.get(delete_url(demo_survey, south + north)).content.decode()
    assert "Archive this answer?" in html
    assert "2 chosen answers are left out" in html
    client.post(delete_url(demo_survey, south + north))
    assert (
        SurveySubmission.objects.filter(pk__in=[s.pk for s in south], archived_at=None).count() == 2
    )
    assert SurveySubmission.objects.get(pk=north[0].pk).archived_at is not None


@pytest.mark.parametrize("name", ["leser-nord", "rapportor-nord", "editor"])
def test_archiving_is_refused_to_those_who_may_not_correct(client, demo_survey, name):
    chosen = district_submissions("nord")
    client.force_login(user(name))
    assert client.get(delete_url(demo_survey, chosen)).url == "/admin/"
    response = client.post(delete_url(demo_survey, chosen))
    assert (response.status_code, response.url) == (302, "/admin/")
    assert (
        SurveySubmission.objects.filter(pk__in=[s.pk for s in chosen], archived_at=None).count()
        == 2
    )


def test_no_submission_is_ever_deleted_through_wagtails_url(admin_client, demo_survey):
    before = SurveySubmission.objects.count()
    admin_client.post(delete_url(demo_survey, list(demo_survey.get_submissions()[:5])))
    assert SurveySubmission.objects.count() == before


def test_deleting_the_page_in_the_admin_keeps_its_answers(admin_client_en, demo_survey):
    admin_client = admin_client_en
    key = demo_survey.translation_key
    count = SurveySubmission.objects.filter(survey_key=key).count()
    response = admin_client.post(f"/admin/pages/{demo_survey.pk}/delete/")
    assert response.status_code == 302
    assert not SurveyPage.objects.filter(pk=demo_survey.pk).exists()
    assert SurveySubmission.objects.filter(survey_key=key, page=None).count() == count
    orphan = SurveySubmission.objects.filter(survey_key=key).first()
    html = admin_client.get(f"/admin/forms_ext/submissions/{orphan.pk}/").content.decode()
    assert "(page deleted)" in html


def test_detail_names_the_invitation_an_answer_came_through(client):
    import datetime

    from django.utils import timezone

    from forms_ext.models import Invitation

    submission = district_submissions("sor", 1)[0]
    invitation = Invitation.objects.create(
        page=submission.page.specific,
        unit=submission.unit,
        name="Husstand 17",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    SurveySubmission.objects.filter(pk=submission.pk).update(invitation=invitation)
    client.force_login(english(user("leser-sor")))
    html = detail_html(client, submission)
    assert "Invitation" in html and "Husstand 17" in html
    assert "/correct/" not in html, "a viewer is not offered the correction"
