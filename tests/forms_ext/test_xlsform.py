"""XLSForm import: question types, required, constraints, conditions, calculations and keys."""

import pytest

from forms_ext.definitions import check_definition
from forms_ext.rules import rule_holds
from tests.forms_ext.xlsform_tables import fields_by_key, read, reasons

TYPES = """
| survey |
| | type                       | name       | label       | appearance | parameters       | calculation | default |
| | text                       | name       | Name        |            |                  |             | Kari    |
| | text                       | notes      | Notes       | multiline  |                  |             |         |
| | integer                    | rooms      | Rooms       |            |                  |             |         |
| | decimal                    | rent       | Rent        |            |                  |             |         |
| | date                       | moved      | Moved in    |            |                  |             |         |
| | datetime                   | called     | Called at   |            |                  |             |         |
| | dateTime                   | visited    | Visited at  |            |                  |             |         |
| | select_one colour          | colour     | Colour      |            |                  |             | red     |
| | select_one colour          | colour2    | Colour 2    | minimal    |                  |             |         |
| | select_multiple colour     | colours    | Colours     |            |                  |             | red blue |
| | select_multiple colour     | colours2   | Colours 2   | minimal    |                  |             |         |
| | select_one colour or_other | colour3    | Colour 3    |            |                  |             |         |
| | select_one yn              | happy      | Happy?      |            |                  |             |         |
| | range                      | rating     | Rating      |            | start=1 end=6    |             |         |
| | range                      | big        | Big range   |            | start=0 end=100 step=5 |       |         |
| | note                       | info       | Read this   |            |                  |             |         |
| | hidden                     | source     | Source      |            |                  |             |         |
| | acknowledge                | consent    | I agree     |            |                  |             |         |
| | calculate                  | version    |             |            |                  | 'v2'        |         |
| | calculate                  | factor     |             |            |                  | 12          |         |
| | calculate                  | total      |             |            |                  | ${rooms} * 2 |        |
| choices |
| | list_name | name | label |
| | colour    | red  | Red   |
| | colour    | blue | Blue  |
| | yn        | yes  | Yes   |
| | yn        | no   | No    |
"""  # noqa: E501


def test_each_type_maps_to_its_boportal_question():
    result = read(TYPES, language="en")
    fields = fields_by_key(result)
    types = {key: data["field_type"] for key, data in fields.items()}
    assert types == {
        "name": "singleline",
        "notes": "multiline",
        "rooms": "number",
        "rent": "number",
        "moved": "date",
        "called": "datetime",
        "visited": "datetime",
        "colour": "radio",
        "colour2": "dropdown",
        "colours": "checkboxes",
        "colours2": "multiselect",
        "colour3": "radio",
        "happy": "radio",
        "rating": "scale",
        "big": "number",
        "info": "info",
        "source": "hidden",
        "consent": "checkbox",
        "version": "hidden",
        "factor": "hidden",
    }
    assert "decimal_places" not in fields["rooms"] and fields["rent"]["decimal_places"] == 2
    assert fields["colour"]["choices"] == "red | Red\nblue | Blue"
    assert fields["colour"]["default_value"] == "red"
    assert fields["colours"]["default_value"] == "red,blue"
    assert fields["colour3"]["allow_other"] is True
    assert fields["happy"]["choices"] == "yes | Yes\nno | No"
    assert (fields["rating"]["min_value"], fields["rating"]["max_value"]) == (1, 6)
    assert (fields["big"]["min_value"], fields["big"]["max_value"]) == (0, 100)
    assert fields["version"]["default_value"] == "v2"
    assert fields["factor"]["default_value"] == "12"
    assert fields["name"]["default_value"] == "Kari"
    assert check_definition(result.definition) == []


def test_what_did_not_map_is_listed_by_row():
    result = read(TYPES, language="en")
    rows = {row.row: row for row in result.unsupported}
    assert sorted(rows) == [16, 22]
    assert rows[16].name == "big" and "steps of 5" in rows[16].reason
    assert rows[22].name == "total" and rows[22].type == "calculate"
    assert "Calculations cannot be imported" in rows[22].reason
    assert "total" not in fields_by_key(result)


def test_required_is_explicit_and_xlsforms_default_is_not_required():
    result = read(
        """
        | survey |
        | | type | name | label | required |
        | | text | a    | A     | yes      |
        | | text | b    | B     | true     |
        | | text | c    | C     | TRUE()   |
        | | text | d    | D     | true()   |
        | | text | e    | E     | no       |
        | | text | f    | F     |          |
        | | text | g    | G     | ${a} = 'x' |
        """
    )
    required = {key: data.get("required", True) for key, data in fields_by_key(result).items()}
    assert required == {
        "a": True,
        "b": True,
        "c": True,
        "d": True,
        "e": False,
        "f": False,
        "g": False,
    }
    assert reasons(result) == [("survey", 8, "g")]
    assert "as not required" in result.unsupported[0].reason


