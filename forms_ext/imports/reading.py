"""Reading an uploaded CSV or XLSX file into rows, safely and within limits.

Nothing here trusts the file. Its size is checked before anything is read; a
CSV is decoded as UTF-8 (with or without a byte-order mark) or, failing that,
as Windows-1252, and its delimiter (``,``, ``;`` or tab) found from the header;
an XLSX is opened as a zip first and refused when it could be a zip bomb (too
many entries, too much uncompressed data, a compression ratio no spreadsheet
has) or when any XML part declares a DTD or an entity (XXE, "billion laughs").
Only then does openpyxl read it, in read-only mode and through defusedxml
(which openpyxl uses whenever it is installed). Formula cells are read as
their formula text, never evaluated; a cached result is not used either, as it
may be missing or stale. Every failure is an :class:`ImportFileError` whose
message can be shown to the user as it is.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

#: Formats read, by file extension.
EXTENSIONS = ("csv", "xlsx")
#: The most columns a file may have.
MAX_COLUMNS = 2000
#: The most entries a workbook's zip may have (a workbook has a few dozen).
MAX_ZIP_ENTRIES = 1000
#: The highest compression ratio of one entry: spreadsheet XML reaches about 20.
MAX_COMPRESSION_RATIO = 100
#: Entries smaller than this are not checked for their ratio: they cannot be bombs.
RATIO_CHECKED_FROM = 1024 * 1024
#: How much of each XML part is searched for a DTD: it must precede the first element.
XML_HEAD_BYTES = 64 * 1024
#: What reading a damaged zip raises (RuntimeError: an encrypted entry).
ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error)
#: How many rows (empty ones too) may be read for each row the limit allows.
EMPTY_ROW_ALLOWANCE = 4


class ImportFileError(Exception):
    """A file that cannot be imported; the message says why, in words for the user."""


def max_bytes() -> int:
    """The largest file accepted: ``FORMS_EXT_IMPORT_MAX_MB`` megabytes (default 10)."""
    return int(getattr(settings, "FORMS_EXT_IMPORT_MAX_MB", 10) * 1024 * 1024)


def max_rows() -> int:
    """The most answers one file may hold: ``FORMS_EXT_IMPORT_MAX_ROWS`` (default 50,000)."""
    return int(getattr(settings, "FORMS_EXT_IMPORT_MAX_ROWS", 50_000))


@dataclass
class Table:
    """The cells of a file: its header and its non-empty rows, each with its row number.

    Row numbers are the spreadsheet's: the header is row 1. Every row has as
    many cells as the header; cells to the right of the last header are dropped
    (a CSV's rows that had any are listed in ``overflow_rows``; a workbook's are
    not even read).
    """

    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    encoding: str = ""
    delimiter: str = ""
    overflow_rows: list[int] = field(default_factory=list)

    @property
    def delimiter_name(self) -> str:
        """The delimiter as a person names it: a tab is invisible."""
        return str(_("tab")) if self.delimiter == "\t" else self.delimiter


def read_table(data: bytes, filename: str) -> Table:
    """Read ``data`` as the CSV or XLSX file its name says it is; ImportFileError if it is not."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS:
        raise ImportFileError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    if len(data) > max_bytes():
        raise ImportFileError(
            _("The file is too large: the largest accepted is %(max)s MB.")
            % {"max": max_bytes() // (1024 * 1024)}
        )
    return read_xlsx(data) if extension == "xlsx" else read_csv(data)


def _cell_is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _make_table(rows: Iterable[list[Any] | tuple[Any, ...]], **extra: Any) -> Table:
    """Header and non-empty rows from raw rows, within the row limit."""
    rows = iter(rows)
    headers = [_header(value) for value in next(rows, [])]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportFileError(_("The file is empty: its first row must name the columns."))
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(_("The file has more than %(max)s columns.") % {"max": MAX_COLUMNS})
    _check_unique(headers)
    table = Table(headers=headers, rows=[], **extra)
    width, limit = len(headers), max_rows()
    for number, cells in enumerate(rows, start=2):
        if number > (limit + 1) * EMPTY_ROW_ALLOWANCE:
            raise _too_many_rows(limit)
        if all(_cell_is_blank(value) for value in cells):
            continue
        if len(table.rows) >= limit:
            raise _too_many_rows(limit)
        cells = list(cells)
        if any(not _cell_is_blank(value) for value in cells[width:]):
            table.overflow_rows.append(number)
        table.rows.append((number, (cells + [None] * width)[:width]))
    return table


def _check_unique(headers: list[str]) -> None:
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:
            raise ImportFileError(
                _("The column “%(column)s” appears more than once.") % {"column": header}
            )
        seen.add(header)


def _too_many_rows(limit: int) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows. Split it into smaller files.")
        % {"max": number_format(limit, force_grouping=True)}
    )


