"""XLSForm import: groups as sections and steps, nesting flattened, tables as matrices."""

from forms_ext.definitions import check_definition, make_field
from forms_ext.rules import visible_fields
from tests.forms_ext.xlsform_tables import fields_by_key, read, reasons


def visible(result, answers):
    fields = [make_field(data) for data in result.definition["fields"]]
    return visible_fields(fields, answers)


GROUPS = """
| survey |
| | type        | name    | label     | appearance | relevant          |
| | select_one yn | home  | At home?  |            |                   |
| | begin_group | about   | About you |            |                   |
| | text        | name    | Name      |            |                   |
| | end_group   |         |           |            |                   |
| | begin_group | visit   | The visit | field-list | ${home} = 'yes'   |
| | text        | where   | Where     |            |                   |
| | begin_group | rooms   | Rooms     |            |                   |
| | integer     | count   | How many  |            |                   |
| | end_group   |         |           |            |                   |
| | end_group   |         |           |            |                   |
| choices |
| | list_name | name | label |
| | yn        | yes  | Yes   |
| | yn        | no   | No    |
"""


def test_a_group_is_a_section_and_a_field_list_a_step_with_its_condition():
    result = read(GROUPS)
    fields = result.definition["fields"]
    assert [(data["key"], data["field_type"]) for data in fields] == [
        ("home", "radio"),
        ("about", "heading"),
        ("name", "singleline"),
        ("visit", "pagebreak"),
        ("where", "singleline"),
        ("rooms", "heading"),
        ("count", "number"),
    ]
    visit = fields_by_key(result)["visit"]
    assert (visit["rule_field"], visit.get("rule_operator", "eq"), visit["rule_value"]) == (
        "home",
        "eq",
        "yes",
    )
    assert "rule_field" not in fields_by_key(result)["rooms"]  # the step's condition covers it
    assert visible(result, {"home": "no"}) == {"home", "about", "name"}
    assert result.unsupported == [] and check_definition(result.definition) == []


NESTED = """
| survey |
| | type          | name   | label    | relevant        |
| | select_one yn | a      | A?       |                 |
| | select_one yn | b      | B?       |                 |
| | begin_group   | outer  | Outer    | ${a} = 'yes'    |
| | text          | q1     | Q1       |                 |
| | begin_group   | inner  | Inner    |                 |
| | text          | q2     | Q2       |                 |
| | end_group     |        |          |                 |
| | begin_group   | inner2 | Inner 2  | ${b} = 'yes'    |
| | text          | q3     | Q3       |                 |
| | end_group     |        |          |                 |
| | text          | q4     | Q4       |                 |
| | end_group     |        |          |                 |
| | text          | q5     | Q5       |                 |
| choices |
| | list_name | name | label |
| | yn        | yes  | Yes   |
| | yn        | no   | No    |
"""


def test_nested_groups_flatten_and_keep_what_hides_what():
    result = read(NESTED, language="en")
    fields = fields_by_key(result)
    keys = [data["key"] for data in result.definition["fields"]]
    assert keys == [
        "a", "b", "outer", "q1", "inner", "q2", "inner2", "q3", "outer_2", "q4",
        "other_questions", "q5",
    ]  # fmt: skip
    assert fields["inner"]["rule_field"] == "a"  # carries the outer group's condition
    assert fields["inner2"]["rule_field"] == "b"  # both cannot apply: its own is kept
    assert reasons(result) == [("survey", 9, "inner2")]
    assert fields["outer_2"]["label"] == "Outer" and fields["outer_2"]["rule_field"] == "a"
    assert "rule_field" not in fields["other_questions"]
    assert len(result.warnings) == 2 and "“inner2”" in result.warnings[0]
    assert visible(result, {"a": "no", "b": "yes"}) >= {"a", "b", "q5"}
    assert not visible(result, {"a": "no", "b": "yes"}) & {"q1", "q2", "q4"}
    assert {"q1", "q2", "q4", "q5"} <= visible(result, {"a": "yes", "b": "no"})
    assert "q3" not in visible(result, {"a": "yes", "b": "no"})
    assert check_definition(result.definition) == []


def test_a_group_without_conditions_needs_no_extra_heading():
    result = read(
        """
        | survey |
        | | type        | name  | label |
        | | begin_group | outer | Outer |
        | | begin_group | inner | Inner |
        | | text        | q1    | Q1    |
        | | end_group   |       |       |
        | | text        | q2    | Q2    |
        | | end_group   |       |       |
        """
    )
    assert [data["key"] for data in result.definition["fields"]] == ["outer", "inner", "q1", "q2"]


TABLE = """
| survey |
| | type             | name   | label        | hint     | appearance | required | relevant |
| | select_one yn    | ask    | Ask?         |          |            |          |          |
| | begin_group      | grid   | How do you feel | Honestly | table-list |        | ${ask} = 'yes' |
| | select_one agree | calm   | Calm         |          |            | yes      |          |
| | select_one agree | safe   | Safe         |          |            | yes      |          |
| | end_group        |        |              |          |            |          |          |
| | begin_group      | plain  | Plain table  |          | table-list |          |          |
| | select_one yn    | p1     | P1           |          |            |          |          |
| | select_one yn    | p2     | P2           |          |            |          |          |
| | end_group        |        |              |          |            |          |          |
| choices |
| | list_name | name | label          | label::Svenska (sv) |
| | agree     | 1    | Not at all     | Inte alls           |
| | agree     | 2    | 2              | 2                   |
| | agree     | 3    | Somewhat       | Något               |
| | agree     | 4    | Very           | Mycket              |
| | yn        | yes  | Yes            | Ja                  |
| | yn        | no   | No             | Nej                 |
"""


def test_a_table_of_numbered_options_is_a_matrix():
    result = read(TABLE, language="en")
    grid = fields_by_key(result)["grid"]
    assert grid["field_type"] == "matrix"
    assert grid["statements"] == "calm | Calm\nsafe | Safe"
    assert (grid["min_value"], grid["max_value"]) == (1, 4)
    assert (grid["min_label"], grid["max_label"]) == ("Not at all", "Very")
    assert grid["help_text"] == "Honestly" and grid["rule_field"] == "ask"
    assert "required" not in grid  # every row is required
    sv = result.definition["translations"]["sv"]["fields"]["grid"]
    assert (sv["min_label"], sv["max_label"]) == ("Inte alls", "Mycket")
    assert reasons(result) == [("survey", 3, "grid")]  # "Somewhat" is left out
    assert "between are left out" in result.unsupported[0].reason
    assert check_definition(result.definition) == []


def test_a_table_of_other_options_is_a_step_of_questions():
    result = read(TABLE, language="en")
    fields = fields_by_key(result)
    assert fields["plain"]["field_type"] == "pagebreak"
    assert fields["p1"]["field_type"] == fields["p2"]["field_type"] == "radio"
    assert any("“plain”" in warning for warning in result.warnings)
