"""Tests of the field-type registry: keys, duplicates, and a type added by another app."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.utils.translation import override

from forms_ext.flow import SurveyStepForm
from forms_ext.models import SurveyField, surveys
from forms_ext.registry import (
    AnswerValue,
    FieldType,
    FieldTypeRegistry,
    field_types,
    get_field_types,
    register_field_type,
)

BUILT_IN_KEYS = [
    "singleline",
    "multiline",
    "email",
    "phone",
    "url",
    "number",
    "date",
    "datetime",
    "radio",
    "dropdown",
    "checkboxes",
    "multiselect",
    "checkbox",
    "yesno",
    "scale",
    "matrix",
    "info",
    "heading",
    "pagebreak",
    "hidden",
    "postcode_no",
    "postcode_se",
    "id_number_no",
    "id_number_se",
]


class OrgNumberFieldType(FieldType):
    """A third-party type, as in the registry's docstring."""

    key = "org_number"
    label = "Organisation number"
    storage = "code"

    def form_field(self, field, **kwargs):
        return forms.RegexField(r"^[0-9]{9}$", **kwargs)

    def answer_values(self, field, value):
        return [AnswerValue(code=value)] if value else []


def named(key, base=FieldType):
    """A new field-type class with ``key``."""
    return type(f"Type_{len(key)}", (base,), {"key": key, "label": key})


# The built-in types -----------------------------------------------------------------------


def test_choices_list_every_built_in_type_once_with_a_label():
    with override("en"):
        choices = [(key, str(label)) for key, label in field_types.choices()]
    keys = [key for key, _label in choices]
    assert set(BUILT_IN_KEYS) <= set(keys)
    assert len(keys) == len(set(keys))
    assert all(label and label != key for key, label in choices)
    assert dict(choices)["id_number_no"] == "National identity number (Norway)"


def test_the_field_type_column_offers_the_same_choices():
    column = SurveyField._meta.get_field("field_type")
    assert [key for key, _label in column.choices] == [key for key, _ in field_types.choices()]


@pytest.mark.parametrize("key", BUILT_IN_KEYS)
def test_every_built_in_key_fits_the_column(key):
    column = SurveyField._meta.get_field("field_type")
    assert len(key) <= 16 == column.max_length
    assert key in field_types
    assert field_types.get(key).key == key
    assert SurveyField(field_type=key).kind is field_types.get(key)


def test_get_field_types_lists_the_instances_in_registration_order():
    assert [kind.key for kind in get_field_types()] == [key for key, _ in field_types.choices()]
    assert all(isinstance(kind, FieldType) for kind in get_field_types())


def test_an_unknown_key_is_a_key_error():
    with pytest.raises(KeyError):
        field_types.get("no_such_type")
    assert "no_such_type" not in field_types


def test_a_built_in_key_cannot_be_taken_by_another_app():
    radio = field_types.get("radio")
    with pytest.raises(ValueError, match="already registered"):
        register_field_type(named("radio"))
    assert field_types.get("radio") is radio


# Registering ------------------------------------------------------------------------------


def test_a_duplicate_key_is_refused_and_the_first_type_kept():
    registry = FieldTypeRegistry()
    registry.register(OrgNumberFieldType)
    with pytest.raises(ValueError, match="'org_number' is already registered"):
        registry.register(named("org_number"))
    assert type(registry.get("org_number")) is OrgNumberFieldType
    assert [key for key, _ in registry.choices()] == ["org_number"]


@pytest.mark.parametrize(
    "key",
    ["", "Radio", "1radio", "_radio", "org-number", "org number", "møte", "a" * 17, " radio"],
)
def test_a_key_that_is_not_short_snake_case_is_refused(key):
    registry = FieldTypeRegistry()
    with pytest.raises(ValueError, match="snake_case, at most 16 characters"):
        registry.register(named(key))
    assert list(registry) == []


def test_a_type_without_a_key_is_refused():
    with pytest.raises(ValueError, match="snake_case"):
        FieldTypeRegistry().register(type("NoKey", (FieldType,), {"label": "No key"}))


@pytest.mark.parametrize("key", ["radio2\n", "a" * 16 + "\n"])
def test_a_key_with_a_trailing_newline_is_refused(key):
    with pytest.raises(ValueError):
        FieldTypeRegistry().register(named(key))


@pytest.mark.parametrize("key", ["a", "a" * 16, "org_number", "x2", "postcode_dk"])
def test_short_snake_case_keys_are_accepted(key):
    registry = FieldTypeRegistry()
    cls = named(key)
    assert registry.register(cls) is cls
    assert key in registry
    assert isinstance(registry.get(key), cls)


