"""Tests of the built-in field types: what an answer becomes, and what is refused.

Each question is an unsaved ``SurveyField`` answered through ``SurveyStepForm``, as
the survey flow does; no database is needed. Identity numbers are synthetic, built
by the helpers of test_identity.py.
"""

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.translation import override

from forms_ext.field_types import parse_options
from forms_ext.flow import SurveyStepForm
from forms_ext.identity import identity_hash
from forms_ext.models import SurveyField
from forms_ext.registry import AnswerValue
from tests.forms_ext.test_identity import (
    NO_NAV,
    NO_TENOR,
    SE_1985,
    SE_SAMORDNING,
    dashed,
    with_wrong_last_digit,
)

OSLO = ZoneInfo("Europe/Oslo")
# Noon on a fixed day: "today" and "now" for the tests of relative dates.
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=OSLO)
TODAY = NOW.date()

LIVING = "alone | Bor alene\nfamily | Med familie\nfriends | Med venner"
STATEMENTS = "safe | Jeg føler meg trygg\nheard | Jeg blir hørt"
SCALE_MESSAGE = "A scale has 2 to 11 steps, e.g. from 1 to 6."


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


@pytest.fixture
def frozen_now(monkeypatch):
    """Make ``timezone.now()`` (and so ``timezone.localdate()``) return ``NOW``."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def question(field_type, **options):
    options.setdefault("label", "Question")
    options.setdefault("clean_name", "q")
    return SurveyField(field_type=field_type, **options)


def step_form(field, data):
    return SurveyStepForm(data, step_fields=[field], shown={field.clean_name})


def answer(field, data):
    form = step_form(field, data)
    assert form.is_valid(), form.errors
    return form.answers()[field.clean_name]


# Valid answers ----------------------------------------------------------------------------

OTHER_TEXT = "I bofellesskap"

VALID = [
    # field type, options, posted data, answer, answer rows, display, JSON value
    pytest.param(
        "singleline",
        {},
        {"q": "  Kari Nordmann "},
        "Kari Nordmann",
        [AnswerValue(text="Kari Nordmann")],
        "Kari Nordmann",
        "Kari Nordmann",
        id="singleline",
    ),
    pytest.param(
        "multiline",
        {},
        {"q": "Linje én\nLinje to"},
        "Linje én\nLinje to",
        [AnswerValue(text="Linje én\nLinje to")],
        "Linje én\nLinje to",
        "Linje én\nLinje to",
        id="multiline",
    ),
    pytest.param(
        "email",
        {},
        {"q": "kari@example.no"},
        "kari@example.no",
        [AnswerValue(text="kari@example.no")],
        "kari@example.no",
        "kari@example.no",
        id="email",
    ),
    pytest.param(
        "phone",
        {},
        {"q": "+47 912 34 567"},
        "+47 912 34 567",
        [AnswerValue(text="+47 912 34 567")],
        "+47 912 34 567",
        "+47 912 34 567",
        id="phone",
    ),
    pytest.param(
        "url",
        {},
        {"q": "https://example.no/side"},
        "https://example.no/side",
        [AnswerValue(text="https://example.no/side")],
        "https://example.no/side",
        "https://example.no/side",
        id="url",
    ),
    pytest.param(
        "number",
        {"min_value": 1, "max_value": 9, "unit": "personer"},
        {"q": "3"},
        Decimal("3"),
        [AnswerValue(number=Decimal("3"))],
        "3 personer",
        "3",
        id="number-unit",
    ),
    pytest.param(
        "number",
        {"decimal_places": 2, "unit": "kr"},
        {"q": "12.50"},
        Decimal("12.50"),
        [AnswerValue(number=Decimal("12.50"))],
        "12.50 kr",
        "12.50",
        id="number-decimals",
    ),
    pytest.param(
        "date",
        {},
        {"q": "2024-05-01"},
        dt.date(2024, 5, 1),
        [AnswerValue(date=dt.date(2024, 5, 1))],
        "2024-05-01",
        "2024-05-01",
        id="date",
    ),
    pytest.param(
        "datetime",
        {},
        {"q": "2024-05-01T10:30"},
        dt.datetime(2024, 5, 1, 10, 30, tzinfo=OSLO),
        [AnswerValue(datetime=dt.datetime(2024, 5, 1, 10, 30, tzinfo=OSLO))],
        "2024-05-01 10:30",
        "2024-05-01T10:30:00+02:00",
        id="datetime",
    ),
    pytest.param(
        "radio",
        {"choices": LIVING},
        {"q": "family"},
        "family",
        [AnswerValue(code="family")],
        "Med familie",
        "family",
        id="radio",
    ),
    pytest.param(
        "radio",
        {"choices": LIVING, "allow_other": True},
        {"q": "other", "q__other": OTHER_TEXT},
        {"choice": "other", "other": OTHER_TEXT},
        [AnswerValue(code="other", text=OTHER_TEXT)],
        OTHER_TEXT,
        {"choice": "other", "other": OTHER_TEXT},
        id="radio-other",
    ),
    pytest.param(
        "dropdown",
        {"choices": LIVING},
        {"q": "alone"},
        "alone",
        [AnswerValue(code="alone")],
        "Bor alene",
        "alone",
        id="dropdown",
    ),
    pytest.param(
        "dropdown",
        {"choices": LIVING, "required": False},
        {"q": ""},
        "",
        [],
        "",
        "",
        id="dropdown-unanswered",
    ),
    pytest.param(
        "checkboxes",
        {"choices": LIVING},
        {"q": ["alone", "friends"]},
        ["alone", "friends"],
        [AnswerValue(part="alone", code="alone"), AnswerValue(part="friends", code="friends")],
        "Bor alene, Med venner",
        ["alone", "friends"],
        id="checkboxes",
    ),
    pytest.param(
        "checkboxes",
        {"choices": LIVING, "allow_other": True},
        {"q": ["family", "other"], "q__other": OTHER_TEXT},
        {"choice": ["family", "other"], "other": OTHER_TEXT},
        [
            AnswerValue(part="family", code="family"),
            AnswerValue(part="other", code="other", text=OTHER_TEXT),
        ],
        f"Med familie, {OTHER_TEXT}",
        {"choice": ["family", "other"], "other": OTHER_TEXT},
        id="checkboxes-other",
    ),
    pytest.param(
        "multiselect",
        {"choices": LIVING},
        {"q": ["family"]},
        ["family"],
        [AnswerValue(part="family", code="family")],
        "Med familie",
        ["family"],
        id="multiselect",
    ),
    pytest.param(
        "checkbox",
        {},
        {"q": "on"},
        True,
        [AnswerValue(code="yes")],
        "Yes",
        True,
        id="checkbox-checked",
    ),
    pytest.param(
        "checkbox",
        {"required": False},
        {},
        False,
        [AnswerValue(code="no")],
        "No",
        False,
        id="checkbox-unchecked",
    ),
    pytest.param(
        "yesno",
        {},
        {"q": "dont_know"},
        "dont_know",
        [AnswerValue(code="dont_know")],
        "Don't know",
        "dont_know",
        id="yesno",
    ),
    pytest.param(
        "scale",
        {"min_value": 1, "max_value": 6},
        {"q": "6"},
        6,
        [AnswerValue(number=Decimal("6"))],
        "6",
        6,
        id="scale",
    ),
    pytest.param(
        "matrix",
        {"statements": STATEMENTS, "max_value": 5},
        {"q__safe": "4", "q__heard": "2"},
        {"safe": 4, "heard": 2},
        [
            AnswerValue(part="safe", number=Decimal("4")),
            AnswerValue(part="heard", number=Decimal("2")),
        ],
        "Jeg føler meg trygg: 4; Jeg blir hørt: 2",
        {"safe": 4, "heard": 2},
        id="matrix",
    ),
    pytest.param(
        "hidden",
        {},
        {"q": "alna"},
        "alna",
        [AnswerValue(text="alna")],
        "alna",
        "alna",
        id="hidden",
    ),
    pytest.param(
        "postcode_no",
        {},
        {"q": " 0150 "},
        "0150",
        [AnswerValue(code="0150")],
        "0150",
        "0150",
        id="postcode_no",
    ),
    pytest.param(
        "postcode_se",
        {},
        {"q": "123 45"},
        "123 45",
        [AnswerValue(code="12345")],
        "12345",
        "12345",
        id="postcode_se",
    ),
]


@pytest.mark.parametrize(
    ("field_type", "options", "data", "expected", "rows", "shown", "kept"), VALID
)
def test_a_valid_answer_is_typed_stored_and_shown(
    field_type, options, data, expected, rows, shown, kept
):
    field = question(field_type, **options)
    value = answer(field, data)
    assert value == expected
    assert type(value) is type(expected)
    assert field.kind.answer_values(field, value) == rows
    assert field.kind.display(field, value) == shown
    assert field.kind.json_value(field, value) == kept


def test_a_datetime_answer_is_aware_in_the_local_time_zone():
    field = question("datetime")
    value = answer(field, {"q": "2024-01-15 08:05"})
    assert timezone.is_aware(value)
    assert value.utcoffset() == dt.timedelta(hours=1)
    assert value == dt.datetime(2024, 1, 15, 7, 5, tzinfo=dt.UTC)


def test_a_hidden_field_is_never_required():
    field = question("hidden", required=True, default_value="alna")
    form = step_form(field, {})
    assert form.fields["q"].required is False
    assert form.is_valid(), form.errors
    assert form.answers() == {"q": ""}
    assert field.kind.answer_values(field, "") == []


@pytest.mark.parametrize("field_type", ["info", "heading", "pagebreak"])
def test_display_only_types_have_no_form_field_and_no_answer(field_type):
    field = question(field_type, required=True)
    form = step_form(field, {"q": "something"})
    assert form.fields == {}
    assert form.is_valid(), form.errors
    assert form.answers() == {}
    assert field.kind.has_answer is False
    assert field.kind.answer_values(field, "something") == []


# Refused answers --------------------------------------------------------------------------

INVALID = [
    # field type, options, posted data, form field with the error, part of its message
    ("singleline", {}, {"q": ""}, "q", "This field is required."),
    ("singleline", {}, {"q": "x" * 256}, "q", "at most 255 characters"),
    ("multiline", {}, {"q": "x" * 5001}, "q", "at most 5000 characters"),
    ("email", {}, {"q": "kari.example.no"}, "q", "Enter a valid email address."),
    ("phone", {}, {"q": "912 34 56a"}, "q", "Write a phone number with digits"),
    ("phone", {}, {"q": "12 3"}, "q", "Write a phone number with digits"),
    ("url", {}, {"q": "ikke en adresse"}, "q", "Enter a valid URL."),
    ("number", {"max_value": 9}, {"q": "10"}, "q", "less than or equal to 9"),
    ("number", {"min_value": 1}, {"q": "0"}, "q", "greater than or equal to 1"),
    ("number", {}, {"q": "1.5"}, "q", "no more than 0 decimal places"),
    ("number", {}, {"q": "tre"}, "q", "Enter a number."),
    ("date", {}, {"q": "2024-02-30"}, "q", "Enter a valid date."),
    ("datetime", {}, {"q": "2024-05-01T25:00"}, "q", "Enter a valid date/time."),
    ("radio", {"choices": LIVING}, {"q": "pets"}, "q", "Select a valid choice."),
    ("radio", {"choices": LIVING}, {"q": "Bor alene"}, "q", "Select a valid choice."),
    ("radio", {"choices": LIVING, "allow_other": True}, {"q": "other"}, "q__other", "“other”"),
    ("dropdown", {"choices": LIVING}, {"q": "pets"}, "q", "Select a valid choice."),
    ("dropdown", {"choices": LIVING}, {"q": ""}, "q", "This field is required."),
    ("checkboxes", {"choices": LIVING}, {"q": ["alone", "pets"]}, "q", "Select a valid choice."),
    (
        "checkboxes",
        {"choices": LIVING, "allow_other": True},
        {"q": ["other"], "q__other": "  "},
        "q__other",
        "“other”",
    ),
    ("multiselect", {"choices": LIVING}, {"q": ["pets"]}, "q", "Select a valid choice."),
    ("checkbox", {}, {}, "q", "This field is required."),
    ("yesno", {}, {"q": "maybe"}, "q", "Select a valid choice."),
    ("scale", {"min_value": 1, "max_value": 6}, {"q": "7"}, "q", "Select a valid choice."),
    ("scale", {"min_value": 1, "max_value": 6}, {"q": "0"}, "q", "Select a valid choice."),
    ("scale", {}, {"q": "6"}, "q", "Select a valid choice."),
    (
        "matrix",
        {"statements": STATEMENTS, "max_value": 5},
        {"q__safe": "6", "q__heard": "2"},
        "q__safe",
        "Select a valid choice.",
    ),
    (
        "matrix",
        {"statements": STATEMENTS},
        {"q__safe": "3"},
        "q__heard",
        "This field is required.",
    ),
    ("hidden", {}, {"q": "x" * 256}, "q", "at most 255 characters"),
    ("postcode_no", {}, {"q": "015"}, "q", "Enter a Norwegian postcode of 4 digits."),
    ("postcode_no", {}, {"q": "01 50"}, "q", "Enter a Norwegian postcode of 4 digits."),
    ("postcode_se", {}, {"q": "1234"}, "q", "Enter a Swedish postcode of 5 digits."),
    ("id_number_no", {}, {"q": with_wrong_last_digit(NO_TENOR)}, "q", "not a valid Norwegian"),
    ("id_number_no", {}, {"q": NO_TENOR[:10]}, "q", "as 11 digits"),
    ("id_number_se", {}, {"q": with_wrong_last_digit(SE_1985)}, "q", "not a valid Swedish"),
]


@pytest.mark.parametrize(("field_type", "options", "data", "name", "message"), INVALID)
def test_an_invalid_answer_is_refused_on_its_own_form_field(
    field_type, options, data, name, message
):
    form = step_form(question(field_type, **options), data)
    assert not form.is_valid()
    assert list(form.errors) == [name]
    assert message in " ".join(form.errors[name])


@pytest.mark.parametrize("field_type", ["singleline", "radio", "number", "id_number_no"])
def test_a_question_that_is_not_shown_is_neither_required_nor_answered(field_type):
    field = question(field_type, choices=LIVING)
    form = SurveyStepForm({}, step_fields=[field], shown=set())
    assert form.is_valid(), form.errors
    assert form.answers() == {}


# Dates relative to today ------------------------------------------------------------------


@pytest.mark.usefixtures("frozen_now")
@pytest.mark.parametrize(
    ("field_type", "options", "days", "message"),
    [
        ("date", {"min_value": -30, "max_value": 30}, -30, None),
        ("date", {"min_value": -30, "max_value": 30}, 30, None),
        ("date", {"min_value": -30, "max_value": 30}, -31, "must be 2026-02-08 or later"),
        ("date", {"min_value": -30, "max_value": 30}, 31, "must be 2026-04-09 or earlier"),
        ("date", {"min_value": 1}, 0, "must be 2026-03-11 or later"),
        ("date", {"max_value": -1}, 0, "must be 2026-03-09 or earlier"),
        ("date", {"not_in_future": True}, 0, None),
        ("date", {"not_in_future": True}, 1, "The date cannot be in the future."),
        ("date", {"not_in_future": True, "max_value": 30}, 1, "cannot be in the future"),
        ("date", {"not_in_future": True, "min_value": -7}, -8, "must be 2026-03-03 or later"),
        ("datetime", {"min_value": -1}, -2, "must be 2026-03-09 or later"),
        ("datetime", {"not_in_future": True}, 1, "The date cannot be in the future."),
        ("datetime", {"not_in_future": True}, -1, None),
    ],
)
def test_date_bounds_are_days_from_today(field_type, options, days, message):
    day = TODAY + dt.timedelta(days=days)
    posted = f"{day:%Y-%m-%d}" if field_type == "date" else f"{day:%Y-%m-%d}T09:00"
    form = step_form(question(field_type, **options), {"q": posted})
    if message is None:
        assert form.is_valid(), form.errors
        assert form.answers()["q"] in (day, dt.datetime.combine(day, dt.time(9), OSLO))
    else:
        assert not form.is_valid()
        assert message in " ".join(form.errors["q"])


@pytest.mark.usefixtures("frozen_now")
@pytest.mark.parametrize(
    ("posted", "valid"), [("2026-03-10T11:59", True), ("2026-03-10T12:01", False)]
)
def test_a_time_later_today_is_in_the_future(posted, valid):
    form = step_form(question("datetime", not_in_future=True), {"q": posted})
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["q"] == ["The time cannot be in the future."]


# Identity numbers: kept only as a hash ----------------------------------------------------


@pytest.mark.parametrize(
    ("field_type", "written", "kind", "canonical"),
    [
        ("id_number_no", NO_TENOR, "no", NO_TENOR),
        ("id_number_no", f"{NO_NAV[:6]} {NO_NAV[6:]}", "no", NO_NAV),
        ("id_number_se", SE_1985, "se", SE_1985),
        ("id_number_se", dashed(SE_1985), "se", SE_1985),
        ("id_number_se", dashed(SE_SAMORDNING), "se", SE_SAMORDNING),
    ],
)
def test_an_identity_number_is_kept_only_as_its_hash(field_type, written, kind, canonical):
    field = question(field_type)
    value = answer(field, {"q": written})
    digest = identity_hash(kind, canonical)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert field.kind.json_value(field, value) == digest
    assert field.kind.answer_values(field, value) == [AnswerValue(code=digest)]
    assert field.kind.display(field, value) == "(stored as a hash)"
    seen = " ".join(
        [
            str(field.kind.json_value(field, value)),
            repr(field.kind.answer_values(field, value)),
            field.kind.display(field, value),
        ]
    )
    for digits in {canonical, canonical[-10:], re.sub(r"\D", "", written)}:
        assert digits not in seen


@pytest.mark.parametrize("field_type", ["id_number_no", "id_number_se"])
def test_an_unanswered_identity_number_has_no_hash(field_type):
    field = question(field_type, required=False)
    value = answer(field, {"q": ""})
    assert field.kind.json_value(field, value) == ""
    assert field.kind.answer_values(field, value) == []
    assert field.kind.display(field, value) == ""


# The editor's definition ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field_type", "options", "errors"),
    [
        ("number", {"min_value": 10, "max_value": 1}, {"max_value": "must not be below"}),
        ("number", {"min_value": 1, "max_value": 1}, {}),
        ("number", {"min_value": 10}, {}),
        ("radio", {"choices": ""}, {"choices": "Give at least one option"}),
        ("dropdown", {"choices": "  \n \n"}, {"choices": "Give at least one option"}),
        ("checkboxes", {"choices": "a | Ja\na | Nei"}, {"choices": "used twice: a"}),
        ("multiselect", {"choices": "Ja\nja\nNei\nnei"}, {"choices": "used twice: ja, nei"}),
        ("radio", {"choices": LIVING, "allow_other": True}, {}),
        ("matrix", {"statements": ""}, {"statements": "Give at least one statement"}),
        ("matrix", {"statements": "a | Én\na | To"}, {"statements": "its own code"}),
        (
            "matrix",
            {"statements": STATEMENTS, "max_value": 12},
            {"max_value": SCALE_MESSAGE},
        ),
        ("matrix", {"statements": STATEMENTS}, {}),
        ("scale", {"min_value": 1, "max_value": 1}, {"max_value": SCALE_MESSAGE}),
        ("scale", {"min_value": 1, "max_value": 12}, {"max_value": SCALE_MESSAGE}),
        ("scale", {"min_value": 0, "max_value": 11}, {"max_value": SCALE_MESSAGE}),
        ("scale", {"min_value": 5, "max_value": 1}, {"max_value": SCALE_MESSAGE}),
        ("scale", {"min_value": 1, "max_value": 2}, {}),
        ("scale", {"min_value": 0, "max_value": 10}, {}),
        ("scale", {}, {}),
        ("singleline", {}, {}),
        ("date", {"not_in_future": True}, {}),
        ("id_number_se", {}, {}),
    ],
)
def test_check_definition_names_the_wrong_setting(field_type, options, errors):
    field = question(field_type, **options)
    found = {name: str(message) for name, message in field.kind.check_definition(field).items()}
    assert set(found) == set(errors)
    for name, part in errors.items():
        assert part in found[name]


def test_check_definition_refuses_an_option_coded_other_beside_allow_other():
    field = question("radio", choices="yes | Ja\nother | Annet", allow_other=True)
    assert "choices" in field.kind.check_definition(field)


# Options ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "options"),
    [
        (
            "alone | Bor alene\nfamily | Med familie",
            [("alone", "Bor alene"), ("family", "Med familie")],
        ),
        ("Bor alene\nMed familie", [("bor_alene", "Bor alene"), ("med_familie", "Med familie")]),
        ("Vet Ikke | Vet ikke", [("vet_ikke", "Vet ikke")]),
        ("På jobb\nI ro", [("pa_jobb", "På jobb"), ("i_ro", "I ro")]),
        ("Ja, Nei, Vet ikke", [("ja", "Ja"), ("nei", "Nei"), ("vet_ikke", "Vet ikke")]),
        ("ja | Ja, gjerne", [("ja", "Ja, gjerne")]),
        ("ja | Ja, gjerne\nnei | Nei", [("ja", "Ja, gjerne"), ("nei", "Nei")]),
        ("\n  ja | Ja  \n\n  nei\n", [("ja", "Ja"), ("nei", "nei")]),
        ("", []),
        (None, []),
    ],
)
def test_parse_options_gives_codes_and_labels(text, options):
    assert parse_options(text) == options


@pytest.mark.parametrize(
    ("label", "code"),
    [("Møte", "mote"), ("Ærlig svar", "aerlig_svar"), ("Sør", "sor"), ("Так", "tak")],
)
def test_parse_options_transliterates_letters_outside_ascii(label, code):
    assert parse_options(label) == [(code, label)]


def test_a_code_made_from_the_label_after_an_empty_code_is_snake_case():
    assert parse_options("| Bor alene") == [("bor_alene", "Bor alene")]
