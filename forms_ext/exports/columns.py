"""The columns of a survey export: fixed columns, then every question of every version.

A column has a stable key (its header), a label for people and a function that
reads its cell from one submission's ``form_data``: numbers as numbers, an
answer to a date question as a ``date`` (a date cell in XLSX, ISO text in CSV
and JSON). Labels of options are resolved to text when the columns are built,
in the language and time zone active then, so that a streamed response written
later reads the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from operator import attrgetter
from typing import Any, NamedTuple

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..field_types import (
    EMPTY,
    OTHER,
    CheckboxFieldType,
    ChoiceFieldType,
    MatrixFieldType,
    YesNoFieldType,
)
from ..field_types.choices import YES_NO
from ..models import SurveyVersion
from ..registry import FieldType, field_types
from ..versions import union_of_fields


class ExportRow(NamedTuple):
    """What an export reads of one submission: one row of a ``values_list`` query."""

    id: int
    submit_time: datetime
    version: int | None
    unit_code: str | None
    unit_name: str | None
    language: str
    form_data: dict[str, Any]


#: The ``values_list`` fields that make an :class:`ExportRow`, in its order.
ROW_FIELDS = (
    "pk",
    "submit_time",
    "version__number",
    "unit__code",
    "unit__name",
    "language",
    "form_data",
)

Getter = Callable[[ExportRow], Any]


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (a stable key), a label and its value per row."""

    key: str
    label: str | Promise
    value: Getter


def to_number(value: Any) -> Any:
    """A stored number as a number (int or Decimal); text that is no number stays text."""
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value or None
        return number if number.is_finite() else value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | Decimal):
        return value
    return plain_value(value)


def plain_value(value: Any) -> Any:
    """An answer as one cell: text and numbers as they are, lists joined by ";"."""
    if value in EMPTY:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float | Decimal):
        return value
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def chosen_codes(value: Any) -> tuple[list[str], str]:
    """The codes chosen in a choice answer, and the text given for "other"."""
    if isinstance(value, dict):
        return chosen_codes(value.get("choice"))[0], str(value.get("other") or "")
    if isinstance(value, bool):
        return (["yes"] if value else ["no"]), ""
    if isinstance(value, list | tuple):
        return [str(code) for code in value if code not in EMPTY], ""
    return ([] if value in EMPTY else [str(value)]), ""


def _text_getter(key: str) -> Getter:
    def text(row: ExportRow) -> Any:
        value = row.form_data.get(key)
        return value if type(value) is str and value else plain_value(value)

    return text


def _number_getter(key: str) -> Getter:
    def number(row: ExportRow) -> Any:
        value = row.form_data.get(key)
        return value if type(value) is int else to_number(value)

    return number


def _date_getter(key: str) -> Getter:
    def as_date(row: ExportRow) -> Any:
        value = row.form_data.get(key)
        if type(value) is str and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                return value
        return plain_value(value)

    return as_date


def _statement_getter(key: str, code: str) -> Getter:
    def statement(row: ExportRow) -> Any:
        value = row.form_data.get(key)
        if type(value) is not dict:
            return None
        cell = value.get(code)
        return cell if type(cell) is int else to_number(cell)

    return statement


def _code_getter(key: str) -> Getter:
    def code(row: ExportRow) -> str | None:
        value = row.form_data.get(key)
        if type(value) is str:
            return value or None
        if type(value) is list:
            return ";".join(map(str, value)) or None
        return ";".join(chosen_codes(value)[0]) or None

    return code


def _label_getter(key: str, labels: dict[str, str]) -> Getter:
    def label(row: ExportRow) -> str | None:
        value = row.form_data.get(key)
        if type(value) is str:
            return labels.get(value, value) or None
        if type(value) is list:
            return "; ".join([labels.get(code) or str(code) for code in value]) or None
        codes, other = chosen_codes(value)
        shown = [other if code == OTHER and other else labels.get(code, code) for code in codes]
        return "; ".join(shown) or None

    return label


