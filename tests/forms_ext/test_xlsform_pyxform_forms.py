"""XLSForm import of real forms written by others: pyxform's own test forms (see
xlsforms/CREDITS.md), rebuilt as .xlsx by xlsforms/build.py."""

from forms_ext.definitions import check_definition
from forms_ext.xlsform import read_xlsform
from tests.forms_ext.xlsform_tables import FIXTURES, fields_by_key, reasons


def imported(name: str, **options):
    result = read_xlsform(FIXTURES / f"{name}.xlsx", **options)
    assert check_definition(result.definition) == []
    return result


def shape(result) -> list[tuple[str, str]]:
    return [(data["key"], data["field_type"]) for data in result.definition["fields"]]


def test_the_fixtures_are_built_from_the_tables_kept_beside_them():
    from tests.forms_ext.xlsforms.build import FORMS

    assert sorted(path.stem for path in FIXTURES.glob("*.xlsx")) == sorted(FORMS)


def test_a_group_of_questions_with_a_phone_app_value():
    result = imported("pyxform_group")
    assert shape(result) == [
        ("family_name", "singleline"),
        ("father", "heading"),
        ("age", "number"),
    ]
    assert result.definition["language"] == "en"  # label:English (en)
    assert fields_by_key(result)["father"]["label"] == "Father"
    assert reasons(result) == [("survey", 4, "phone_number")]
    assert "filled by a phone app" in result.unsupported[0].reason


def test_a_choice_with_specify_other_in_pyxforms_older_syntax():
    result = imported("pyxform_specify_other")
    sex = fields_by_key(result)["sex"]
    assert (sex["field_type"], sex["allow_other"]) == ("radio", True)
    assert sex["choices"] == "male | Male\nfemale | Female"
    assert result.unsupported == []


def test_a_loop_over_a_list_is_left_out_with_what_it_holds():
    result = imported("pyxform_loop")
    assert shape(result) == [("available_toilet_types", "checkboxes")]
    assert fields_by_key(result)["available_toilet_types"]["allow_other"] is True
    assert reasons(result) == [("survey", 3, "loop_toilet_types")]
    assert "the 1 row inside it is left out" in result.unsupported[0].reason


def test_a_table_list_of_yes_no_questions_is_a_step_of_questions():
    result = imported("pyxform_table_list", language="en")
    assert shape(result) == [
        ("tablelist1", "pagebreak"),
        ("options1a", "radio"),
        ("options1b", "radio"),
    ]
    assert fields_by_key(result)["options1a"]["help_text"] == "first row!"
    assert result.unsupported == []
    assert any("“tablelist1” is imported as a page" in text for text in result.warnings)


def test_languages_boportal_lacks_and_audio_are_listed():
    result = imported("pyxform_missing_media_itext", language="en")
    q1 = fields_by_key(result)["q1"]
    assert q1["label"] == "A.01 Have you received informed consent from the respondent?"
    assert q1["choices"] == "0 | No\n1 | Yes" and "required" not in q1  # required: true
    assert result.definition["translations"] == {}
    assert reasons(result) == [
        ("survey", 1, "label::Russian"),
        ("survey", 1, "label::Kyrgyz"),
        ("choices", 1, "label::Russian"),
        ("choices", 1, "label::Kyrgyz"),
        ("survey", 2, "q1"),
    ]
    assert "audio" in result.unsupported[-1].reason


def test_repeats_with_groups_and_conditions_inside_are_left_out_whole():
    result = imported("pyxform_repeat_relative_reference", language="en")
    assert shape(result) == [("z", "singleline")]
    assert reasons(result) == [
        ("survey", 3, "section"),
        ("survey", 9, "section2"),
        ("survey", 18, "section3"),
    ]
    assert ["4 rows", "7 rows", "23 rows"] == [
        row.reason.split("the ")[-1].split(" inside")[0] for row in result.unsupported
    ]
