"""The built-in field types. Each is one small class registered in the registry."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import identity
from .registry import AnswerValue, FieldType, register_field_type

OTHER = "other"
EMPTY = (None, "", [], ())


def parse_options(text: str) -> list[tuple[str, str]]:
    """Parse "code | Label" lines (or plain labels) into (code, label) pairs.

    Codes are what is stored and exported; they stay when a label is reworded or
    translated. A plain label gets a code made from it. A single line with commas
    is read as a comma-separated list, as in Wagtail's own form builder.
    """
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) == 1 and "," in lines[0] and "|" not in lines[0]:
        lines = [item.strip() for item in lines[0].split(",") if item.strip()]
    options = []
    for line in lines:
        code, _sep, label = line.partition("|")
        label = label.strip() or code.strip()
        code = slugify(code.strip()).replace("-", "_")[:100] or slugify(label)[:100]
        options.append((code, label))
    return options


def _duplicate_codes(options: list[tuple[str, str]]) -> set[str]:
    codes = [code for code, _label in options]
    return {code for code in codes if codes.count(code) > 1}


class TextFieldType(FieldType):
    widget: type[forms.Widget] | None = None
    max_length = 255

    def form_field(self, field, **kwargs):
        if self.widget:
            kwargs["widget"] = self.widget
        return forms.CharField(max_length=self.max_length, **kwargs)


@register_field_type
class SingleLineFieldType(TextFieldType):
    key = "singleline"
    label = _("Single line text")


@register_field_type
class MultiLineFieldType(TextFieldType):
    key = "multiline"
    label = _("Multi-line text")
    widget = forms.Textarea
    max_length = 5000


@register_field_type
class EmailFieldType(FieldType):
    key = "email"
    label = _("E-mail address")

    def form_field(self, field, **kwargs):
        return forms.EmailField(**kwargs)


@register_field_type
class PhoneFieldType(FieldType):
    key = "phone"
    label = _("Phone number")

    def form_field(self, field, **kwargs):
        return forms.RegexField(
            r"^\+?[0-9 ()-]{5,20}$",
            max_length=24,
            error_messages={"invalid": _("Write a phone number with digits, e.g. 912 34 567.")},
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            **kwargs,
        )


@register_field_type
class UrlFieldType(FieldType):
    key = "url"
    label = _("Web address")

    def form_field(self, field, **kwargs):
        return forms.URLField(**kwargs)


@register_field_type
class NumberFieldType(FieldType):
    key = "number"
    label = _("Number")
    storage = "number"

    def form_field(self, field, **kwargs):
        places = field.decimal_places or 0
        step = Decimal(1).scaleb(-places)
        return forms.DecimalField(
            min_value=field.min_value,
            max_value=field.max_value,
            decimal_places=places,
            max_digits=18,
            widget=forms.NumberInput(attrs={"step": str(step), "inputmode": "decimal"}),
            **kwargs,
        )

    def answer_values(self, field, value):
        return [] if value is None else [AnswerValue(number=Decimal(value))]

    def display(self, field, value):
        if value in EMPTY:
            return ""
        return f"{value} {field.unit}".strip()

    def check_definition(self, field):
        if field.min_value is not None and field.max_value is not None:
            if field.min_value > field.max_value:
                return {"max_value": _("The maximum must not be below the minimum.")}
        return {}


def _relative_bounds(field) -> tuple[datetime.date | None, datetime.date | None]:
    today = timezone.localdate()
    low = (
        today + datetime.timedelta(days=int(field.min_value))
        if field.min_value is not None
        else None
    )
    high = (
        today + datetime.timedelta(days=int(field.max_value))
        if field.max_value is not None
        else None
    )
    if field.not_in_future and (high is None or high > today):
        high = today
    return low, high


class DateBoundsMixin:
    def check_bounds(self, field, day: datetime.date) -> None:
        low, high = _relative_bounds(field)
        if low and day < low:
            raise ValidationError(_("The date must be %(date)s or later."), params={"date": low})
        if high and day > high:
            if field.not_in_future and high == timezone.localdate():
                raise ValidationError(_("The date cannot be in the future."))
            raise ValidationError(_("The date must be %(date)s or earlier."), params={"date": high})


@register_field_type
class DateFieldType(DateBoundsMixin, FieldType):
    key = "date"
    label = _("Date")
    storage = "date"

    def form_field(self, field, **kwargs):
        def validate(value):
            self.check_bounds(field, value)

        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            validators=[validate],
            **kwargs,
        )

    def answer_values(self, field, value):
        return [] if value is None else [AnswerValue(date=value)]


@register_field_type
class DateTimeFieldType(DateBoundsMixin, FieldType):
    key = "datetime"
    label = _("Date and time")
    storage = "datetime"

    def form_field(self, field, **kwargs):
        def validate(value):
            self.check_bounds(field, timezone.localtime(value).date())
            if field.not_in_future and value > timezone.now():
                raise ValidationError(_("The time cannot be in the future."))

        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
            validators=[validate],
            **kwargs,
        )

    def answer_values(self, field, value):
        return [] if value is None else [AnswerValue(datetime=value)]


class ChoiceFieldType(FieldType):
    """One answer from a list of options with stable codes, optionally "other"."""

    storage = "code"
    widget: type[forms.Widget] = forms.RadioSelect

    def options(self, field) -> list[tuple[str, str]]:
        options = parse_options(field.choices)
        if field.allow_other:
            options.append((OTHER, _("Other, please specify")))
        return options

    def form_field(self, field, **kwargs):
        return forms.ChoiceField(choices=self.options(field), widget=self.widget, **kwargs)

    def form_fields(self, field, **kwargs):
        fields = super().form_fields(field, **kwargs)
        if field.allow_other:
            fields[f"{field.clean_name}__other"] = forms.CharField(
                label=_("Other, please specify"), required=False, max_length=255
            )
        return fields

    def value_from(self, field, data):
        value = data.get(field.clean_name)
        if field.allow_other and self._chose_other(value):
            return {"choice": value, "other": data.get(f"{field.clean_name}__other", "")}
        return value

    def _chose_other(self, value) -> bool:
        return value == OTHER or (isinstance(value, list) and OTHER in value)

    def answer_values(self, field, value):
        other = ""
        if isinstance(value, dict):
            value, other = value["choice"], value["other"]
        codes = value if isinstance(value, list) else ([value] if value not in EMPTY else [])
        return [
            AnswerValue(
                part=code if self.many else "", code=code, text=other if code == OTHER else None
            )
            for code in codes
        ]

    many = False

    def display(self, field, value):
        if isinstance(value, dict):
            value, other = value["choice"], value["other"]
        else:
            other = ""
        labels = dict(self.options(field))
        codes = value if isinstance(value, list) else [value]
        shown = [
            other if code == OTHER and other else str(labels.get(code, code))
            for code in codes
            if code
        ]
        return ", ".join(shown)

    def check_definition(self, field):
        options = parse_options(field.choices)
        if not options:
            return {"choices": _("Give at least one option, one per line.")}
        duplicates = _duplicate_codes(options)
        if duplicates:
            return {
                "choices": _("Each option needs its own code; used twice: %(codes)s")
                % {"codes": ", ".join(sorted(duplicates))}
            }
        return {}


@register_field_type
class RadioFieldType(ChoiceFieldType):
    key = "radio"
    label = _("Single choice (buttons)")


@register_field_type
class DropdownFieldType(ChoiceFieldType):
    key = "dropdown"
    label = _("Single choice (drop-down list)")
    widget = forms.Select

    def form_field(self, field, **kwargs):
        choices = [("", "—"), *self.options(field)]
        return forms.ChoiceField(choices=choices, widget=self.widget, **kwargs)


@register_field_type
class CheckboxesFieldType(ChoiceFieldType):
    key = "checkboxes"
    label = _("Multiple choice")
    widget = forms.CheckboxSelectMultiple
    many = True

    def form_field(self, field, **kwargs):
        return forms.MultipleChoiceField(choices=self.options(field), widget=self.widget, **kwargs)


@register_field_type
class MultiSelectFieldType(CheckboxesFieldType):
    key = "multiselect"
    label = _("Multiple choice (list)")
    widget = forms.SelectMultiple


@register_field_type
class CheckboxFieldType(FieldType):
    key = "checkbox"
    label = _("Check box (one)")
    storage = "code"

    def form_field(self, field, **kwargs):
        return forms.BooleanField(**kwargs)

    def answer_values(self, field, value):
        return [AnswerValue(code="yes" if value else "no")]

    def display(self, field, value):
        return str(_("Yes")) if value else str(_("No"))


YES_NO = [("yes", _("Yes")), ("no", _("No")), ("dont_know", _("Don't know"))]


@register_field_type
class YesNoFieldType(FieldType):
    key = "yesno"
    label = _("Yes / no / don't know")
    storage = "code"

    def form_field(self, field, **kwargs):
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **kwargs)

    def answer_values(self, field, value):
        return [AnswerValue(code=value)] if value else []

    def display(self, field, value):
        return str(dict(YES_NO).get(value, value or ""))


def scale_choices(field) -> list[tuple[str, str]]:
    low = int(field.min_value) if field.min_value is not None else 1
    high = int(field.max_value) if field.max_value is not None else 5
    choices = []
    for value in range(low, high + 1):
        label = str(value)
        if value == low and field.min_label:
            label = f"{value} – {field.min_label}"
        elif value == high and field.max_label:
            label = f"{value} – {field.max_label}"
        choices.append((str(value), label))
    return choices


@register_field_type
class ScaleFieldType(FieldType):
    key = "scale"
    label = _("Scale (1 to N)")
    storage = "number"

    def form_field(self, field, **kwargs):
        return forms.TypedChoiceField(
            choices=scale_choices(field),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **kwargs,
        )

    def answer_values(self, field, value):
        return [] if value in EMPTY else [AnswerValue(number=Decimal(value))]

    def check_definition(self, field):
        low = field.min_value if field.min_value is not None else 1
        high = field.max_value if field.max_value is not None else 5
        if not (1 < high - low + 1 <= 11):
            return {"max_value": _("A scale has 2 to 11 steps, e.g. from 1 to 6.")}
        return {}


@register_field_type
class MatrixFieldType(ScaleFieldType):
    key = "matrix"
    label = _("Matrix (statements on one scale)")

    def form_fields(self, field, **kwargs):
        fields = {}
        for code, statement in parse_options(field.statements):
            fields[f"{field.clean_name}__{code}"] = forms.TypedChoiceField(
                label=statement,
                choices=scale_choices(field),
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                required=kwargs.get("required", False),
            )
        return fields

    def value_from(self, field, data):
        values = {
            code: data.get(f"{field.clean_name}__{code}")
            for code, _label in parse_options(field.statements)
        }
        return {code: value for code, value in values.items() if value not in EMPTY} or None

    def answer_values(self, field, value):
        return [
            AnswerValue(part=code, number=Decimal(number)) for code, number in (value or {}).items()
        ]

    def display(self, field, value):
        labels = dict(parse_options(field.statements))
        return "; ".join(
            f"{labels.get(code, code)}: {number}" for code, number in (value or {}).items()
        )

    def check_definition(self, field):
        errors = super().check_definition(field)
        statements = parse_options(field.statements)
        if not statements:
            errors["statements"] = _("Give at least one statement, one per line.")
        elif _duplicate_codes(statements):
            errors["statements"] = _("Each statement needs its own code.")
        return errors


class DisplayOnlyFieldType(FieldType):
    has_answer = False
    storage = "none"

    def form_field(self, field, **kwargs):
        return None

    def answer_values(self, field, value):
        return []


@register_field_type
class InfoFieldType(DisplayOnlyFieldType):
    key = "info"
    label = _("Information text (no answer)")


@register_field_type
class HeadingFieldType(DisplayOnlyFieldType):
    key = "heading"
    label = _("Section heading")


@register_field_type
class PageBreakFieldType(DisplayOnlyFieldType):
    key = "pagebreak"
    label = _("Page break (new step)")


@register_field_type
class HiddenFieldType(FieldType):
    """A value given by the link, e.g. ?unit=alna: the only URL parameters a form reads."""

    key = "hidden"
    label = _("Hidden value from the link")

    def form_field(self, field, **kwargs):
        kwargs["required"] = False
        return forms.CharField(max_length=255, widget=forms.HiddenInput, **kwargs)


class PostcodeFieldType(FieldType):
    storage = "code"
    validator: Any = None
    normalise: Any = staticmethod(str.strip)

    def form_field(self, field, **kwargs):
        return forms.CharField(
            max_length=10,
            validators=[self.validator],
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            **kwargs,
        )

    def answer_values(self, field, value):
        return [AnswerValue(code=self.normalise(value))] if value else []


@register_field_type
class NorwegianPostcodeFieldType(PostcodeFieldType):
    key = "postcode_no"
    label = _("Postcode (Norway)")
    validator = staticmethod(identity.validate_norwegian_postcode)


@register_field_type
class SwedishPostcodeFieldType(PostcodeFieldType):
    key = "postcode_se"
    label = _("Postcode (Sweden)")
    validator = staticmethod(identity.validate_swedish_postcode)
    normalise = staticmethod(identity.normalise_swedish_postcode)


class IdentityNumberFieldType(FieldType):
    """A personal identity number, checked, then kept only as a keyed hash to find duplicates."""

    storage = "code"
    kind = ""
    validator: Any = None
    normaliser: Any = None

    def form_field(self, field, **kwargs):
        return forms.CharField(
            max_length=20,
            validators=[self.validator],
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            **kwargs,
        )

    def hashed(self, value: str) -> str:
        return identity.identity_hash(self.kind, self.normaliser(value))

    def answer_values(self, field, value):
        return [AnswerValue(code=self.hashed(value))] if value else []

    def display(self, field, value):
        return str(_("(stored as a hash)")) if value else ""

    def json_value(self, field, value):
        return self.hashed(value) if value else ""


@register_field_type
class NorwegianIdFieldType(IdentityNumberFieldType):
    key = "id_number_no"
    label = _("National identity number (Norway)")
    kind = "no"
    validator = staticmethod(identity.validate_norwegian_id)
    normaliser = staticmethod(identity.normalise_norwegian_id)


@register_field_type
class SwedishIdFieldType(IdentityNumberFieldType):
    key = "id_number_se"
    label = _("Personal identity number (Sweden)")
    kind = "se"
    validator = staticmethod(identity.validate_swedish_id)
    normaliser = staticmethod(identity.normalise_swedish_id)
