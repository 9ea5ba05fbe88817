"""XLSForm export: what the workbook holds, that pyxform accepts it, and that it reads back.

A round trip (``definition_of`` → ``write_xlsform`` → ``read_xlsform``) gives the
same questions (keys, types, every attribute), options, rules and translations.
"""

import io

import openpyxl
import pytest
from pyxform.xls2xform import convert
from wagtail.models import Page

from forms_ext.definitions import (
    build_page,
    check_definition,
    definition_of,
    field_definition,
    make_field,
)
from forms_ext.models import SurveyPage
from forms_ext.xlsform import read_xlsform, write_xlsform
from tests.utils import home_page, make_inventory

FIELDS = [
    {"key": "intro", "field_type": "info", "label": "Welcome", "help_text": "Read this first",
     "required": False},
    {"key": "unit", "field_type": "hidden", "label": "Unit", "required": False,
     "default_value": "nord"},
    {"key": "name", "field_type": "singleline", "label": "=Name",
     "help_text": "Your “name”\non two lines"},
    {"key": "email", "field_type": "email", "label": "E-mail", "required": False},
    {"key": "phone", "field_type": "phone", "label": "Phone"},
    {"key": "web", "field_type": "url", "label": "Web"},
    {"key": "post", "field_type": "postcode_no", "label": "Postcode"},
    {"key": "post_se", "field_type": "postcode_se", "label": "Postnummer"},
    {"key": "pid", "field_type": "id_number_no", "label": "Fødselsnummer"},
    {"key": "pnr", "field_type": "id_number_se", "label": "Personnummer"},
    {"key": "doc", "field_type": "file", "label": "Document", "required": False},
    {"key": "step", "field_type": "pagebreak", "label": "Step one"},
    {"key": "count", "field_type": "number", "label": "Count", "min_value": 0, "max_value": 500,
     "error_message": "0 to 500", "unit": "kr"},
    {"key": "price", "field_type": "number", "label": "Price", "decimal_places": 2,
     "min_value": 0.5},
    {"key": "ratio", "field_type": "number", "label": "Ratio", "decimal_places": 3,
     "error_message": "A message without limits"},
    {"key": "born", "field_type": "date", "label": "Born", "not_in_future": True,
     "min_value": -36500, "error_message": "Too old"},
    {"key": "when", "field_type": "datetime", "label": "When", "not_in_future": True},
    {"key": "next", "field_type": "date", "label": "Next", "min_value": 0, "max_value": 365},
    {"key": "section", "field_type": "heading", "label": "Section", "rule_field": "count",
     "rule_operator": "gt", "rule_value": "5"},
    {"key": "colour", "field_type": "radio", "label": "Colour", "choices": "red | Red\nblue | Blue",
     "allow_other": True, "default_value": "red"},
    {"key": "size", "field_type": "dropdown", "label": "Size", "choices": "S, M, L"},
    {"key": "tags", "field_type": "checkboxes", "label": "Tags", "choices": "a | A\nb | B\nc | C",
     "default_value": "a,b", "rule_field": "colour", "rule_operator": "in",
     "rule_value": "red,blue"},
    {"key": "tags2", "field_type": "multiselect", "label": "Tags 2", "choices": "x | X\ny | Y",
     "rule_field": "tags", "rule_operator": "ne", "rule_value": "a"},
    {"key": "ok", "field_type": "yesno", "label": "OK?", "rule_field": "tags",
     "rule_value": "b"},
    {"key": "agree", "field_type": "checkbox", "label": "I agree", "rule_field": "ok",
     "rule_value": "yes"},
    {"key": "step2", "field_type": "pagebreak", "label": "Step two", "rule_field": "ok",
     "rule_operator": "answered"},
    {"key": "rate", "field_type": "scale", "label": "Rate", "min_value": 0, "max_value": 10,
     "min_label": "Bad", "max_label": "Good"},
    {"key": "rate2", "field_type": "scale", "label": "Rate 2"},
    {"key": "grid", "field_type": "matrix", "label": "Grid",
     "statements": "s1 | First\ns2 | Second", "min_value": 1, "max_value": 4,
     "max_label": "Much", "rule_field": "rate", "rule_operator": "lt", "rule_value": "3"},
    {"key": "other", "field_type": "heading", "label": "Another"},
    {"key": "notes", "field_type": "multiline", "label": "Notes", "required": False,
     "rule_field": "price", "rule_operator": "gt", "rule_value": "1.5"},
    {"key": "1st", "field_type": "singleline", "label": "First", "rule_field": "unit",
     "rule_value": "it's"},
    {"key": "meta", "field_type": "singleline", "label": "Meta", "default_value": "concat(a)"},
]  # fmt: skip
TRANSLATED = ("label", "help_text", "unit", "error_message", "min_label", "max_label")


