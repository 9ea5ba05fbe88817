"""Choices with stable codes, yes/no, scales and matrices."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..registry import AnswerValue, FieldType, register_field_type
from .options import EMPTY, OTHER, _duplicate_codes, parse_options


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
        if field.allow_other and OTHER in dict(options):
            return {"choices": _("The code “other” is kept for “Other, please specify”.")}
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
            # each statement is one question on the scale (Scale's form_field)
            fields[f"{field.clean_name}__{code}"] = self.form_field(
                field, label=statement, required=kwargs.get("required", False)
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
