"""Reading an uploaded XLSForm: limits, a safe zip, pyxform's reading and pyxform's validation.

Nothing here trusts the file. Its size is checked first
(``FORMS_EXT_XLSFORM_MAX_BYTES``); then it must be a zip holding a workbook,
with no part that unpacks to far more than a form holds and no XML entity (the
checks of :func:`forms_ext.imports.reading.check_workbook_archive`). Only then
does pyxform read it (``xlsx_to_dict``: openpyxl in read-only mode, through
defusedxml), and a form with more rows than a survey has is refused. pyxform
then converts a copy of what it read to an XForm, as ODK would (without Java's
ODK Validate), so a form it refuses is refused here too, with its message put
into a plain sentence where we know it. Every refusal is an :class:`XLSFormError`.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from os import PathLike
from pathlib import Path
from typing import IO, Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import DefinitionData, get_xlsform
from pyxform.xls2xform import convert

from ..conf import settings as app_settings
from ..imports.reading import ZIP_ERRORS, ImportFileError, check_workbook_archive
from .mapping import ImportResult, map_workbook
from .sheets import SHEETS, read_sheet

#: The most rows a survey sheet may have (a long survey has a few hundred).
MAX_SURVEY_ROWS = 5000
#: The most rows a choices sheet may have.
MAX_CHOICE_ROWS = 20000
#: An XLSForm's parts may unpack to at most this many times the largest file accepted.
MAX_UNPACKED_RATIO = 10
#: The most rows all the sheets of a workbook may hold, counted before pyxform reads them.
MAX_WORKBOOK_ROWS = 2 * (MAX_SURVEY_ROWS + MAX_CHOICE_ROWS)
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")


class XLSFormError(ValueError):
    """An XLSForm that cannot be imported; the message says why, in a sentence for an editor."""


def max_bytes() -> int:
    """The largest XLSForm accepted, in bytes: ``FORMS_EXT_XLSFORM_MAX_BYTES`` (2 MB)."""
    return int(app_settings.XLSFORM_MAX_BYTES)


def _file_data(file: Any, filename: str) -> tuple[bytes, str]:
    """At most one byte more than the limit of the file, and its name."""
    limit = max_bytes() + 1
    if isinstance(file, bytes | bytearray):
        return bytes(file[:limit]), filename
    if isinstance(file, str | PathLike):
        path = Path(file)
        with path.open("rb") as handle:
            return handle.read(limit), filename or path.name
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(limit), filename or str(getattr(file, "name", "") or "")


def _check_archive(data: bytes) -> None:
    """Refuse what is not a workbook, or one that unpacks to far more than a form holds."""
    if not data.startswith(b"PK\x03\x04"):
        raise XLSFormError(
            _("This is not an XLSForm: an XLSForm is an Excel workbook (.xlsx) with a “survey” "
              "sheet.")
        )  # fmt: skip
    try:
        check_workbook_archive(data)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if (
                sum(info.file_size for info in archive.infolist())
                > MAX_UNPACKED_RATIO * max_bytes()
            ):
                raise XLSFormError(
                    _("The workbook unpacks to far more data than an XLSForm holds; it is refused.")
                )
            rows = _rows_declared(archive)
    except ZIP_ERRORS as error:
        raise XLSFormError(_("The workbook is damaged and cannot be read.")) from error
    except ImportFileError as error:
        raise XLSFormError(str(error)) from error
    if rows > MAX_WORKBOOK_ROWS:
        raise XLSFormError(
            _("The workbook has more than %(max)s rows; an XLSForm this long is refused.")
            % {"max": MAX_WORKBOOK_ROWS}
        )


def _rows_declared(archive: zipfile.ZipFile) -> int:
    """How many rows the worksheets hold, counted in their XML before any parser reads them.

    openpyxl reads every row of a sheet; this bounds that work.
    """
    sheets = [info for info in archive.infolist() if _SHEET_PART.fullmatch(info.filename)]
    count = 0
    for info in sheets:
        with archive.open(info) as part:
            count += _row_tags(part, MAX_WORKBOOK_ROWS + 1 - count)
    return count


def _row_tags(part: IO[bytes], enough: int) -> int:
    """The ``<row`` elements in one part, read a megabyte at a time; stops at ``enough``."""
    count, tail = 0, b""
    while count < enough and (chunk := part.read(1024 * 1024)):
        text = tail + chunk
        # a tag across two reads is counted once: in the read where it ends
        count += sum(1 for match in _ROW_TAG.finditer(text) if match.end() > len(tail))
        tail = text[-32:]
    return count


def read_workbook(data: bytes) -> DefinitionData:
    """The sheets of an XLSForm as pyxform reads them, after the checks of the file itself."""
    if len(data) > max_bytes():
        raise XLSFormError(
            _("The file is too large: an XLSForm may be at most %(max)s.")
            % {"max": filesizeformat(max_bytes())}
        )
    _check_archive(data)
    try:
        workbook = get_xlsform(io.BytesIO(data), file_type=".xlsx")
    except Exception as error:  # noqa: BLE001 (pyxform and openpyxl raise many kinds on a broken file)
        raise XLSFormError(_("The workbook is damaged and cannot be read.")) from error
    limits = (("survey", MAX_SURVEY_ROWS), ("choices", MAX_CHOICE_ROWS))
    for sheet, limit in limits:
        if len(getattr(workbook, sheet) or ()) > limit:
            raise XLSFormError(
                _("The %(sheet)s sheet has more than %(max)s rows; an XLSForm this long is "
                  "refused.") % {"sheet": sheet, "max": limit}
            )  # fmt: skip
    return workbook


# pyxform's messages we know, as plain sentences. The patterns follow pyxform 4.5's texts.
MESSAGES = [
    (r"You must have a sheet named 'survey'",
     _("The workbook has no sheet named “survey”, where an XLSForm lists its questions.")),
    (r"\[row : (?P<row>\d+)\] Unmatched 'end_(?P<type>\w+)'",
     _("Row %(row)s of the survey sheet ends a %(type)s that was never begun: an "
       "“end_%(type)s” without its “begin_%(type)s”.")),
    (r"\[row : (?P<row>\d+)\] Unmatched 'begin_(?P<type>\w+)'.*?the name '(?P<name>[^']*)'",
     _("The %(type)s “%(name)s” begun on row %(row)s of the survey sheet is never ended: add "
       "an “end_%(type)s” row.")),
    (r"\[row : (?P<row>\d+)\] ?List name not in (?:choices|columns) sheet: (?P<list>\S+)",
     _("Row %(row)s of the survey sheet uses the choice list “%(list)s”, which is not on the "
       "choices sheet.")),
    (r"There should be a choices sheet",
     _("The survey sheet has multiple-choice questions, but the workbook has no “choices” "
       "sheet with the columns list_name, name and label.")),
    (r"\[row : (?P<row>\d+)\] On the 'survey' sheet, the 'name' value '(?P<name>[^']*)' is "
     r"invalid\. (?:Questions|Repeat)",
     _("Row %(row)s of the survey sheet uses the name “%(name)s” again: each question or group "
       "needs a name of its own.")),
    (r"sheet: '(?P<sheet>\w+)'\. One or more required column headers were not found: "
     r"(?P<columns>.*?)\. ",
     _("The %(sheet)s sheet has no column %(columns)s in its first row.")),
    (r"\[row : (?P<row>\d+)\] Question or group with no name",
     _("Row %(row)s of the survey sheet has no name: every question and group needs one.")),
    (r"\[row : (?P<row>\d+)\] Question with no type",
     _("Row %(row)s of the survey sheet has a name or label but no type.")),
    (r"\[row : (?P<row>\d+)\] On the '(?P<sheet>\w+)' sheet, the '(?P<column>[\w ]+)' value is "
     r"invalid\. Names must begin",
     _("Row %(row)s of the %(sheet)s sheet has a %(column)s that is not allowed: a name begins "
       "with a letter or an underscore, followed by letters, digits, underscores, hyphens or "
       "periods.")),
    (r"\[row : (?P<row>\d+)\] On the 'choices' sheet, the 'name' value is invalid\. Choice "
     r"names must be unique",
     _("Row %(row)s of the choices sheet repeats an option name of its list: each option of a "
       "list needs a name of its own.")),
    (r"\[row : (?P<row>\d+)\] On the 'choices' sheet, the 'name' value is invalid\. Choices "
     r"must have a name",
     _("Row %(row)s of the choices sheet has no name (the code of the option).")),
    (r"\[row : (?P<row>\d+)\] On the 'choices' sheet, the 'label' value is invalid",
     _("Row %(row)s of the choices sheet has no label.")),
    (r"Unknown question type '(?P<type>[^']*)'",
     _("The survey sheet uses the type “%(type)s”, which XLSForm does not have.")),
    (r"\[row : (?P<row>\d+)\] On the '(?P<sheet>\w+)' sheet, the '(?P<column>[^']+)' value is "
     r"invalid\. Reference variables must contain a name .*?Could not find the name "
     r"'(?P<name>[^']*)'",
     _("Row %(row)s of the %(sheet)s sheet refers to “${%(name)s}” in its %(column)s, but no "
       "question has that name.")),
    (r"Duplicate column header: (?P<column>.*)",
     _("The column “%(column)s” appears twice on one sheet.")),
    (r"Choice names with spaces cannot be added to multiple choice selects\. See "
     r"\[(?P<name>[^\]]*)\] in \[(?P<list>[^\]]*)\]",
     _("The option “%(name)s” of the list “%(list)s” has a space in its name, which "
       "multiple-choice questions do not allow.")),
]  # fmt: skip


def explain(message: str) -> str:
    """pyxform's message as a sentence for an editor; unknown ones are quoted as they are."""
    for pattern, sentence in MESSAGES:
        match = re.search(pattern, message, flags=re.DOTALL)
        if match:
            return str(sentence) % match.groupdict()
    return gettext("The XLSForm has an error; pyxform reports: %(message)s") % {
        "message": message.strip()
    }