def translation(language: str) -> dict:
    texts = {}
    for data in FIELDS:
        own = {name: f"{data[name]} ({language})" for name in TRANSLATED if name in data}
        own.update({name: data[name] for name in ("choices", "statements") if name in data})
        texts[data["key"]] = own
    texts["colour"]["choices"] = "red | Röd\nblue | Blå"
    return {"title": f"Title ({language})", "intro": "", "thank_you_text": "", "fields": texts}


def everything() -> dict:
    definition = {
        "format": 1,
        "kind": "survey",
        "language": "nb",
        "title": "Everything",
        "intro": "<p>Intro</p>",
        "thank_you_text": "<p>Thanks</p>",
        "settings": {"audience": "public", "interviews": True},
        "fields": [field_definition(make_field(data)) for data in FIELDS],
        "translations": {"sv": translation("sv"), "en": translation("en")},
    }
    definition["translations"]["en"]["fields"]["tags"]["choices"] = "a | A en\nb | B en"
    return definition


def same_survey(imported: dict, original: dict) -> None:
    """The same questions, options, rules and translations (titles and intros may differ)."""
    assert imported["fields"] == original["fields"]
    assert imported["language"] == original["language"]
    assert sorted(imported["translations"]) == sorted(original["translations"])
    for language, texts in original["translations"].items():
        assert imported["translations"][language]["fields"] == texts["fields"], language


def round_trip(definition: dict):
    data = write_xlsform(definition)
    result = read_xlsform(data)
    assert result.unsupported == []
    assert check_definition(result.definition) == []
    return data, result


def sheets(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def survey_rows(data: bytes) -> list[dict]:
    rows = sheets(data)["survey"]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_every_kind_of_question_comes_back_the_same():
    definition = everything()
    assert check_definition(definition) == []
    _data, result = round_trip(definition)
    same_survey(result.definition, definition)
    assert result.definition["intro"] == "<p>Intro</p>"
    assert result.definition["thank_you_text"] == "<p>Thanks</p>"
    assert result.definition["settings"] == {"audience": "public", "interviews": True}
    assert result.definition["translations"]["sv"]["title"] == "Title (sv)"
    assert result.title == "Everything"


def test_pyxform_converts_the_export_to_an_xform():
    xform = convert(xlsform=write_xlsform(everything()), file_type=".xlsx").xform
    assert 'constraint=". &gt;= 0 and . &lt;= 500"' in xform
    colour = " /data/step/section/colour "  # the question inside its step and section
    assert f"relevant=\"{colour} = 'red' or {colour} = 'blue'\"" in xform
    assert '<translation lang="Svenska (sv)">' in xform
    assert '<group appearance="field-list" ref="/data/step">' in xform
    assert 'appearance="field-list" ref="/data/step2/grid"' in xform  # the table-list
    assert '<range ref="/data/step2/rate" start="0" end="10" step="1">' in xform


def test_the_workbook_speaks_standard_xlsform_and_keeps_the_rest_in_its_own_columns():
    data = write_xlsform(everything())
    assert list(sheets(data)) == ["survey", "choices", "settings"]
    header = sheets(data)["survey"][0]
    assert header[:3] == ("type", "name", "label")
    assert {
        "label::Svenska (sv)",
        "hint::English (en)",
        "constraint_message::Svenska (sv)",
        "boportal_type",
        "boportal_options",
        "boportal_texts::Svenska (sv)",
    } <= set(header)
    rows = {row["name"]: row for row in survey_rows(data) if row["name"]}
    assert rows["count"]["type"] == "integer" and rows["count"]["boportal_texts"] == (
        '{"unit": "kr"}'
    )
    assert rows["price"]["type"] == "decimal" and rows["price"]["constraint"] == ". >= 0.5"
    assert rows["born"]["constraint"] == ". <= today()"
    assert rows["born"]["boportal_options"] == '{"min_value": -36500, "not_in_future": true}'
    assert rows["email"]["type"] == "text" and rows["email"]["boportal_type"] == "email"
    assert rows["step"]["type"] == "begin_group" and rows["step"]["appearance"] == "field-list"
    assert rows["section"]["relevant"] == "${count} > 5"
    assert rows["colour"]["type"] == "select_one colour or_other"
    assert rows["size"]["appearance"] == "minimal"
    assert rows["tags2"]["boportal_options"] == (
        '{"rule_field": "tags", "rule_operator": "ne", "rule_value": "a"}'
    )  # "is not" on a multiple choice has no XLSForm condition Boportal reads back
    assert rows["_1st"]["relevant"] == '${unit} = "it\'s"'
    assert rows["grid"]["appearance"] == "table-list" and rows["s1"]["type"] == "select_one grid"
    assert rows["rate"]["parameters"] == "start=0 end=10 step=1 tick_labelset=rate"
    settings = dict(zip(*sheets(data)["settings"], strict=True))
    assert settings["form_title"] == "Everything"
    assert settings["default_language"] == "Norsk bokmål (nb)"
    assert settings["boportal_intro"] == "<p>Intro</p>"


def test_text_that_looks_like_a_formula_stays_text():
    data = write_xlsform(everything())
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for row in book["survey"].iter_rows() for cell in row if cell.value == "=Name"]
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.django_db
def test_the_demo_survey_comes_back_the_same():
    page = SurveyPage.objects.get(slug="tenant-follow-up", locale__language_code="nb")
    original = definition_of(page)
    data, result = round_trip(original)
    same_survey(result.definition, original)
    assert result.title == original["title"] == result.definition["title"]
    assert result.definition["intro"] == original["intro"]
    convert(xlsform=data, file_type=".xlsx")  # pyxform accepts it


