"""Text, e-mail, phone and web-address questions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..registry import FieldType, register_field_type


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
        return forms.URLField(assume_scheme="https", **kwargs)
