"""The admin's listing of a survey's answers: who reaches it, filters, search, pages, the index."""

import datetime
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from forms_ext.filters import filtered_submissions
from forms_ext.models import OrganisationUnit, SurveyPage, SurveySubmission, UnitRole
from forms_ext.submissions import store_submission
from tests.factories import UserFactory
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def demo_survey():
    return SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")


def in_english(person):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(person)
    profile.preferred_language = "en"
    profile.save()
    return person


@pytest.fixture
def north(client):
    client.force_login(in_english(user("koordinator-nord")))
    return client


def list_url(survey, **params):
    query = QueryDict(mutable=True)
    query.update(params)
    return f"/admin/forms/submissions/{survey.pk}/?{query.urlencode()}"


def listed(client, survey, **params):
    response = client.get(list_url(survey, per_page="50", **params))
    assert response.status_code == 200
    return {submission.pk for submission in response.context["object_list"]}


def district_ids(code, **filters):
    return set(
        SurveySubmission.objects.filter(unit__code=f"fjordvik-{code}", **filters).values_list(
            "pk", flat=True
        )
    )


def answer_only_user(name, unit_code, role="coordinator"):
    """A user who may enter the admin and has a role in a unit, but may edit no page."""
    person = in_english(UserFactory(username=name))
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    UnitRole.objects.create(
        user=person, unit=OrganisationUnit.objects.get(code=unit_code), role=role
    )
    return person


# Who reaches the listing


def test_a_coordinator_without_page_rights_reaches_their_districts_answers(client, demo_survey):
    client.force_login(answer_only_user("svar-nord", "fjordvik-nord"))
    assert listed(client, demo_survey) == district_ids("nord", archived_at=None)


def test_a_viewer_without_page_rights_reaches_their_districts_answers(client, demo_survey):
    client.force_login(answer_only_user("les-sor", "fjordvik-sor", role="viewer"))
    assert listed(client, demo_survey) == district_ids("sor", archived_at=None)


def test_a_user_without_a_role_or_page_rights_is_refused(client, demo_survey):
    person = UserFactory(username="ingen-rolle")
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(person)
    response = client.get(list_url(demo_survey))
    assert (response.status_code, response.url) == (302, "/admin/")


def test_a_reporter_sees_no_answers(client, demo_survey):
    client.force_login(user("rapportor-nord"))  # in Editors: may edit the page
    assert listed(client, demo_survey) == set()


def test_another_districts_answer_is_not_listed_even_when_asked_for(north, demo_survey):
    south = district_ids("sor")
    assert listed(north, demo_survey, q=str(min(south))) == set()
    south_unit = OrganisationUnit.objects.get(code="fjordvik-sor")
    response = north.get(list_url(demo_survey, unit=south_unit.pk, per_page="50"))
    rows = {submission.pk for submission in response.context["object_list"]}
    assert rows == district_ids("nord", archived_at=None)
    assert "unit" in response.context["filters"].errors, "another district is not a choice"


# What a row shows


def test_rows_show_time_unit_version_channel_and_first_answers(north, demo_survey):
    response = north.get(list_url(demo_survey, per_page="50"))
    html = response.content.decode()
    with translation.override("en"):
        headings = [str(column.label) for column in response.context["table"].columns.values()]
    assert headings[1:5] == ["Sent", "Unit", "Version", "Answered"]
    assert "Fikk du snakke med husstanden?" in headings
    submission = SurveySubmission.objects.filter(unit__code="fjordvik-nord").first()
    assert reverse("forms_ext_submission", args=[submission.pk]) in html
    assert "Bydel Nord" in html and "Bydel Sør" not in html
    assert "by the respondent" in html
    assert "Ja, vi snakket sammen" in html, "choices are shown by their labels"
    assert 'name="selected-submissions"' in html, "a coordinator may choose rows to archive"


def test_a_viewer_gets_no_check_boxes_nor_import_and_invitations(client, demo_survey):
    client.force_login(in_english(user("leser-nord")))
    html = client.get(list_url(demo_survey)).content.decode()
    assert 'name="selected-submissions"' not in html
    assert "Download" in html


