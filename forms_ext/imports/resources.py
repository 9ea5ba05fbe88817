"""The import-export resource that reads a survey's answers from a file's rows.

One :class:`SurveyAnswerImportResource` is made per file: its fields are the
file's known columns, each with a widget for its kind of cell (see ``cells``).
``import_data(dry_run=True)`` validates every row and stores nothing (the
preview); ``import_data()`` inside :func:`run_import`'s transaction stores each
row through ``store_submission`` and keeps nothing when any row fails.
"""

from __future__ import annotations

import copy
import datetime
import logging
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import Resource
from import_export.results import Result
from import_export.widgets import Widget
from tablib import Dataset

from ..models import Channel, SurveySubmission
from ..permissions import CORRECT_ANSWERS, units_for
from ..submissions import store_submission
from .cells import (
    IntegerCellWidget,
    LookupCellWidget,
    SubmittedAtCellWidget,
    TextCellWidget,
)
from .columns import READ_FIXED, ImportQuestion, import_question, plan_columns
from .reading import Table

logger = logging.getLogger(__name__)

#: The dataset column holding each row's number in the file.
ROW = "#row"


def may_import(user: Any, page: Any) -> bool:
    """Whether ``user`` may import answers into ``page``: a coordinator of its owner unit
    (or of a unit above it), or a superuser."""
    if getattr(user, "is_superuser", False):
        return True
    if page.owner_unit_id is None:
        return False
    return units_for(user, CORRECT_ANSWERS).filter(pk=page.owner_unit_id).exists()


class RowError(NamedTuple):
    """One problem in the file: its row (1 is the header; 0 for the whole file), column, text."""

    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import (or its dry run) found: rows read, problems, columns left out."""

    rows: int
    errors: list[RowError]
    ignored_columns: list[str]
    imported: int = 0


@dataclass
class ImportedAnswer:
    """One row read for import: the answers by question key, and when, where and in which
    language they were given. ``pk`` is the stored submission's once imported."""

    row_number: int
    submit_time: datetime.datetime
    unit: Any
    language: str
    answers: dict[str, Any] = field(default_factory=dict)
    pk: int | None = None

    def __str__(self) -> str:
        return f"row {self.row_number}"


# The resource


