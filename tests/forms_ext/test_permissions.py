"""Seeing answers is a right per unit, reaching down the tree, and nothing else."""

import pytest
from django.contrib.auth import get_user_model

from forms_ext.models import OrganisationUnit, SurveyPage, SurveySubmission, UnitRole
from forms_ext.permissions import submissions_for, units_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def demo_survey():
    return SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")


def codes(queryset):
    return set(queryset.values_list("unit__code", flat=True))


@pytest.mark.parametrize("district", ["nord", "sentrum", "sor"])
@pytest.mark.parametrize("role", ["koordinator", "leser"])
def test_district_staff_see_their_district_only(district, role):
    visible = submissions_for(user(f"{role}-{district}"))
    assert visible.exists()
    assert codes(visible) == {f"fjordvik-{district}"}


def test_reporters_and_plain_editors_see_no_answers():
    assert not submissions_for(user("rapportor-nord")).exists()
    assert not submissions_for(user("editor")).exists()


def test_a_role_in_the_municipality_reaches_every_district():
    coordinator = UserFactory(username="kommunekoordinator")
    UnitRole.objects.create(
        user=coordinator, unit=OrganisationUnit.objects.get(code="fjordvik"), role="coordinator"
    )
    assert codes(submissions_for(coordinator)) == {
        "fjordvik-nord",
        "fjordvik-sentrum",
        "fjordvik-sor",
    }
    assert units_for(coordinator, ["coordinator"]).count() == 11


def test_anonymous_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not submissions_for(AnonymousUser()).exists()


def listed_ids(client, survey):
    response = client.get(f"/admin/forms/submissions/{survey.pk}/")
    assert response.status_code == 200
    return {submission.pk for submission in response.context["object_list"]}


def test_wagtail_listing_shows_a_coordinator_only_their_district(client, demo_survey):
    client.force_login(user("koordinator-nord"))
    north = set(
        SurveySubmission.objects.filter(unit__code="fjordvik-nord").values_list("pk", flat=True)
    )
    ids = listed_ids(client, demo_survey)
    assert ids and ids <= north


def test_wagtail_listing_shows_an_editor_without_a_role_nothing(client, demo_survey):
    client.force_login(user("editor"))
    assert listed_ids(client, demo_survey) == set()


def test_archived_submissions_leave_the_listing(client, demo_survey):
    from django.utils import timezone

    client.force_login(user("koordinator-sor"))
    before = listed_ids(client, demo_survey)
    archived = SurveySubmission.objects.filter(pk__in=before).first()
    archived.archived_at = timezone.now()
    archived.save()
    assert listed_ids(client, demo_survey) == before - {archived.pk}


def test_deleting_the_survey_page_keeps_its_answers(demo_survey):
    key = demo_survey.translation_key
    count = SurveySubmission.objects.filter(survey_key=key).count()
    demo_survey.delete()
    assert SurveySubmission.objects.filter(survey_key=key).count() == count
    assert SurveySubmission.objects.filter(survey_key=key, page=None).count() == count


def test_file_download_is_refused_to_another_district(client, demo_survey):
    south = SurveySubmission.objects.filter(unit__code="fjordvik-sor").first()
    client.force_login(user("koordinator-nord"))
    response = client.get(f"/admin/forms_ext/uploads/{south.pk}/notater_fra_samtalen/")
    assert (response.status_code, response.url) == (302, "/admin/")


def test_admin_gives_a_user_a_role_in_a_unit(admin_client):
    viewer = UserFactory(username="ny-leser")
    unit = OrganisationUnit.objects.get(code="fjordvik-nord")
    response = admin_client.post(
        "/admin/snippets/forms_ext/unitrole/add/",
        {"user": viewer.pk, "unit": unit.pk, "role": "viewer"},
    )
    assert response.status_code == 302
    assert codes(submissions_for(viewer)) == {"fjordvik-nord"}


def test_roles_admin_is_for_those_with_the_permission(client):
    client.force_login(user("koordinator-nord"))
    response = client.get("/admin/snippets/forms_ext/unitrole/")
    assert (response.status_code, response.url) == (302, "/admin/")


def detail_url(submission):
    return f"/admin/forms_ext/submissions/{submission.pk}/"


def district_submission(code):
    return SurveySubmission.objects.filter(unit__code=f"fjordvik-{code}").first()


def test_detail_shows_the_answers_with_the_versions_labels(client):
    submission = district_submission("nord")
    client.force_login(user("leser-nord"))
    response = client.get(detail_url(submission))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fikk du snakke med husstanden?" in html
    assert f"Answer {submission.pk}" in html  # the header names the answer
    reached = submission.form_data["fikk_du_snakke_med_husstanden"]
    label = {
        "yes": "Ja, vi snakket sammen",
        "no_answer": "Svarte ikke",
        "call_back": "Ring tilbake senere",
        "refused": "Ønsket ikke å svare",
    }[reached]
    assert f"<td>{label}</td>" in html, "options are shown by their labels, not codes"
    assert 'name="archive"' not in html, "a viewer may not archive"


@pytest.mark.parametrize("name", ["koordinator-sor", "leser-sor", "rapportor-nord", "editor"])
def test_detail_is_refused_outside_the_users_units(client, name):
    client.force_login(user(name))
    response = client.get(detail_url(district_submission("nord")))
    assert (response.status_code, response.url) == (302, "/admin/")


def test_coordinator_archives_and_restores_with_an_audit_entry_without_answers(client):
    from wagtail.models import ModelLogEntry

    submission = district_submission("sentrum")
    client.force_login(user("koordinator-sentrum"))
    client.post(detail_url(submission), {"archive": "1"})
    submission.refresh_from_db()
    assert submission.archived_at is not None
    client.post(detail_url(submission), {"restore": "1"})
    submission.refresh_from_db()
    assert submission.archived_at is None
    entries = ModelLogEntry.objects.filter(object_id=str(submission.pk)).order_by("timestamp")
    assert [entry.action for entry in entries] == ["forms_ext.archive", "forms_ext.restore"]
    logged = " ".join(f"{entry.label} {entry.data}" for entry in entries)
    for answer in submission.form_data.values():
        if isinstance(answer, str) and len(answer) > 3:
            assert answer not in logged


@pytest.mark.parametrize("name", ["leser-sentrum", "koordinator-nord"])
def test_archive_is_refused_to_viewers_and_other_districts(client, name):
    submission = district_submission("sentrum")
    client.force_login(user(name))
    client.post(detail_url(submission), {"archive": "1"})
    submission.refresh_from_db()
    assert submission.archived_at is None


def test_wagtails_listing_export_goes_to_the_safe_export(client):
    survey = SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")
    client.force_login(user("koordinator-nord"))
    response = client.get(f"/admin/forms/submissions/{survey.pk}/?export=xlsx")
    assert response.url == f"/admin/forms_ext/export/{survey.pk}/xlsx/"
    exported = client.get(response.url)
    assert exported.status_code == 200
    assert exported["Content-Disposition"].startswith('attachment; filename="tenant-follow-up-')


def test_export_url_refuses_anonymous_visitors(client):
    survey = SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")
    response = client.get(f"/admin/forms_ext/export/{survey.pk}/csv/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