def _submitted_at_getter(zone: tzinfo) -> Getter:
    def submitted_at(row: ExportRow) -> str:
        return row.submit_time.astimezone(zone).isoformat(timespec="seconds")

    return submitted_at


def fixed_columns() -> list[Column]:
    """The columns every export starts with, submission time in the current time zone."""
    return [
        Column("submission_id", _("Submission"), attrgetter("id")),
        Column(
            "submitted_at", _("Submitted at"), _submitted_at_getter(timezone.get_current_timezone())
        ),
        Column("version", _("Version"), attrgetter("version")),
        Column("unit_code", _("Unit code"), attrgetter("unit_code")),
        Column("unit_name", _("Unit"), attrgetter("unit_name")),
        Column("language", _("Language"), attrgetter("language")),
    ]


class _Choices(NamedTuple):
    options: dict[str, str]
    statements: dict[str, str]


def _choices_by_key(survey_key: Any) -> dict[str, _Choices]:
    """Options and statements of each question over all versions; the newest label wins.

    A statement or option dropped in a later version keeps its column and label.
    """
    merged: dict[str, _Choices] = {}
    for version in SurveyVersion.objects.filter(survey_key=survey_key).order_by("-number"):
        for schema in version.fields:
            choices = merged.setdefault(schema["key"], _Choices({}, {}))
            for code, label in schema.get("options") or []:
                choices.options.setdefault(code, label)
            for code, label in schema.get("statements") or []:
                choices.statements.setdefault(code, label)
    return merged


def _option_labels(kind: FieldType | None, options: dict[str, str]) -> dict[str, str] | None:
    """Labels by code of a question with options, resolved now; None for other questions."""
    if isinstance(kind, ChoiceFieldType):
        return {**options, OTHER: str(_("Other, please specify"))}
    if isinstance(kind, YesNoFieldType):
        return {code: str(label) for code, label in YES_NO}
    if isinstance(kind, CheckboxFieldType):
        return {"yes": str(_("Yes")), "no": str(_("No"))}
    return dict(options) or None


def question_columns(schema: dict[str, Any], choices: _Choices) -> list[Column]:
    """The columns of one question: none, one, code and label, or one per statement."""
    kind = field_types.get(schema["type"]) if schema["type"] in field_types else None
    key, label = schema["key"], schema["label"]
    if kind is not None and not kind.has_answer:
        return []
    if isinstance(kind, MatrixFieldType):
        return [
            Column(f"{key}__{code}", f"{label}: {statement}", _statement_getter(key, code))
            for code, statement in choices.statements.items()
        ]
    if kind is not None and kind.storage == "number":
        return [Column(key, label, _number_getter(key))]
    if kind is not None and kind.storage == "date":
        return [Column(key, label, _date_getter(key))]
    labels = _option_labels(kind, choices.options)
    if labels is None:
        return [Column(key, label, _text_getter(key))]
    return [
        Column(key, label, _code_getter(key)),
        Column(
            f"{key}__label", _("%(label)s (text)") % {"label": label}, _label_getter(key, labels)
        ),
    ]


def _unique_keys(columns: list[Column]) -> list[Column]:
    """Rename a column whose key is taken (a question called "Language"): key_2, key_3."""
    seen: set[str] = set()
    unique = []
    for column in columns:
        key, number = column.key, 2
        while key in seen:
            key, number = f"{column.key}_{number}", number + 1
        seen.add(key)
        unique.append(column if key == column.key else replace(column, key=key))
    return unique


def export_columns(survey_key: Any) -> list[Column]:
    """Every column of an export of the survey ``survey_key``, in order.

    The fixed columns (submission, time, version, unit code and name, language),
    then each question of every version in form order (``union_of_fields``):
    none for a heading or page break, one for a text, number or date, the code
    and ``<key>__label`` for a choice, ``<key>__<statement>`` per statement of a
    matrix. Two queries, whatever the number of submissions.
    """
    choices = _choices_by_key(survey_key)
    columns = fixed_columns()
    for schema in union_of_fields(survey_key):
        columns.extend(question_columns(schema, choices.get(schema["key"], _Choices({}, {}))))
    return _unique_keys(columns)