class SurveyAnswerImportResource(Resource):
    """A survey's answers as import-export reads them: one field per known column of a file.

    Made for one page, user and file header. Rows become :class:`ImportedAnswer`
    instances; each cell is read by its field's widget, then validated by the
    question's own form field (required-ness and show-if rules are not applied:
    an earlier answer may come from an earlier version of the form).
    """

    class Meta:
        force_init_instance = True
        skip_diff = True
        use_transactions = True
        import_id_fields: list[str] = []
        instance_loader_class = BaseInstanceLoader

    def __init__(
        self, page: Any, user: Any, headers: list[str], seed: str = "", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.seed = seed
        self.already_imported = False
        # A copy, so that the related objects it caches while rows are stored stay ours.
        self.page = copy.copy(page)
        self.user = user
        self.survey_fields = list(page.get_form_fields())
        questions = [import_question(survey_field) for survey_field in self.survey_fields]
        self.questions = [question for question in questions if question is not None]
        self.headers = headers
        self.read_columns, self.ignored_columns = plan_columns(self.questions, headers)
        self.fields = OrderedDict(self._field(headers[index]) for index in self.read_columns)
        self.seen_ids: dict[int, int] = {}
        self.existing_ids: set[int] = set()
        self.stored: list[ImportedAnswer] = []

    def _field(self, column: str) -> tuple[str, Field]:
        if column in READ_FIXED:
            widget: Widget = TextCellWidget()  # replaced in before_import, once units are known
            if column == "submitted_at":
                widget = SubmittedAtCellWidget()
            elif column == "submission_id":
                widget = IntegerCellWidget()
            return column, Field(attribute=READ_FIXED[column], column_name=column, widget=widget)
        for question in self.questions:
            if column in question.columns:
                form_name, widget = question.columns[column]
                return column, Field(attribute=form_name, column_name=column, widget=widget)
        raise KeyError(column)

    def dataset(self, table: Table) -> Dataset:
        """The table's read columns as a tablib dataset, each row with its number in the file."""
        headers = [ROW, *(self.headers[index] for index in self.read_columns)]
        rows = [[number, *(cells[i] for i in self.read_columns)] for number, cells in table.rows]
        return Dataset(*rows, headers=headers)

    # import-export's hooks

    def before_import(self, dataset: Dataset, **kwargs: Any) -> None:
        """Look up, once for the whole file, the units and earlier answers the rows name."""
        if "unit_code" in self.fields:
            codes = {str(code).strip() for code in dataset["unit_code"] if code}
            units = units_for(self.user, CORRECT_ANSWERS).filter(code__in=codes)
            self.fields["unit_code"].widget = LookupCellWidget(
                {unit.code: unit for unit in units},
                _("There is no unit “%(value)s” that you coordinate."),
            )
        if "language" in self.fields:
            self.fields["language"].widget = LookupCellWidget(
                {code: code for code, _name in settings.LANGUAGES},
                _("“%(value)s” is not a language of this site."),
            )
        if "submission_id" in self.fields:
            self.existing_ids = self._existing_ids(dataset["submission_id"])

    def _existing_ids(self, cells: Iterable[Any]) -> set[int]:
        numbers = sorted({int(cell) for cell in cells if str(cell or "").strip().isdigit()})
        existing: set[int] = set()
        submissions = SurveySubmission.objects.filter(survey_key=self.page.translation_key)
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            existing.update(submissions.filter(pk__in=chunk).values_list("pk", flat=True))
        return existing

    def init_instance(self, row: dict[str, Any] | None = None) -> ImportedAnswer:
        return ImportedAnswer(
            row_number=(row or {}).get(ROW, 0),
            submit_time=timezone.now(),
            unit=self.page.owner_unit,
            language=self.page.locale.language_code,
        )

    def import_instance(self, instance: ImportedAnswer, row: dict[str, Any], **kwargs: Any):
        """Read every cell, then validate each answered question by its own form fields."""
        errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}
        for import_field in self.fields.values():
            try:
                values[import_field.attribute] = import_field.clean(row)
            except ValueError as error:
                errors[import_field.column_name] = [str(error)]
        self._read_fixed(instance, values, errors)
        for question in self.questions:
            self._read_answer(instance, question, values, errors)
        if errors:
            raise ValidationError(errors)

    def _read_fixed(self, instance: ImportedAnswer, values: dict, errors: dict) -> None:
        for attribute in ("submit_time", "unit", "language"):
            if values.get(f"#{attribute}") is not None:
                setattr(instance, attribute, values[f"#{attribute}"])
        number = values.get("#submission_id")
        if number is None:
            return
        if number in self.existing_ids:
            errors["submission_id"] = [
                _(
                    "Answer %(number)s is already in this survey. Remove the row, or empty its "
                    "submission_id cell to import it once more."
                )
                % {"number": number}
            ]
        elif number in self.seen_ids:
            errors["submission_id"] = [
                _("Answer %(number)s is also in row %(row)s.")
                % {"number": number, "row": self.seen_ids[number]}
            ]
        else:
            self.seen_ids[number] = instance.row_number

    def _read_answer(
        self, instance: ImportedAnswer, question: ImportQuestion, values: dict, errors: dict
    ) -> None:
        given = {name: values.get(name) for name in question.form_fields}
        if all(value is None for value in given.values()):
            return  # not answered
        cleaned, failed = {}, False
        for name, form_field in question.form_fields.items():
            column = question.column_of(name)
            if column in errors:
                failed = True
                continue
            try:
                cleaned[name] = form_field.clean(given[name])
            except ValidationError as error:
                errors[column] = list(error.messages)
                failed = True
        if not failed:
            instance.answers[question.key] = question.field.kind.value_from(question.field, cleaned)

    def save_instance(self, instance: ImportedAnswer, is_create: bool, row: dict, **kwargs: Any):
        """Store the row's answers as one submission, except in a dry run."""
        if self._is_dry_run(kwargs):
            return
        submission = store_submission(
            self.page,
            self.survey_fields,
            instance.answers,
            token=self.token(instance),
            language=instance.language,
            unit=instance.unit,
            channel=Channel.IMPORT,
            recorded_by=self.user,
            notify=False,  # imported answers are not new answers arriving
        )
        if submission is None:
            self.already_imported = True
            raise RuntimeError(f"row {instance.row_number} was imported before")
        instance.pk = submission.pk
        self.stored.append(instance)

    def token(self, instance: ImportedAnswer) -> str:
        """The receipt of a row's submission: made from the kept file and the row, so that
        importing one upload twice (a double click, a retry) stores it once; random without."""
        if not self.seed:
            return str(uuid.uuid4())
        return str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"forms-ext-import:{self.seed}#{instance.row_number}")
        )

    def after_import(self, dataset: Dataset, result: Result, **kwargs: Any) -> None:
        """Give the stored submissions their time from the file.

        ``submit_time`` is set on creation (``auto_now_add``), so it is written afterwards.
        """
        submissions = [
            SurveySubmission(pk=answer.pk, submit_time=answer.submit_time) for answer in self.stored
        ]
        SurveySubmission.objects.bulk_update(submissions, ["submit_time"], batch_size=500)

    # The report

    def report(self, table: Table, result: Result) -> ImportReport:
        """The rows read and every problem found, by row and column in the file's order."""
        numbers = [number for number, _cells in table.rows]
        order = {header: index for index, header in enumerate(self.headers)}
        errors = [
            RowError(numbers[invalid.number - 1], column, str(message))
            for invalid in result.invalid_rows
            for column, messages in invalid.error_dict.items()
            for message in messages
        ]
        for number, row_errors in result.row_errors():
            # The exceptions only: the row's values are answers, kept out of the log.
            failures = [error.error for error in row_errors]
            logger.warning("Import of row %s failed: %r", numbers[number - 1], failures)
            errors.append(
                RowError(numbers[number - 1], "", str(_("This row could not be stored.")))
            )
        for base_error in result.base_errors:
            logger.warning("Import failed: %r", base_error.error)
            errors.append(RowError(0, "", str(_("The file could not be imported."))))
        errors.sort(key=lambda error: (error.row, order.get(error.column, -1)))
        return ImportReport(
            rows=len(table.rows), errors=errors, ignored_columns=self.ignored_columns
        )