def test_header_links_to_the_exports_with_the_current_filters(north, demo_survey):
    response = north.get(list_url(demo_survey, channel="web", q="husstand"))
    html = response.content.decode()
    url = reverse("forms_ext_export", kwargs={"page_id": demo_survey.pk, "fmt": "xlsx"})
    assert f"{url}?channel=web&amp;q=husstand" in html
    for fmt in ("csv", "json"):
        assert reverse("forms_ext_export", kwargs={"page_id": demo_survey.pk, "fmt": fmt}) in html


def test_wagtails_export_parameter_keeps_the_filters(north, demo_survey):
    response = north.get(list_url(demo_survey, export="csv", channel="web"))
    assert response.url == f"/admin/forms_ext/export/{demo_survey.pk}/csv/?channel=web"


# Filters


def test_filter_by_version(north, demo_survey):
    version = demo_survey.get_submissions().filter(version__number=2).first().version
    assert listed(north, demo_survey, version=version.pk) == district_ids(
        "nord", version=version, archived_at=None
    )


def test_filter_by_unit_includes_the_units_below():
    municipality = OrganisationUnit.objects.get(code="fjordvik")
    chief = UserFactory(username="kommunesjef")
    UnitRole.objects.create(user=chief, unit=municipality, role="viewer")
    survey = SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")
    nord = OrganisationUnit.objects.get(code="fjordvik-nord")
    below = OrganisationUnit.objects.filter(path__startswith=nord.path).exclude(pk=nord.pk).first()
    moved = SurveySubmission.objects.filter(unit=nord).first()
    moved.unit = below
    moved.save()
    params = QueryDict(f"unit={nord.pk}")
    ids = set(filtered_submissions(chief, survey, params).values_list("pk", flat=True))
    assert moved.pk in ids
    assert ids == district_ids("nord", archived_at=None) | {moved.pk}


def test_filter_by_dates_is_inclusive(north, demo_survey):
    submissions = list(SurveySubmission.objects.filter(unit__code="fjordvik-nord")[:3])
    days = [datetime.date(2025, 3, 1), datetime.date(2025, 3, 5), datetime.date(2025, 3, 9)]
    for submission, day in zip(submissions, days, strict=True):
        submission.submit_time = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(23, 30))
        )
        submission.save()
    found = listed(north, demo_survey, submitted_after="2025-03-05", submitted_before="2025-03-09")
    assert found == {submissions[1].pk, submissions[2].pk}


def test_filter_by_a_choice_code_or_label(north, demo_survey):
    expected = {
        s.pk
        for s in SurveySubmission.objects.filter(unit__code="fjordvik-nord", archived_at=None)
        if s.form_data.get("fikk_du_snakke_med_husstanden") == "refused"
    }
    key = "fikk_du_snakke_med_husstanden"
    assert listed(north, demo_survey, question=key, value="refused") == expected
    assert listed(north, demo_survey, question=key, value="ønsket ikke å svare") == expected


def test_filter_by_one_of_several_chosen_options(north, demo_survey):
    key = "hvilke_temaer_var_mest_nyttige"
    expected = {
        s.pk
        for s in SurveySubmission.objects.filter(unit__code="fjordvik-nord", archived_at=None)
        if "grant" in (s.form_data.get(key) or [])
    }
    assert expected
    assert listed(north, demo_survey, question=key, value="grant") == expected


def test_filter_by_a_number(north, demo_survey):
    key = "hvor_mange_bor_i_husstanden"
    expected = {
        s.pk
        for s in SurveySubmission.objects.filter(unit__code="fjordvik-nord", archived_at=None)
        if s.form_data.get(key) in (3, "3")
    }
    assert expected
    assert listed(north, demo_survey, question=key, value="3") == expected
    assert listed(north, demo_survey, question=key, value="3,0") == expected


def test_a_question_without_a_value_finds_those_who_answered_it(north, demo_survey):
    key = "samtalen_ble_gjort_pa"  # added in version 2
    assert listed(north, demo_survey, question=key) == district_ids(
        "nord", version__number=2, archived_at=None
    )


