"""Exports of survey submissions as CSV, XLSX and JSON, in bounded memory.

What is exported is defined once, by a django-import-export resource
(:class:`SurveySubmissionResource`) built from the survey's versions
(:func:`export_columns`): the fixed columns (submission, time, version, unit,
language), then one column per question of every version in form order, a
choice as its code and its label (``<key>__label``), a matrix as one column per
statement. Each field's dehydrate method reads its cell from the submission's
``form_data``; numbers are numbers, text a spreadsheet would take for a formula
is prefixed with ``'``.

How it is written is ours, not import-export's: ``Resource.export()`` builds a
whole ``tablib.Dataset`` in memory before a format is rendered, which a million
submissions cannot afford. So the formats here take the resource's headers and
cells row by row from one chunked query (``.iterator(chunk_size=2000)``, tuples,
no model instances): CSV through ``csv.writer`` into a streamed response, JSON
as a streamed array of objects, XLSX through a small streaming writer of our
own (``xlsx.StreamingWorkbook``, ten times openpyxl's write-only mode) into a
temporary file sent when it is complete. ``resource.export(queryset)`` still
works, with the same safe cells, for small sets and for tablib's other formats.

Exports of more rows than ``FORMS_EXT_EXPORT_SYNC_MAX_ROWS`` are written by a
background task into private storage and fetched from a page that shows their
progress (``jobs``).

Formats are plug-ins: one class each, registered with
:func:`register_export_format` (see ``formats``).
"""

from .columns import Column, ExportRow, export_columns
from .formats import (
    CsvExportFormat,
    ExportFormat,
    JsonExportFormat,
    XlsxExportFormat,
    export_formats,
    export_response,
    get_export_formats,
    register_export_format,
    write_export,
)
from .resources import (
    CHUNK_SIZE,
    FORMULA_STARTS,
    SurveySubmissionResource,
    export_rows,
    neutralise,
)
from .xlsx import StreamingWorkbook

__all__ = [
    "CHUNK_SIZE",
    "FORMULA_STARTS",
    "Column",
    "CsvExportFormat",
    "ExportFormat",
    "ExportRow",
    "JsonExportFormat",
    "StreamingWorkbook",
    "SurveySubmissionResource",
    "XlsxExportFormat",
    "export_columns",
    "export_formats",
    "export_response",
    "export_rows",
    "get_export_formats",
    "neutralise",
    "register_export_format",
    "write_export",
]