# CSV


def decode_text(data: bytes) -> tuple[str, str]:
    """The file as text and the name of the encoding read: UTF-8, UTF-16 or Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("The file says it is UTF-8 but is not. Save it again as CSV UTF-8.")
            ) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The file is not valid UTF-16 text.")) from error
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Windows; every byte has a meaning in Latin-1.
        try:
            return data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "Latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns: ``,``, ``;`` or tab.

    Excel writes ``;`` where the decimal mark is a comma, as in Norway and Sweden.
    """
    first_line = text.split("\n", 1)[0]
    counts = {
        delimiter: len(next(csv.reader([first_line], delimiter=delimiter), []))
        for delimiter in (",", ";", "\t")
    }
    return max(counts, key=counts.__getitem__)  # the first of equals: a comma


def _csv_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        yield from reader
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file is broken near line %(line)s: %(problem)s.")
            % {"line": reader.line_num, "problem": error}
        ) from error


def read_csv(data: bytes) -> Table:
    """A CSV file's header and rows; its encoding and delimiter are found, not assumed.

    The csv module's own limit on the size of one cell (128 kB) stays in force.
    """
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV file: it holds binary data."))
    delimiter = sniff_delimiter(text)
    return _make_table(_csv_rows(text, delimiter), encoding=encoding, delimiter=delimiter)


# XLSX


def _is_entity_free(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the start of one part, where a DTD would have to be, declares none."""
    with archive.open(info) as part:
        head = part.read(XML_HEAD_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.replace(b"\x00", b"").decode("latin-1")
    return "<!DOCTYPE" not in text and "<!ENTITY" not in text


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb by the sizes its directory declares (zipfile enforces them)."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ImportFileError(_("The workbook has too many parts to be a spreadsheet."))
    total = sum(info.file_size for info in infos)
    too_packed = [
        info
        for info in infos
        if info.file_size > RATIO_CHECKED_FROM
        and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
    ]
    if total > 20 * max_bytes() or too_packed:
        raise ImportFileError(
            _("The workbook unpacks to far more data than a spreadsheet holds; it is refused.")
        )


def check_workbook_archive(data: bytes) -> None:
    """Check an XLSX file as a zip before any XML parser sees it.

    Refused: no zip; no workbook inside; too many entries; more uncompressed
    data than twenty times the size limit; an entry compressed more than
    ``MAX_COMPRESSION_RATIO`` to one; an XML part declaring a DTD or entity.
    Python's zipfile stops at the declared size of an entry, so the declared
    sizes checked here bound what openpyxl can unpack.
    """
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _("This is not an Excel workbook (.xlsx): open it in Excel and save it as .xlsx.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_sizes(infos)
            if "xl/workbook.xml" not in archive.NameToInfo:
                raise ImportFileError(_("This zip file is not an Excel workbook (.xlsx)."))
            if not all(_is_entity_free(archive, info) for info in infos if not info.is_dir()):
                raise ImportFileError(
                    _("The workbook declares XML entities, which are not accepted.")
                )
    except ZIP_ERRORS as error:
        raise ImportFileError(_("The workbook is damaged and cannot be read.")) from error


def read_xlsx(data: bytes) -> Table:
    """The first sheet of a workbook, after :func:`check_workbook_archive`.

    Read-only, so rows are parsed as they are read; ``data_only=False`` so a
    formula comes as its text (``=SUM(A1:A3)``), which is then validated like
    any other text; links to other workbooks are not loaded.
    """
    check_workbook_archive(data)
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as error:  # noqa: BLE001 (openpyxl raises many kinds on a broken file)
        raise ImportFileError(_("The workbook is damaged and cannot be read.")) from error
    try:
        return _read_first_sheet(workbook)
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 (as above, while the rows are parsed)
        raise ImportFileError(_("The workbook is damaged and cannot be read.")) from error
    finally:
        workbook.close()


def _read_first_sheet(workbook: Any) -> Table:
    if not workbook.worksheets:
        raise ImportFileError(_("The workbook has no sheet."))
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # the declared size is not trusted: rows are read as they come
    header = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS + 1, values_only=True), ())
    named = [index for index, value in enumerate(header) if not _cell_is_blank(value)]
    width = named[-1] + 1 if named else 0
    # Only the header's columns are read: a cell declared far to the right adds nothing.
    rows = sheet.iter_rows(min_row=2, max_col=max(width, 1), values_only=True)
    return _make_table(_chain_header(header[:width], rows))


def _chain_header(header: tuple[Any, ...], rows: Iterable[Any]) -> Iterator[Any]:
    yield header
    yield from rows
