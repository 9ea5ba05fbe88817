"""Definitions, the template library, new survey from template, save as template, copy."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale, Page

from forms_ext.definitions import (
    DefinitionError,
    build_page,
    check_definition,
    definition_of,
)
from forms_ext.models import (
    InventoryPage,
    Invitation,
    Sector,
    SurveyField,
    SurveyPage,
    SurveySubmission,
    SurveyTemplate,
)
from forms_ext.template_library import install_shipped_templates
from forms_ext.template_library.shipped import SHIPPED
from tests.utils import home_page, logged_in, make_inventory, unit

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"label": "Kind of place", "field_type": "radio", "choices": "bed | Bed\nflat | Flat"},
    {"label": "Vacant now", "field_type": "number", "min_value": 0, "max_value": 500},
    {
        "label": "Vacant from",
        "field_type": "date",
        "required": False,
        "max_value": 365,
        "rule_field": "vacant_now",
        "rule_operator": "eq",
        "rule_value": "0",
    },
]


def follow_up() -> SurveyPage:
    return SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")


def surveys_index() -> Page:
    return home_page().get_children().get(slug="surveys").specific


def stranger(group: str = ""):
    """A client logged in as a new staff user with no role: in ``group``, or only allowed
    into the admin."""
    person = get_user_model().objects.create_user("stranger", is_staff=True)
    if group:
        person.groups.add(Group.objects.get(name=group))
    else:
        person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return logged_in("stranger")


def keys(page) -> list[str]:
    return [field.clean_name for field in page.form_fields.all()]


@pytest.fixture
def inventory():
    """An inventory in Norwegian with a Swedish translation of its questions."""
    page = make_inventory(
        QUESTIONS, slug="ledige", parent=surveys_index(), due_at="09:00", remind_hours_before=2
    )
    copy = page.copy_for_translation(Locale.objects.get(language_code="sv")).specific
    fields = list(copy.form_fields.all())
    fields[0].label, fields[0].choices = "Typ av plats", "bed | Säng\nflat | Lägenhet"
    copy.title, copy.form_fields = "Lediga platser", fields
    copy.save_revision().publish()
    return InventoryPage.objects.get(pk=page.pk)


def test_definition_keeps_questions_rules_schedule_and_translations(inventory):
    definition = definition_of(inventory)

    assert definition["kind"] == "inventory" and definition["language"] == "nb"
    assert [f["key"] for f in definition["fields"]] == [
        "kind_of_place",
        "vacant_now",
        "vacant_from",
    ]
    assert definition["fields"][2]["rule_field"] == "vacant_now"
    assert definition["fields"][2]["required"] is False
    assert definition["schedule"]["due_at"] == "09:00"
    assert definition["schedule"]["remind_hours_before"] == 2
    swedish = definition["translations"]["sv"]
    assert swedish["title"] == "Lediga platser"
    assert swedish["fields"]["kind_of_place"]["choices"] == "bed | Säng\nflat | Lägenhet"
    assert check_definition(definition) == []
    assert "owner_unit" not in str(definition) and "expected_units" not in str(definition)


def test_build_page_makes_drafts_with_the_same_keys_in_every_language(inventory):
    page = build_page(
        definition_of(inventory),
        surveys_index(),
        title="Ledige plasser Nord",
        owner_unit=unit("fjordvik-nord"),
    )

    assert isinstance(page, InventoryPage) and not page.live
    assert page.slug == "ledige-plasser-nord" and page.owner_unit == unit("fjordvik-nord")
    assert keys(page) == keys(inventory)
    assert page.form_fields.get(clean_name="vacant_from").rule_field == "vacant_now"
    assert str(page.due_at) == "09:00:00" and page.remind_hours_before == 2
    swedish = page.get_translation(Locale.objects.get(language_code="sv")).specific
    assert not swedish.live and swedish.title == "Lediga platser"
    assert keys(swedish) == keys(inventory)
    assert swedish.form_fields.get(clean_name="kind_of_place").label == "Typ av plats"
    assert page.expected_units.count() == 0
    assert page.get_latest_revision() is not None and swedish.get_latest_revision() is not None


def test_a_second_page_from_one_definition_gets_its_own_address():
    definition = definition_of(follow_up())
    first = build_page(definition, surveys_index(), title="Oppfølging")
    second = build_page(definition, surveys_index(), title="Oppfølging")

    assert first.slug == "oppfolging" and second.slug == "oppfolging-2"


def test_a_page_built_in_another_language_takes_that_languages_texts(inventory):
    english_index = surveys_index().get_translation_or_none(Locale.objects.get(language_code="en"))
    definition = definition_of(inventory)

    page = build_page(definition, english_index or home_page("en"), title="Vacancies")

    # No English texts: the source (Norwegian) ones, and the Swedish translation kept.
    assert page.form_fields.first().label == "Kind of place"
    assert page.locale.language_code == "en"
    languages = {t.locale.language_code for t in page.get_translations()}
    assert "sv" in languages and "nb" in languages
    norwegian = page.get_translation(Locale.objects.get(language_code="nb")).specific
    assert norwegian.form_fields.first().label == "Kind of place"


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda d: d["fields"].append({"key": "x", "field_type": "nonsense"}), "unknown type"),
        (lambda d: d["fields"].append(dict(d["fields"][0])), "key of an earlier one"),
        (lambda d: d["fields"][0].update(rule_field="vacant_now"), "not an earlier question"),
        (
            lambda d: d["fields"][1].update(min_value=10, max_value=1),
            "maximum must not be below",
        ),
        (lambda d: d.update(format=99), "not a survey definition"),
        (lambda d: d["fields"][1].update(min_value="x"), "not allowed"),
        (lambda d: d["fields"][1].update(decimal_places="two"), "not allowed"),
        (lambda d: d["fields"][0].update(label="x" * 300), "not allowed"),
    ],
)
def test_a_bad_definition_is_refused_and_makes_nothing(inventory, change, problem):
    definition = definition_of(inventory)
    change(definition)
    pages = Page.objects.count()

    with pytest.raises(DefinitionError) as refused:
        build_page(definition, surveys_index(), title="Broken")

    assert problem in str(refused.value)
    assert Page.objects.count() == pages


# The library in the admin.


def test_shipped_templates_are_installed_once_and_kept_as_edited():
    assert SurveyTemplate.objects.filter(shipped__gt="").count() == len(SHIPPED)
    template = SurveyTemplate.objects.get(shipped=SHIPPED[0]["key"])
    template.name = "Renamed by an editor"
    template.save()

    assert install_shipped_templates() == []
    template.refresh_from_db()
    assert template.name == "Renamed by an editor"

    template.delete()
    call_command("install_survey_templates", stdout=open("/dev/null", "w"))
    assert SurveyTemplate.objects.get(shipped=SHIPPED[0]["key"]).name == SHIPPED[0]["name"]


def test_the_library_lists_templates_by_sector_without_an_add_button():
    client = logged_in("koordinator-nord")
    elderly = Sector.objects.get(slug="elderly-care")

    everything = client.get(reverse("survey_templates:index"))
    filtered = client.get(reverse("survey_templates:index"), {"sector": elderly.pk})

    assert everything.status_code == 200
    for item in SHIPPED:
        assert item["name"] in everything.content.decode()
    text = filtered.content.decode()
    for item in SHIPPED:
        assert (item["name"] in text) == (item["sector"] == "elderly-care")
    assert reverse("survey_templates:index") + "new/" not in text
    assert "Import an XLSForm" in text


def test_the_library_is_closed_to_users_without_the_right():
    client = stranger(group="Moderators")
    template = SurveyTemplate.objects.first()

    assert client.get(reverse("survey_templates:use", args=[template.pk])).status_code == 403
    assert client.get(reverse("survey_templates:xlsform", args=[template.pk])).status_code == 403


def use(client, template, **data):
    url = reverse("survey_templates:use", args=[template.pk])
    return client.post(url, {"parent": surveys_index().pk, **data})


@pytest.mark.parametrize("item", SHIPPED, ids=[item["key"] for item in SHIPPED])
def test_a_coordinator_makes_a_draft_from_each_shipped_template(item):
    client = logged_in("koordinator-nord")
    template = SurveyTemplate.objects.get(shipped=item["key"])
    form = client.get(reverse("survey_templates:use", args=[template.pk]))
    assert form.status_code == 200 and template.name in form.content.decode()

    response = use(client, template, title="Nord 2027", owner_unit=unit("fjordvik-nord").pk)

    page = SurveyPage.objects.get(title="Nord 2027").specific
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.owner_unit == unit("fjordvik-nord")
    assert page.get_parent().pk == surveys_index().pk
    assert keys(page) == [field["key"] for field in item["definition"]["fields"]]
    assert isinstance(page, InventoryPage) == (item["definition"]["kind"] == "inventory")
    assert client.get(response["Location"]).status_code == 200


def test_a_coordinator_cannot_make_a_survey_for_another_district():
    client = logged_in("koordinator-nord")
    template = SurveyTemplate.objects.first()

    response = use(client, template, title="Sør", owner_unit=unit("fjordvik-sor").pk)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not SurveyPage.objects.filter(title="Sør").exists()


def test_save_as_template_keeps_the_definition_and_no_answers():
    client = logged_in("editor")
    page = follow_up()
    url = reverse("forms_ext_save_as_template", args=[page.pk])
    housing = Sector.objects.get(slug="housing")

    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Oppfølging, vår mal", "sector": housing.pk})

    template = SurveyTemplate.objects.get(name="Oppfølging, vår mal")
    assert response.status_code == 302
    assert template.kind == "survey" and template.created_by.username == "editor"
    assert template.definition == definition_of(page)
    assert not template.shipped


def test_save_as_template_needs_the_right():
    client = stranger(group="Moderators")  # may edit pages, not templates

    response = client.get(reverse("forms_ext_save_as_template", args=[follow_up().pk]))

    assert response.status_code == 403


def test_copy_to_another_unit_takes_the_definition_but_no_answers_or_invitations():
    source = follow_up()
    assert source.get_submissions().exists() and Invitation.objects.exists()
    client = logged_in("admin")
    url = reverse("forms_ext_copy_survey", args=[source.pk])

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Oppfølging Sør",
            "owner_unit": unit("fjordvik-sor").pk,
            "parent": surveys_index().pk,
        },
    )

    copy = SurveyPage.objects.get(title="Oppfølging Sør")
    assert response.status_code == 302 and not copy.live
    assert copy.translation_key != source.translation_key
    assert keys(copy) == keys(source)
    assert copy.owner_unit == unit("fjordvik-sor") and copy.interviews == source.interviews
    assert not SurveySubmission.objects.filter(survey_key=copy.translation_key).exists()
    assert not Invitation.objects.filter(page=copy).exists()


def test_copy_needs_the_right_to_edit_the_survey():
    client = stranger()  # may enter the admin, nothing more

    response = client.get(reverse("forms_ext_copy_survey", args=[follow_up().pk]))

    assert response.status_code == 403


def test_the_page_menu_offers_the_survey_actions_on_surveys_only():
    client = logged_in("admin")

    survey = client.get(reverse("wagtailadmin_pages:edit", args=[follow_up().pk])).content.decode()
    other = client.get(
        reverse("wagtailadmin_pages:edit", args=[surveys_index().pk])
    ).content.decode()

    for name in ("forms_ext_copy_survey", "forms_ext_save_as_template"):
        assert reverse(name, args=[follow_up().pk]) in survey
        assert reverse(name, args=[surveys_index().pk]) not in other


def test_an_out_of_bounds_number_shows_the_editors_message():
    field = SurveyField(
        clean_name="beds",
        label="Beds",
        field_type="number",
        min_value=0,
        max_value=10,
        error_message="Between 0 and 10 beds, please.",
    )
    form_field = field.kind.form_field(field, label="Beds", required=True)

    with pytest.raises(Exception) as refused:
        form_field.clean("11")

    assert "Between 0 and 10 beds, please." in str(refused.value)