CONSTRAINTS = """
| survey |
| | type    | name | label | constraint             | constraint_message |
| | integer | a    | A     | . >= 0                 | At least 0         |
| | integer | b    | B     | . <= 500               | At most 500        |
| | integer | c    | C     | . > 0 and . < 10       | 1 to 9             |
| | integer | d    | D     | . >= 0 and . <= 500    |                    |
| | decimal | e    | E     | . > 0                  |                    |
| | date    | f    | F     | . <= today()           | Not in the future  |
| | dateTime| g    | G     | . <= now()             |                    |
| | integer | h    | H     | . mod 2 = 0            | Even numbers       |
| | text    | i    | I     | regex(., '^[0-9]+$')   | Digits             |
| | integer | j    | J     | . >= 10 and . <= 5     |                    |
"""


def test_simple_constraints_become_bounds_and_their_message():
    fields = fields_by_key(read(CONSTRAINTS))
    assert (fields["a"]["min_value"], fields["a"]["error_message"]) == (0, "At least 0")
    assert (fields["b"]["max_value"], fields["b"]["error_message"]) == (500, "At most 500")
    assert (fields["c"]["min_value"], fields["c"]["max_value"]) == (1, 9)  # whole numbers
    assert (fields["d"]["min_value"], fields["d"]["max_value"]) == (0, 500)
    assert fields["e"]["min_value"] == 0.01  # two decimals: the least answer above 0
    assert fields["f"]["not_in_future"] is True and fields["f"]["error_message"]
    assert fields["g"]["not_in_future"] is True


def test_other_constraints_are_listed_and_the_question_kept_without_them():
    result = read(CONSTRAINTS)
    fields = fields_by_key(result)
    assert reasons(result) == [("survey", 9, "h"), ("survey", 10, "i"), ("survey", 11, "j")]
    assert ". mod 2 = 0" in result.unsupported[0].reason
    for key in "hij":
        assert not {"min_value", "max_value", "error_message"} & set(fields[key])
    assert "contradict" in result.unsupported[2].reason
    assert check_definition(result.definition) == []


RELEVANT = """
| survey |
| | type                | name   | label  | relevant                                         |
| | select_one colour   | colour | Colour |                                                  |
| | select_multiple colour | many | Many  |                                                  |
| | integer             | n      | N      |                                                  |
| | text                | r1     | R1     | ${colour} = 'red'                                |
| | text                | r2     | R2     | ${colour} != "blue"                              |
| | text                | r3     | R3     | selected(${many}, 'red')                         |
| | text                | r4     | R4     | ${n} > 5                                         |
| | text                | r5     | R5     | ${n} < 5                                         |
| | text                | r6     | R6     | ${n} != ''                                       |
| | text                | r7     | R7     | string-length(${r1}) > 0                         |
| | text                | r8     | R8     | ${colour} = 'red' or ${colour} = 'blue'          |
| | text                | r9     | R9     | selected(${many},'red') or selected(${many},'blue') |
| | text                | r10    | R10    | (${n}>=3)                                        |
| | text                | x1     | X1     | ${later} = 'a'                                   |
| | text                | x2     | X2     | ${n} > 5 and ${n} < 9                            |
| | text                | x3     | X3     | not(selected(${many}, 'red'))                    |
| | text                | x4     | X4     | ${many} = 'red'                                  |
| | text                | x5     | X5     | ${n} + 1 > 5                                     |
| | text                | x6     | X6     | ${colour} = 'red' or ${n} > 5                    |
| | text                | later  | Later  |                                                  |
| choices |
| | list_name | name | label |
| | colour    | red  | Red   |
| | colour    | blue | Blue  |
"""


def test_simple_conditions_become_rules_on_earlier_questions():
    fields = fields_by_key(read(RELEVANT))

    def rule(key):
        data = fields[key]
        return (data.get("rule_field"), data.get("rule_operator", "eq"), data.get("rule_value", ""))

    assert rule("r1") == ("colour", "eq", "red")
    assert rule("r2") == ("colour", "ne", "blue")
    assert rule("r3") == ("many", "eq", "red")
    assert rule("r4") == ("n", "gt", "5")
    assert rule("r5") == ("n", "lt", "5")
    assert rule("r6") == ("n", "answered", "")
    assert rule("r7") == ("r1", "answered", "")
    assert rule("r8") == ("colour", "in", "red,blue")
    assert rule("r9") == ("many", "in", "red,blue")
    assert rule("r10") == ("n", "gt", "2")  # >= 3 on whole numbers


def test_rules_mean_what_the_conditions_meant():
    """selected() holds when the code is among the answers, as Boportal's "is" does."""
    assert rule_holds("eq", ["blue", "red"], "red") is True
    assert rule_holds("in", ["blue"], "red,blue") is True
    assert rule_holds("ne", None, "blue") is True  # '' != 'blue' in XPath too
    assert rule_holds("gt", None, "5") is False  # '' > 5 is false in XPath too


def test_other_conditions_are_listed_and_the_question_always_shown():
    result = read(RELEVANT)
    fields = fields_by_key(result)
    assert reasons(result) == [("survey", row, f"x{row - 14}") for row in range(15, 21)]
    for key in ("x1", "x2", "x3", "x4", "x5", "x6"):
        assert "rule_field" not in fields[key]
    assert "${later} = 'a'" in result.unsupported[0].reason
    assert "always shown" in result.unsupported[0].reason
    assert check_definition(result.definition) == []