@pytest.mark.django_db
def test_an_inventory_comes_back_with_the_same_questions():
    page = make_inventory(
        [
            {"label": "Kind of place", "field_type": "radio", "choices": "bed | Bed\nroom | Room"},
            {"label": "Vacant beds", "field_type": "number", "unit": "beds", "min_value": 0},
            {"label": "Share", "field_type": "number", "decimal_places": 1, "max_value": 100},
            {
                "label": "Details",
                "field_type": "heading",
                "rule_field": "vacant_beds",
                "rule_operator": "gt",
                "rule_value": "0",
            },
            {
                "label": "Rooms",
                "field_type": "matrix",
                "statements": "single | Single\ndouble | Double",
                "min_value": 0,
                "max_value": 3,
            },
            {"label": "Open", "field_type": "yesno", "required": False},
            {
                "label": "Note",
                "field_type": "multiline",
                "required": False,
                "rule_field": "open",
                "rule_operator": "eq",
                "rule_value": "no",
            },
        ],  # fmt: skip
        slug="xlsform-inventory",
        parent=home_page("en"),
    )
    original = definition_of(page)
    assert original["kind"] == "inventory"
    _data, result = round_trip(original)
    same_survey(result.definition, original)


@pytest.mark.django_db
def test_a_built_translated_survey_comes_back_the_same():
    """Imported under /surveys/ in three languages, then exported and imported again."""
    parent = Page.objects.get(url_path="/home/surveys/")
    page = build_page(everything(), parent, title="Everything")
    original = definition_of(page)
    assert sorted(original["translations"]) == ["en", "sv"]
    _data, result = round_trip(original)
    same_survey(result.definition, original)


def shipped_templates() -> list[dict]:
    """The templates that come with Boportal (each a definition in three languages)."""
    try:
        from forms_ext.template_library.shipped import SHIPPED
    except ImportError:
        return []
    return SHIPPED


@pytest.mark.parametrize("template", shipped_templates(), ids=lambda template: template["key"])
def test_the_shipped_templates_come_back_the_same(template):
    original = template["definition"]
    _data, result = round_trip(original)
    imported = result.definition
    assert imported["fields"] == [field_definition(make_field(data)) for data in original["fields"]]
    for language, texts in original["translations"].items():
        back = imported["translations"][language]["fields"]
        assert {key: back[key] for key in texts["fields"]} == texts["fields"], language
        assert all(back[key] == {} for key in set(back) - set(texts["fields"]))
