"""The import-export resource of survey submissions, and spreadsheet-safe cells."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from import_export.fields import Field
from import_export.resources import Resource

from .columns import ROW_FIELDS, Column, ExportRow

#: Submissions fetched per round trip; the export never holds more than this many.
CHUNK_SIZE = 2000

#: What makes a spreadsheet read a text cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START_SET = frozenset(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would take for a formula, prefixed with ``'``; anything else as is.

    Only text is touched: a number stored as a number, negative or not, stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_rows(queryset: QuerySet) -> Iterator[ExportRow]:
    """The submissions of ``queryset``, oldest first, read ``CHUNK_SIZE`` at a time.

    One query (with its unit and version joined), rows as tuples, no model
    instances: memory stays flat and the export fast, however many rows.
    """
    rows = queryset.order_by("pk").values_list(*ROW_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    return map(ExportRow._make, rows)


class SurveySubmissionResource(Resource):
    """A survey's submissions as import-export sees them: one field per export column.

    The fields are made from ``columns`` (see ``export_columns``); each field's
    dehydrate method is its column's value, read from the submission's
    ``form_data``. With ``neutralise`` (the default) every text cell is
    spreadsheet-safe, so ``export()`` and tablib's formats are safe too.
    """

    def __init__(self, columns: Iterable[Column], *, neutralise: bool = True, **kwargs: Any):
        super().__init__(**kwargs)
        self.columns = list(columns)
        self.neutralise = neutralise
        self.fields = OrderedDict(
            (
                column.key,
                Field(column_name=column.key, dehydrate_method=column.value, readonly=True),
            )
            for column in self.columns
        )
        self._getters = [column.value for column in self.columns]

    def iter_queryset(self, queryset: QuerySet | Iterable[ExportRow]) -> Iterator[ExportRow]:
        """Rows to export from a queryset of submissions (or rows already made).

        Override to read more of each submission; add the field to ``ROW_FIELDS`` too.
        """
        if isinstance(queryset, QuerySet):
            return export_rows(queryset)
        return iter(queryset)

    def export_field(self, field: Field, instance: ExportRow, **kwargs: Any) -> Any:
        """One cell, through import-export's own path (``export()``), made safe."""
        value = super().export_field(field, instance, **kwargs)
        return neutralise(value) if self.neutralise else value

    def export_headers(self) -> list[str]:
        """The header of each column: its key."""
        return [neutralise(header) for header in self.get_export_headers()]

    def export_row(self, row: ExportRow) -> list[Any]:
        """The cells of one row in column order; the streaming writers' fast path."""
        cells = [get(row) for get in self._getters]
        if not self.neutralise:
            return cells
        starts = _FORMULA_START_SET  # a set lookup of the first character: the fastest test
        return [
            "'" + cell if type(cell) is str and cell and cell[0] in starts else cell
            for cell in cells
        ]
