"""Export formats: CSV and JSON streamed, XLSX written row by row; a registry for more.

Register another format from any app::

    from forms_ext.exports import ExportFormat, register_export_format

    @register_export_format
    class TsvExportFormat(ExportFormat):
        key = "tsv"
        extension = "tsv"
        content_type = "text/tab-separated-values; charset=utf-8"

        def chunks(self, resource, rows):
            ...
"""

from __future__ import annotations

import csv
import json
import math
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import islice
from json.encoder import encode_basestring
from typing import IO, Any, ClassVar

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from .columns import Column, ExportRow
from .resources import CHUNK_SIZE, SurveySubmissionResource, neutralise
from .xlsx import StreamingWorkbook

#: Rows per chunk of a streamed response: few, large writes instead of one per row.
ROWS_PER_CHUNK = 500


def _batches(rows: Iterable[ExportRow], size: int = ROWS_PER_CHUNK) -> Iterator[list[ExportRow]]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


class ExportFormat:
    """Base class of an export format; subclass it and register the subclass.

    A text format overrides :meth:`chunks` and is streamed; a binary one
    overrides :meth:`write` and :meth:`response`.
    """

    key: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]
    #: Whether text cells are made spreadsheet-safe (see ``neutralise``).
    neutralise: ClassVar[bool] = True

    def resource(self, columns: Iterable[Column]) -> SurveySubmissionResource:
        """The resource that gives the headers and cells; override to use another."""
        return SurveySubmissionResource(columns, neutralise=self.neutralise)

    def chunks(
        self, resource: SurveySubmissionResource, rows: Iterable[ExportRow]
    ) -> Iterator[str]:
        """The file as pieces of text, for a streamed response; override in a text format."""
        raise NotImplementedError

    def write(
        self, resource: SurveySubmissionResource, rows: Iterable[ExportRow], out_file: IO[bytes]
    ) -> None:
        """Write the whole file to a binary file; override in a binary format."""
        for chunk in self.chunks(resource, rows):
            out_file.write(chunk.encode())

    def response(
        self, resource: SurveySubmissionResource, rows: Iterable[ExportRow], filename: str
    ) -> HttpResponseBase:
        """The file as a download, streamed; override where the file must be finished first."""
        response = StreamingHttpResponse(
            self.chunks(resource, rows), content_type=self.content_type
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class ExportFormatRegistry:
    """The registered export formats, by key; a duplicate key is refused."""

    def __init__(self) -> None:
        self._formats: dict[str, ExportFormat] = {}

    def register(self, format_class: type[ExportFormat]) -> type[ExportFormat]:
        """Register an export-format class (usable as a decorator) and return it unchanged."""
        if format_class.key in self._formats:
            raise ValueError(f"An export format with the key {format_class.key!r} is registered.")
        self._formats[format_class.key] = format_class()
        return format_class

    def get(self, key: str) -> ExportFormat:
        """Return the format registered under ``key``; KeyError when there is none."""
        return self._formats[key]

    def __contains__(self, key: object) -> bool:
        return key in self._formats

    def __iter__(self) -> Iterator[ExportFormat]:
        return iter(self._formats.values())


export_formats = ExportFormatRegistry()
register_export_format = export_formats.register


def get_export_formats() -> list[ExportFormat]:
    """Every registered export format, in registration order."""
    return list(export_formats)


class _Echo:
    """A file that hands back what is written to it, for a csv writer feeding a stream."""

    def write(self, value: str) -> str:
        return value


@register_export_format
class CsvExportFormat(ExportFormat):
    """RFC 4180 CSV in UTF-8 with a byte-order mark (so Excel reads æ, ø, å); text quoted."""

    key = "csv"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def chunks(
        self, resource: SurveySubmissionResource, rows: Iterable[ExportRow]
    ) -> Iterator[str]:
        # Quoting every text cell keeps a value such as "a;=1" one cell in a
        # spreadsheet that splits on semicolons; numbers stay bare, as numbers.
        writer = csv.writer(_Echo(), quoting=csv.QUOTE_NONNUMERIC)
        yield "\ufeff" + writer.writerow(resource.export_headers())
        export_row = resource.export_row
        for batch in _batches(rows):
            yield "".join([writer.writerow(export_row(row)) for row in batch])


def _json_float(value: float) -> str:
    return repr(value) if math.isfinite(value) else "null"


_JSON_ENCODERS: dict[type, Callable[[Any], str]] = {
    type(None): lambda value: "null",
    str: encode_basestring,
    int: int.__repr__,
    bool: lambda value: "true" if value else "false",
    Decimal: lambda value: format(value, "f"),
    float: _json_float,
    date: lambda value: '"' + value.isoformat() + '"',
}


def json_value(value: Any) -> str:
    """One value as JSON text; a Decimal as an exact JSON number, not a string."""
    encode = _JSON_ENCODERS.get(type(value))
    return encode(value) if encode else json.dumps(value, ensure_ascii=False, default=str)


def _json_object(names: list[str], cells: list[Any]) -> str:
    pairs = [name + json_value(cell) for name, cell in zip(names, cells, strict=True)]
    return "{" + ", ".join(pairs) + "}"


@register_export_format
class JsonExportFormat(ExportFormat):
    """A JSON array with one object per submission, keyed by column; values typed, not escaped.

    JSON is read by programs, not evaluated as a sheet, so text is kept as answered.
    """

    key = "json"
    extension = "json"
    content_type = "application/json"
    neutralise = False

    def chunks(
        self, resource: SurveySubmissionResource, rows: Iterable[ExportRow]
    ) -> Iterator[str]:
        names = [encode_basestring(key) + ": " for key in resource.export_headers()]
        export_row = resource.export_row
        separator = "\n"
        yield "["
        for batch in _batches(rows):
            objects = [_json_object(names, export_row(row)) for row in batch]
            yield separator + ",\n".join(objects)
            separator = ",\n"
        yield "\n]\n"


@register_export_format
class XlsxExportFormat(ExportFormat):
    """An Excel workbook written as it streams: one sheet of rows, one naming the columns.

    Written by ``StreamingWorkbook`` (see ``xlsx`` for why not openpyxl) to a
    temporary file as the rows come; the finished file is then sent.
    """

    key = "xlsx"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(
        self, resource: SurveySubmissionResource, rows: Iterable[ExportRow], out_file: IO[bytes]
    ) -> None:
        with StreamingWorkbook(out_file) as workbook:
            cells = map(resource.export_row, rows)
            workbook.write_sheet(str(_("Submissions")), cells, header=resource.export_headers())
            self.write_labels(workbook, resource)

    def write_labels(self, workbook: StreamingWorkbook, resource: SurveySubmissionResource) -> None:
        """A last sheet naming each column's key and label; override to say more."""
        rows = [[neutralise(str(c.key)), neutralise(str(c.label))] for c in resource.columns]
        workbook.write_sheet(str(_("Columns")), rows, header=[str(_("Column")), str(_("Label"))])

    def response(
        self, resource: SurveySubmissionResource, rows: Iterable[ExportRow], filename: str
    ) -> HttpResponseBase:
        out_file = tempfile.TemporaryFile()  # deleted when the response closes it
        try:
            self.write(resource, rows, out_file)
            out_file.seek(0)
        except BaseException:
            out_file.close()
            raise
        return FileResponse(
            out_file, as_attachment=True, filename=filename, content_type=self.content_type
        )


def export_response(
    fmt: str, queryset: QuerySet, columns: Iterable[Column], filename: str
) -> HttpResponseBase:
    """A download of the submissions in ``queryset`` as ``fmt``; KeyError for an unknown format."""
    export_format = export_formats.get(fmt)
    resource = export_format.resource(columns)
    response = export_format.response(resource, resource.iter_queryset(queryset), filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


#: Called with the number of rows written so far, every ``CHUNK_SIZE`` rows.
Progress = Callable[[int], None]


class _CountedRows:
    """Rows passed through, counted; ``progress`` hears of the count every ``CHUNK_SIZE`` rows."""

    def __init__(self, rows: Iterable[ExportRow], progress: Progress | None = None) -> None:
        self.rows, self.count, self.progress = rows, 0, progress

    def __iter__(self) -> Iterator[ExportRow]:
        progress = self.progress
        for count, row in enumerate(self.rows, 1):
            self.count = count
            yield row
            if progress is not None and not count % CHUNK_SIZE:
                progress(count)


def write_export(
    fmt: str,
    queryset: QuerySet,
    columns: Iterable[Column],
    out_file: IO[bytes],
    progress: Progress | None = None,
    rows: Iterable | None = None,
) -> int:
    """Write the submissions in ``queryset`` as ``fmt`` to a binary file; return the rows written.

    The same writers as the downloads, without HTTP: for benchmarks and background
    tasks. ``progress`` is called with the rows written so far every ``CHUNK_SIZE``
    rows (once per query round trip), to report it cheaply. ``rows`` replaces the
    resource's own reading of ``queryset`` when the columns need more than an
    ``ExportRow`` (an inventory's period).
    """
    export_format = export_formats.get(fmt)
    resource = export_format.resource(columns)
    source = rows if rows is not None else resource.iter_queryset(queryset)
    rows = _CountedRows(source, progress)
    export_format.write(resource, rows, out_file)
    return rows.count