def validate(workbook: DefinitionData) -> list[str]:
    """Convert a copy of the form to an XForm with pyxform; XLSFormError if pyxform refuses it.

    Returns pyxform's warnings. ODK Validate (Java) is not run.
    """
    warnings: list[str] = []
    copy = dataclasses.asdict(workbook)
    copy["fallback_form_name"] = None
    try:
        convert(xlsform=copy, warnings=warnings, form_name="data")
    except PyXFormError as error:
        raise XLSFormError(explain(str(error))) from error
    except Exception as error:  # noqa: BLE001 (pyxform fails on some broken forms with others)
        raise XLSFormError(explain(f"{type(error).__name__}: {error}")) from error
    return warnings


def read_xlsform(
    file: bytes | str | PathLike[str] | IO[bytes],
    *,
    filename: str = "",
    language: str | None = None,
) -> ImportResult:
    """Read an XLSForm (the bytes, a path or an open file) into a survey definition.

    Raises :class:`XLSFormError` for a file that is too large, not a workbook,
    damaged, or refused by pyxform. What Boportal cannot hold is listed in the
    result's ``unsupported`` rows; ``language`` is the language of texts in
    columns that name none, when the form's settings do not say (default: the
    site's). Nothing is stored.
    """
    data, filename = _file_data(file, filename)
    workbook = read_workbook(data)
    notes = validate(workbook)
    sheets = {
        name: read_sheet(name, getattr(workbook, name), getattr(workbook, f"{name}_header"))
        for name in SHEETS
    }
    title = Path(filename).stem if filename else gettext("Imported survey")
    result = map_workbook(sheets, title=title, language=language)
    result.notes.extend(notes)
    return result
