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
