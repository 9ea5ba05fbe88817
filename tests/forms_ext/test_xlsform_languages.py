"""XLSForm import: the form's language, translations, languages Boportal lacks, the title."""

import pytest
from wagtail.models import Page

from forms_ext.definitions import build_page, check_definition
from forms_ext.models import SurveyPage
from forms_ext.xlsform.columns import language_code
from tests.forms_ext.xlsform_tables import fields_by_key, read, reasons

TRANSLATED = """
| survey |
| | type           | name  | label::English (en) | label::Svenska (sv) | hint::Svenska (sv) | constraint | constraint_message::English (en) | constraint_message::Svenska (sv) | label::Français (fr) |
| | integer        | age   | Age                 | Ålder               | I år               | . >= 18    | Adults only                      | Bara vuxna                       | Âge                  |
| | select_one yn  | happy | Happy?              | Nöjd?               |                    |            |                                  |                                  | Heureux ?            |
| choices |
| | list_name | name | label::English (en) | label::Svenska (sv) | label::Français (fr) |
| | yn        | yes  | Yes                 | Ja                  | Oui                  |
| | yn        | no   | No                  |                     | Non                  |
| settings |
| | form_title | version | default_language |
| | Follow-up  | 2024-1  | English (en)     |
"""  # noqa: E501


def test_texts_in_each_language_become_the_definition_and_its_translations():
    result = read(TRANSLATED)
    definition = result.definition
    assert (definition["language"], result.title, definition["title"]) == (
        "en",
        "Follow-up",
        "Follow-up",
    )
    fields = fields_by_key(result)
    assert (fields["age"]["label"], fields["age"]["error_message"]) == ("Age", "Adults only")
    assert fields["happy"]["choices"] == "yes | Yes\nno | No"
    assert list(definition["translations"]) == ["sv"]
    swedish = definition["translations"]["sv"]["fields"]
    assert swedish["age"] == {"label": "Ålder", "help_text": "I år", "error_message": "Bara vuxna"}
    # an option without a Swedish label keeps the form's own, so the codes stay whole
    assert swedish["happy"] == {"label": "Nöjd?", "choices": "yes | Ja\nno | No"}
    assert check_definition(definition) == []


def test_languages_boportal_lacks_are_listed_by_column_and_left_out():
    result = read(TRANSLATED)
    assert reasons(result) == [
        ("survey", 1, "label::Français (fr)"),
        ("choices", 1, "label::Français (fr)"),
    ]
    assert "“Français (fr)”" in result.unsupported[0].reason
    assert "Âge" not in str(result.definition)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("English (en)", "en"),
        ("english", "en"),
        ("Svenska (sv)", "sv"),
        ("Swedish", "sv"),
        ("Norsk", "nb"),
        ("Norsk bokmål (nb)", "nb"),
        ("Bokmål", "nb"),
        ("nb-NO", "nb"),
        ("Nynorsk", "nn"),
        ("Norwegian Nynorsk (nn)", "nn"),
        ("Arabic (ar)", "ar"),
        ("العربية", "ar"),
        ("eng", "en"),
        ("French (fr)", None),
        ("Kyrgyz", None),
        ("default", None),
    ],
)
def test_language_names_and_codes(name, code):
    assert language_code(name) == code


def test_plain_columns_are_in_the_default_language_of_the_settings():
    result = read(
        """
        | survey |
        | | type | name | label     | label::Swedish | label::Nynorsk | label::العربية |
        | | text | a    | Navn      | Namn           | Namn nn        | اسم            |
        | settings |
        | | default_language |
        | | Norsk            |
        """
    )
    definition = result.definition
    assert definition["language"] == "nb" and definition["fields"][0]["label"] == "Navn"
    assert sorted(definition["translations"]) == ["ar", "nn", "sv"]
    assert definition["translations"]["ar"]["fields"]["a"] == {"label": "اسم"}
    assert result.unsupported == []
    assert result.warnings == []


def test_without_settings_the_first_named_language_is_the_forms_own():
    result = read(
        """
        | survey |
        | | type | name | label::Svenska (sv) | label::English (en) |
        | | text | a    | Namn                | Name                |
        """
    )
    assert result.definition["language"] == "sv"
    assert result.definition["translations"]["en"]["fields"]["a"] == {"label": "Name"}
    assert result.title == "form"  # the file's name


def test_a_form_language_boportal_lacks_keeps_its_texts_in_the_sites_language():
    result = read(
        """
        | survey |
        | | type | name | label |
        | | text | a    | Nom   |
        | settings |
        | | default_language |
        | | Français (fr)    |
        """
    )
    assert result.definition["language"] == "nb"
    assert result.definition["fields"][0]["label"] == "Nom"
    assert "“Français (fr)”" in result.warnings[0]


@pytest.mark.django_db
def test_a_translated_import_makes_a_draft_in_each_language_of_the_section():
    result = read(TRANSLATED.replace("English (en)", "Norsk (nb)"))
    parent = Page.objects.get(url_path="/home/surveys/")
    page = build_page(result.definition, parent, title=result.title)
    assert page.live is False and page.locale.language_code == "nb"
    swedish = SurveyPage.objects.get(
        translation_key=page.translation_key, locale__language_code="sv"
    )
    swedish = swedish.get_latest_revision_as_object()
    labels = {field.clean_name: field.label for field in swedish.form_fields.all()}
    assert labels == {"age": "Ålder", "happy": "Nöjd?"}