def test_registration_order_unregister_and_register_again():
    registry = FieldTypeRegistry()
    first, second = named("first"), named("second")
    registry.register(first)
    registry.register(second)
    assert [key for key, _ in registry.choices()] == ["first", "second"]
    assert [type(kind) for kind in registry] == [first, second]
    registry.unregister("first")
    assert "first" not in registry
    with pytest.raises(KeyError):
        registry.get("first")
    with pytest.raises(KeyError):
        registry.unregister("first")
    registry.register(named("first"))
    assert [key for key, _ in registry.choices()] == ["second", "first"]


# A third-party type, end to end -----------------------------------------------------------


@pytest.fixture
def own_registry(monkeypatch):
    """A fresh registry with only the third-party type, used by ``SurveyField.kind``."""
    registry = FieldTypeRegistry()
    registry.register(OrgNumberFieldType)
    monkeypatch.setattr(surveys, "field_types", registry)
    return registry


@pytest.mark.usefixtures("own_registry")
@pytest.mark.parametrize(
    ("posted", "answers", "rows"),
    [
        ("974760673", {"org": "974760673"}, [AnswerValue(code="974760673")]),
        ("", {"org": ""}, []),
    ],
)
def test_a_third_party_type_answers_through_the_survey_form(posted, answers, rows):
    field = SurveyField(
        label="Org", clean_name="org", field_type="org_number", required=bool(posted)
    )
    form = SurveyStepForm({"org": posted}, step_fields=[field], shown={"org"})
    assert isinstance(form.fields["org"], forms.RegexField)
    assert form.is_valid(), form.errors
    assert form.answers() == answers
    assert field.kind.answer_values(field, answers["org"]) == rows
    assert field.kind.display(field, answers["org"]) == answers["org"]
    assert field.kind.check_definition(field) == {}
    assert "org_number" not in field_types


@pytest.mark.usefixtures("own_registry")
def test_a_third_party_type_refuses_an_invalid_answer():
    field = SurveyField(label="Org", clean_name="org", field_type="org_number")
    form = SurveyStepForm({"org": "97476067"}, step_fields=[field], shown={"org"})
    assert not form.is_valid()
    assert list(form.errors) == ["org"]


@pytest.fixture
def globally_registered(request):
    """The third-party type in the global registry, removed again after the test."""
    register_field_type(OrgNumberFieldType)
    request.addfinalizer(lambda: field_types.unregister(OrgNumberFieldType.key))
    return OrgNumberFieldType


def test_a_type_registered_by_another_app_is_offered_to_editors(globally_registered):
    assert ("org_number", "Organisation number") in field_types.choices()
    field = SurveyField(label="Org", clean_name="org", field_type="org_number")
    assert type(field.kind) is globally_registered
    form = SurveyStepForm({"org": "974760673"}, step_fields=[field], shown={"org"})
    assert form.is_valid(), form.errors
    assert form.answers() == {"org": "974760673"}


# The base class's defaults ----------------------------------------------------------------


def test_the_base_class_needs_a_form_field():
    field = SurveyField(label="Q", clean_name="q", field_type="org_number")
    with pytest.raises(NotImplementedError):
        FieldType().form_fields(field, required=True)


@pytest.mark.parametrize(
    ("value", "rows", "shown", "kept"),
    [
        ("tekst", [AnswerValue(text="tekst")], "tekst", "tekst"),
        (Decimal("2.50"), [AnswerValue(text="2.50")], "2.50", "2.50"),
        (dt.date(2024, 5, 1), [AnswerValue(text="2024-05-01")], "2024-05-01", "2024-05-01"),
        (None, [], "", None),
        ("", [], "", ""),
        ([], [], "", []),
    ],
)
def test_the_defaults_of_a_type_that_overrides_only_form_field(value, rows, shown, kept):
    kind = FieldType()
    field = SurveyField(label="Q", clean_name="q", field_type="org_number")
    assert kind.answer_values(field, value) == rows
    assert kind.display(field, value) == shown
    assert kind.json_value(field, value) == kept
    assert kind.value_from(field, {"q": value, "other": 1}) == value
    assert kind.check_definition(field) == {}


def test_the_default_json_value_and_display_of_lists_and_dicts():
    kind, field = FieldType(), SurveyField(label="Q", clean_name="q")
    moment = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
    assert kind.json_value(field, {"n": Decimal("1.5"), "at": moment}) == {
        "n": "1.5",
        "at": "2024-05-01T08:00:00+00:00",
    }
    assert kind.display(field, ["a", "b"]) == "a, b"