def test_a_wrong_value_is_an_error_not_a_silent_match(north, demo_survey):
    key = "hvor_mange_bor_i_husstanden"
    response = north.get(list_url(demo_survey, question=key, value="tre"))
    assert "value" in response.context["filters"].errors
    html = response.content.decode()
    assert "These filters are not applied" in html and "Write a number" in html


def test_filter_by_text_and_date_answers():
    survey = make_survey(
        [
            {"label": "Note", "field_type": "singleline"},
            {"label": "Meeting", "field_type": "date"},
        ],
        slug="notes-and-dates",
        parent=home_page("en"),
    )
    fields = list(survey.get_form_fields())
    unit = OrganisationUnit.objects.get(code="fjordvik-nord")
    first = store_submission(
        survey,
        fields,
        {"note": "Needs a deposit", "meeting": datetime.date(2025, 5, 2)},
        str(uuid.uuid4()),
        "en",
        unit=unit,
    )
    store_submission(
        survey,
        fields,
        {"note": "All fine", "meeting": datetime.date(2025, 5, 3)},
        str(uuid.uuid4()),
        "en",
        unit=unit,
    )
    coordinator = user("koordinator-nord")

    def ids(**params):
        query = QueryDict(mutable=True)
        query.update(params)
        return set(filtered_submissions(coordinator, survey, query).values_list("pk", flat=True))

    assert ids(question="note", value="deposit") == {first.pk}
    assert ids(question="meeting", value="2025-05-02") == {first.pk}
    assert ids(q="DEPOSIT") == {first.pk}


def test_filter_by_channel(north, demo_survey):
    interviewed = SurveySubmission.objects.filter(unit__code="fjordvik-nord")[:2]
    ids = {s.pk for s in interviewed}
    SurveySubmission.objects.filter(pk__in=ids).update(channel="interview")
    interviews = listed(north, demo_survey, channel="interview")
    assert ids <= interviews
    assert interviews == district_ids("nord", channel="interview", archived_at=None)
    assert (
        listed(north, demo_survey, channel="web")
        == district_ids("nord", archived_at=None) - interviews
    )


def test_archived_answers_hidden_shown_or_only(north, demo_survey):
    archived = SurveySubmission.objects.filter(unit__code="fjordvik-nord").first()
    archived.archived_at = timezone.now()
    archived.save()
    everything = district_ids("nord")
    assert listed(north, demo_survey) == everything - {archived.pk}
    assert listed(north, demo_survey, archived="shown") == everything
    assert listed(north, demo_survey, archived="only") == {archived.pk}


def test_filters_apply_together_and_export_gets_the_same_rows(demo_survey):
    coordinator = user("koordinator-nord")
    version = demo_survey.get_submissions().filter(version__number=1).first().version
    params = QueryDict(f"version={version.pk}&question=fikk_du_snakke_med_husstanden&value=yes")
    rows = filtered_submissions(coordinator, demo_survey, params)
    expected = {
        s.pk
        for s in SurveySubmission.objects.filter(unit__code="fjordvik-nord", version=version)
        if s.form_data["fikk_du_snakke_med_husstanden"] == "yes"
    }
    assert expected and set(rows.values_list("pk", flat=True)) == expected


def test_filtered_submissions_never_reaches_another_district(demo_survey):
    south = OrganisationUnit.objects.get(code="fjordvik-sor")
    rows = filtered_submissions(
        user("koordinator-nord"), demo_survey, QueryDict(f"unit={south.pk}")
    )
    assert set(rows.values_list("unit__code", flat=True)) == {"fjordvik-nord"}
    assert not filtered_submissions(user("editor"), demo_survey, QueryDict("")).exists()


# Search


def test_search_by_answer_number_and_receipt(north, demo_survey):
    submission = SurveySubmission.objects.filter(unit__code="fjordvik-nord").last()
    assert listed(north, demo_survey, q=str(submission.pk)) == {submission.pk}
    assert listed(north, demo_survey, q=f"#{submission.pk}") == {submission.pk}
    assert listed(north, demo_survey, q=str(submission.token)) == {submission.pk}


