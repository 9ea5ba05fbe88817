"""Imports of earlier answers (a phone survey's Excel sheet, an export) into a survey.

The flow: upload a CSV or XLSX file, see a dry run listing the rows to import
and every problem by row and column, then import all rows in one transaction,
or none. What an export writes is what an import reads: the same fixed
columns, a column per question named by its key, ``<key>__<statement>`` for a
matrix; the ``__label`` columns are skipped except to recover the text of an
"other" answer. A round trip (export, import into the same survey) gives the
same typed answers.

Where django-import-export fits, and where it does not:

- **The mapping is an import-export resource.** :class:`SurveyAnswerImportResource`
  has one ``Field`` per known column, each with a ``Widget`` that reads one
  kind of cell (a choice by code or label, a number with a decimal comma, a date
  as ISO 8601 or dd.mm.yyyy); its ``import_data()`` runs the rows, collects
  the errors of each row by column, does the dry run (``dry_run=True``; the
  resource's ``save_instance`` stores nothing then, so not even a rolled-back
  write happens) and the transaction. Each row is stored through
  ``submissions.store_submission``, the one way answers are stored.
- **The files are read by our own safe readers, not by tablib's formats.**
  tablib's loaders do not bound a file, guess a CSV's encoding and delimiter
  (Excel in Norway writes ``;`` and Windows-1252), check a workbook for zip
  bombs and XML entities before parsing it, or read formulas as text. So
  ``reading`` reads the file within limits and hands the resource a
  ``tablib.Dataset`` of plain cells.
- **Values are validated by the questions' own form fields**, built by their
  field types from the live questions, exactly as on the web: an import cannot
  store an answer the form would refuse.

The uploaded file waits between preview and import in private storage, known
to the browser only by a signed reference (``storing``).
"""

from .reading import ImportFileError, Table, read_table
from .resources import (
    ImportReport,
    RowError,
    SurveyAnswerImportResource,
    may_import,
    preview_import,
    run_import,
)
from .storing import KeptFile, discard, keep_upload, kept_file

__all__ = [
    "ImportFileError",
    "ImportReport",
    "KeptFile",
    "RowError",
    "SurveyAnswerImportResource",
    "Table",
    "discard",
    "keep_upload",
    "kept_file",
    "may_import",
    "preview_import",
    "read_table",
    "run_import",
]
