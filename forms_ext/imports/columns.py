"""Which columns of a file an import reads, and how each question reads its cells.

The columns are those an export writes (``exports.columns``): the fixed ones,
then per question its key (``<key>_2`` where a fixed column has the key),
``<key>__<statement>`` per statement of a matrix and ``<key>__label`` beside a
choice, read only for the text of "other". Questions are the survey's live
ones; each is validated by its own field type's form fields.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.widgets import Widget

from ..field_types import (
    CheckboxFieldType,
    ChoiceFieldType,
    DateFieldType,
    DateTimeFieldType,
    FileFieldType,
    MatrixFieldType,
    ScaleFieldType,
    YesNoFieldType,
    parse_options,
)
from ..field_types.choices import YES_NO
from .cells import (
    CheckboxCellWidget,
    ChoiceCellWidget,
    DateCellWidget,
    DateTimeCellWidget,
    NumberCellWidget,
    OtherTextCellWidget,
    ScaleCellWidget,
    TextCellWidget,
)
from .reading import ImportFileError

#: The columns an export starts with (see ``exports.columns.fixed_columns``).
FIXED_COLUMNS = ("submission_id", "submitted_at", "version", "unit_code", "unit_name", "language")
#: Fixed columns that are read, and what of a row each sets: the others (version, unit
#: name) are ignored. ``#`` keeps these apart from questions' form fields ("language").
READ_FIXED = {
    "submission_id": "#submission_id",
    "submitted_at": "#submit_time",
    "unit_code": "#unit",
    "language": "#language",
}


def export_name(key: str) -> str:
    """A question's column as an export names it: a key taken by a fixed column gets ``_2``."""
    return f"{key}_2" if key in FIXED_COLUMNS else key


def without_relative_dates(survey_field: Any) -> Any:
    """The question with its date limits removed: they count from the day of answering,
    which for an earlier answer is not today. "Not in the future" stays."""
    if not isinstance(survey_field.kind, DateFieldType | DateTimeFieldType):
        return survey_field
    question = copy.copy(survey_field)
    question.min_value = question.max_value = None
    return question


def cell_widget(question: Any) -> Widget:
    """The widget reading the one column of a question that is not a choice or matrix."""
    kind = question.kind
    if isinstance(kind, YesNoFieldType):
        return ChoiceCellWidget(YES_NO)
    if isinstance(kind, CheckboxFieldType):
        return CheckboxCellWidget(yes_labels=[_("Yes")], no_labels=[_("No")])
    if isinstance(kind, ScaleFieldType):
        return ScaleCellWidget()
    if isinstance(kind, DateTimeFieldType):
        return DateTimeCellWidget()
    if isinstance(kind, DateFieldType):
        return DateCellWidget()
    return NumberCellWidget() if kind.storage == "number" else TextCellWidget()


@dataclass
class ImportQuestion:
    """A live question as the import reads it: its form fields, and the columns feeding them
    (column name in the file: form field name and widget)."""

    field: Any
    form_fields: dict[str, forms.Field]
    columns: dict[str, tuple[str, Widget]]

    @property
    def key(self) -> str:
        return self.field.clean_name

    def column_of(self, form_name: str) -> str:
        """The column an error of a form field is shown in."""
        for column, (name, _widget) in self.columns.items():
            if name == form_name:
                return column
        return export_name(self.key)


def question_columns(question: Any) -> dict[str, tuple[str, Widget]]:
    """The columns of a question, as an export writes them, with the widget of each."""
    kind, key = question.kind, question.clean_name
    if isinstance(kind, MatrixFieldType):
        return {
            f"{key}__{code}": (f"{key}__{code}", ScaleCellWidget())
            for code, _label in parse_options(question.statements)
        }
    if not isinstance(kind, ChoiceFieldType):
        return {export_name(key): (key, cell_widget(question))}
    choice = ChoiceCellWidget(kind.options(question), many=kind.many)
    columns = {export_name(key): (key, choice)}
    if question.allow_other:
        other = OtherTextCellWidget(choice, export_name(key))
        columns[f"{key}__label"] = (f"{key}__other", other)
    return columns


def import_question(survey_field: Any) -> ImportQuestion | None:
    """The question as the import reads it; None for one without answers or with a file."""
    kind = survey_field.kind
    if not kind.has_answer or isinstance(kind, FileFieldType):
        return None
    question = without_relative_dates(survey_field)
    form_fields = kind.form_fields(question, label=question.label, required=False)
    return ImportQuestion(question, form_fields, question_columns(question))


# Headers


def plan_columns(
    questions: list[ImportQuestion], headers: list[str]
) -> tuple[list[int], list[str]]:
    """The indexes of the file's columns that are read, and the names of those ignored.

    Fixed columns and questions are read; ``__label`` columns (and the version
    and unit name) are skipped silently; any other column is ignored and named
    in the preview. A file with no question column is refused.
    """
    question_names = {name for question in questions for name in question.columns}
    read, ignored = [], []
    for index, header in enumerate(headers):
        if header in READ_FIXED or header in question_names:
            read.append(index)
        elif header not in FIXED_COLUMNS and not header.endswith("__label"):
            ignored.append(header or str(_("column %(number)s (no name)") % {"number": index + 1}))
    if not question_names.intersection(headers):
        examples = ", ".join(list(question_names)[:3])
        raise ImportFileError(
            _(
                "No column of the file is a question of this survey. The first row must name "
                "the questions by their keys, as an export writes them (for example %(keys)s)."
            )
            % {"keys": examples}
        )
    return read, ignored