def test_names_become_keys_and_rules_follow_them():
    result = read(
        """
        | survey |
        | | type              | name     | label   | relevant          |
        | | select_one c      | Q-1      | First   |                   |
        | | text              | q_1      | Second  | ${Q-1} = 'Ja_1'   |
        | | text              | Neste.Spm | Third  | selected(${Q-1}, 'ja_1') |
        | choices |
        | | list_name | name | label |
        | | c         | Ja_1 | Ja    |
        | | c         | -1   | Minus |
        | | c         | 1    | One   |
        """
    )
    fields = result.definition["fields"]
    assert [data["key"] for data in fields] == ["q_1", "q_1_2", "nestespm"]
    assert fields[0]["choices"] == "ja_1 | Ja\n1 | Minus\n1_2 | One"
    assert (fields[1]["rule_field"], fields[1]["rule_value"]) == ("q_1", "ja_1")
    assert "rule_field" not in fields[2]  # the XLSForm name is "Ja_1": no option "ja_1"
    assert reasons(result) == [("survey", 4, "Neste.Spm")]
    assert check_definition(result.definition) == []


@pytest.mark.parametrize(
    ("xlsform_type", "reason"),
    [
        ("image", "photos, sound, video, files, barcodes"),
        ("audio", "photos, sound, video, files, barcodes"),
        ("video", "photos, sound, video, files, barcodes"),
        ("file", "photos, sound, video, files, barcodes"),
        ("barcode", "photos, sound, video, files, barcodes"),
        ("geopoint", "Location questions"),
        ("geotrace", "Location questions"),
        ("geoshape", "Location questions"),
        ("start", "Boportal records the time of each answer itself"),
        ("end", "Boportal records the time of each answer itself"),
        ("today", "filled by a phone app"),
        ("deviceid", "filled by a phone app"),
        ("username", "filled by a phone app"),
        ("phonenumber", "filled by a phone app"),
        ("select_one_from_file places.csv", "read from a file"),
        ("rank colour", "Ranking questions"),
        ("trigger", "“trigger”"),
        ("time", "“time”"),
    ],
)
def test_questions_boportal_cannot_hold_are_left_out_by_row(xlsform_type, reason):
    label = "" if xlsform_type in ("start", "end", "today", "deviceid", "username",
                                   "phonenumber") else "Q"  # fmt: skip
    result = read(
        f"""
        | survey |
        | | type | name | label |
        | | text | before | Before |
        | | {xlsform_type} | q | {label} |
        | | text | after | After |
        | choices |
        | | list_name | name | label |
        | | colour    | red  | Red   |
        """
    )
    assert reasons(result) == [("survey", 3, "q")]
    assert reason in result.unsupported[0].reason
    assert result.unsupported[0].type == xlsform_type
    assert [data["key"] for data in result.definition["fields"]] == ["before", "after"]


def test_parts_of_rows_left_out_are_listed_and_the_question_kept():
    result = read(
        """
        | survey |
        | | type         | name | label       | image   | choice_filter | read_only | trigger | guidance_hint | required_message |
        | | select_one c | a    | A ${b}      | a.jpg   |               |           |         |               |                  |
        | | select_one c | b    | B           |         | name != 'x'   |           |         |               |                  |
        | | text         | c    | C           |         |               | yes       |         |               |                  |
        | | text         | d    | D           |         |               |           | ${c}    |               |                  |
        | | text         | e    | E           |         |               |           |         | Ask slowly    |                  |
        | | text         | f    | F           |         |               |           |         |               | Answer it    |
        | | text         | g    | G           |         |               | no        |         |               |                  |
        | choices |
        | | list_name | name | label | audio |
        | | c         | x    | X     | x.mp3 |
        | | c         | y    | Y     |       |
        """  # noqa: E501
    )
    assert reasons(result) == [
        ("choices", 2, "x"),
        ("survey", 2, "a"),
        ("survey", 2, "a"),
        ("survey", 3, "b"),
        ("survey", 4, "c"),
        ("survey", 5, "d"),
        ("survey", 6, "e"),
        ("survey", 7, "f"),
    ]
    text = [row.reason for row in result.unsupported]
    assert "audio file" in text[0] and "image file" in text[1] and "${…}" in text[2]
    assert "choice_filter" in text[3] and "Read-only" in text[4] and "trigger" in text[5]
    assert "Guidance" in text[6] and "required questions" in text[7]
    assert [data["key"] for data in result.definition["fields"]] == list("abcdefg")
    assert fields_by_key(result)["a"]["choices"] == "x | X\ny | Y"


def test_appearances_without_equivalent_are_noted():
    result = read(
        """
        | survey |
        | | type    | name | label | appearance |
        | | integer | a    | A     | thousands-sep |
        """
    )
    assert result.unsupported == []
    assert fields_by_key(result)["a"]["field_type"] == "number"
    assert any("“thousands-sep”" in warning for warning in result.warnings)
