"""The field-type registry: one small class per kind of question.

A field type turns an editor's field definition into a Django form field, and
a cleaned value into typed answer rows that the database can filter, count and
sum. Register a new type from any app::

    from forms_ext.registry import FieldType, register_field_type

    @register_field_type
    class OrgNumberFieldType(FieldType):
        key = "org_number"
        label = _("Organisation number")

        def form_field(self, field, **kwargs):
            return forms.RegexField(r"^\\d{9}$", **kwargs)

Keys are short snake_case, at most 16 characters (the ``field_type`` column).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import SurveyField

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,15}$")


@dataclass(frozen=True)
class AnswerValue:
    """One typed value of an answer, as stored in one row of the answer table.

    ``part`` tells apart several rows of one answer: the code of each chosen
    option of a multiple choice, or the statement of a matrix row.
    """

    part: str = ""
    code: str | None = None
    text: str | None = None
    number: Decimal | None = None
    date: date | None = None
    datetime: datetime | None = None


class FieldType:
    """Base class of a field type; subclass it and register the subclass."""

    key: ClassVar[str]
    label: ClassVar[str | Promise]
    #: False for fields that show something but take no answer (headings, page breaks).
    has_answer: ClassVar[bool] = True
    #: Which column of the answer table holds the value; a type whose storage
    #: changes cannot replace another on a field that already has answers.
    storage: ClassVar[str] = "text"

    def form_field(self, field: SurveyField, **kwargs: Any) -> forms.Field | None:
        """Return the Django form field for ``field``; ``kwargs`` has label, help text, required.

        Override in every type that takes an answer.
        """
        raise NotImplementedError

    def form_fields(self, field: SurveyField, **kwargs: Any) -> dict[str, forms.Field]:
        """All form fields for ``field`` by name; override when one question needs several.

        A matrix has one per statement, a choice with "other" a text field beside it.
        """
        form_field = self.form_field(field, **kwargs)
        return {field.clean_name: form_field} if form_field is not None else {}

    def value_from(self, field: SurveyField, data: dict[str, Any]) -> Any:
        """The question's answer from cleaned form data; override with ``form_fields``."""
        return data.get(field.clean_name)

    def answer_values(self, field: SurveyField, value: Any) -> list[AnswerValue]:
        """Turn a cleaned value into typed rows; override when one text column is not right."""
        if value in (None, "", [], ()):
            return []
        return [AnswerValue(text=str(value))]

    def json_value(self, field: SurveyField, value: Any) -> Any:
        """The answer as kept in the submission's JSON copy; override to keep less.

        The identity-number types keep only their hash here too.
        """
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date | datetime):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: self.json_value(field, item) for key, item in value.items()}
        return value

    def display(self, field: SurveyField, value: Any) -> str:
        """The answer as a person reads it in a listing; override for codes and units."""
        if value in (None, "", [], ()):
            return ""
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return str(value)

    def check_definition(self, field: SurveyField) -> dict[str, str]:
        """Return errors in an editor's definition of the field, by model field name.

        Override to check, for example, that the minimum is below the maximum.
        """
        return {}


class FieldTypeRegistry:
    """The registered field types, by key; a duplicate key is refused."""

    def __init__(self) -> None:
        self._types: dict[str, FieldType] = {}

    def register(self, field_type_class: type[FieldType]) -> type[FieldType]:
        """Register a field-type class (usable as a decorator) and return it unchanged."""
        key = getattr(field_type_class, "key", "")
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            raise ValueError(f"Field type key {key!r} must be snake_case, at most 16 characters.")
        if key in self._types:
            raise ValueError(f"A field type with the key {key!r} is already registered.")
        self._types[key] = field_type_class()
        return field_type_class

    def unregister(self, key: str) -> None:
        """Remove a field type, for a site that does not want one of the built-in types."""
        del self._types[key]

    def get(self, key: str) -> FieldType:
        """Return the field type registered under ``key``; KeyError when there is none."""
        return self._types[key]

    def __contains__(self, key: object) -> bool:
        return key in self._types

    def __iter__(self) -> Iterator[FieldType]:
        return iter(self._types.values())

    def choices(self) -> list[tuple[str, str | Promise]]:
        """(key, label) pairs for the editor's field-type menu, in registration order."""
        return [(field_type.key, field_type.label) for field_type in self]


field_types = FieldTypeRegistry()
register_field_type = field_types.register


def get_field_types() -> list[FieldType]:
    """Every registered field type, in registration order."""
    return list(field_types)
