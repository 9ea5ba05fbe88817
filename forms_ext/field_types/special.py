"""Questions without answers, hidden values, postcodes and identity numbers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import identity
from ..registry import AnswerValue, FieldType, register_field_type


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

    def json_value(self, field, value):
        return self.normalise(value) if value else ""

    def display(self, field, value):
        return self.normalise(value) if value else ""


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