def test_search_in_text_answers(north, demo_survey):
    submission = SurveySubmission.objects.filter(unit__code="fjordvik-nord").first()
    submission.answers.create(
        survey_key=submission.survey_key, key="notater_fra_samtalen", text="Ønsker tolk neste gang"
    )
    assert listed(north, demo_survey, q="tolk neste") == {submission.pk}


# Pages and queries


def test_twenty_answers_a_page_or_fifty(client, demo_survey):
    client.force_login(in_english(user("admin")))
    first = client.get(list_url(demo_survey))
    assert len(first.context["object_list"]) == 20
    assert first.context["paginator"].count == demo_survey.get_submissions().count()
    assert "Page 1 of 3" in first.content.decode()
    assert len(client.get(list_url(demo_survey, per_page="50")).context["object_list"]) == 50
    assert len(client.get(list_url(demo_survey, per_page="1000")).context["object_list"]) == 20
    last = client.get(list_url(demo_survey, p="3"))
    assert len(last.context["object_list"]) == demo_survey.get_submissions().count() - 40


def test_the_listing_makes_as_many_queries_for_fifty_rows_as_for_twenty(
    client, demo_survey, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user("admin"))
    client.get(list_url(demo_survey))  # warm the caches (content types, site)
    counts = []
    for size in ("20", "50"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(list_url(demo_survey, per_page=size))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "no query per row"
    with django_assert_max_num_queries(30):
        client.get(
            list_url(demo_survey, per_page="50", question="hvor_mange_bor_i_husstanden", value="2")
        )


# The index of surveys and the menu


def test_index_counts_only_the_users_units(client, demo_survey):
    client.force_login(in_english(user("koordinator-sor")))
    response = client.get(reverse("forms_ext_surveys"))
    assert response.status_code == 200
    rows = {page.pk: page.answer_count for page in response.context["object_list"]}
    assert rows[demo_survey.pk] == len(district_ids("sor", archived_at=None))
    html = response.content.decode()
    assert "Survey answers" in html
    assert reverse("wagtailforms:list_submissions", args=[demo_survey.pk]) in html


def test_index_lists_a_survey_once_over_its_translations(admin_client_en, demo_survey):
    from wagtail.models import Locale

    english = demo_survey.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.save_revision().publish()
    response = admin_client_en.get(reverse("forms_ext_surveys"))
    keys = [page.translation_key for page in response.context["object_list"]]
    assert keys.count(demo_survey.translation_key) == 1


def test_index_is_refused_to_editors_without_a_role(client):
    client.force_login(user("editor"))
    response = client.get(reverse("forms_ext_surveys"))
    assert (response.status_code, response.url) == (302, "/admin/")


def test_index_leaves_out_surveys_of_other_units(client):
    make_survey([{"label": "Q", "field_type": "singleline"}], slug="elsewhere")
    client.force_login(user("leser-nord"))
    response = client.get(reverse("forms_ext_surveys"))
    assert "elsewhere" not in [page.slug for page in response.context["object_list"]]


def test_menu_shows_survey_answers_to_those_who_may_see_answers(client):
    client.force_login(in_english(user("leser-nord")))
    html = client.get("/admin/").content.decode()
    assert "Survey answers" in html
    assert reverse("forms_ext_surveys") in html
    assert 'href="/admin/forms/"' not in html, "Wagtail's Forms menu gives way"
    client.force_login(in_english(user("editor")))
    assert reverse("forms_ext_surveys") not in client.get("/admin/").content.decode()


def test_coordinators_get_import_and_invitations_buttons(north, client, demo_survey):
    html = north.get(list_url(demo_survey)).content.decode()
    for name in ("forms_ext_import", "forms_ext_invitations"):
        assert reverse(name, args=[demo_survey.pk]) in html
    client.force_login(user("leser-nord"))
    html = client.get(list_url(demo_survey)).content.decode()
    for name in ("forms_ext_import", "forms_ext_invitations"):
        assert reverse(name, args=[demo_survey.pk]) not in html