def preview_import(page: Any, user: Any, table: Table) -> ImportReport:
    """Validate every row of ``table`` for ``page``, storing nothing (a dry run)."""
    resource = SurveyAnswerImportResource(page, user, table.headers)
    result = resource.import_data(resource.dataset(table), dry_run=True)
    return resource.report(table, result)


class _NothingImported(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("import rolled back")
        self.report = report


def run_import(page: Any, user: Any, table: Table, seed: str = "") -> ImportReport:
    """Import every row of ``table`` into ``page`` in one transaction: all rows, or none.

    The report's ``imported`` counts the stored answers: 0 when any row failed.
    With a ``seed`` (the kept file's name) each row's receipt is derived from it:
    a second import of the same upload, even a concurrent one, stores nothing
    and reports that it was imported before.
    The transaction is this function's own, so import-export is asked for none:
    its savepoint around each row is not needed when any failure undoes all
    rows, and would cost two round trips a row (``store_submission`` still
    isolates each row's writes in a savepoint of its own).
    """
    resource = SurveyAnswerImportResource(page, user, table.headers, seed=seed)
    try:
        with transaction.atomic():
            result = resource.import_data(resource.dataset(table), use_transactions=False)
            report = resource.report(table, result)
            if resource.already_imported:
                message = str(_("This file has already been imported."))
                report.errors = [RowError(0, "", message)]
            if report.errors:
                raise _NothingImported(report)
    except _NothingImported as nothing:
        return nothing.report
    report.imported = len(resource.stored)
    return report
