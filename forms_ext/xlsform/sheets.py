"""The sheets of an XLSForm, as pyxform read them, turned into rows of cells by column.

pyxform reads the workbook (``xlsx_to_dict``) and names the columns: its own
``process_header`` resolves aliases ("list name", "relevance", "constraint_message")
and splits ``label::English (en)`` into the column and its language, exactly as
``workbook_to_json`` does. The values are taken as read, without pyxform's text
cleaning (which would turn “quotes” into "quotes" and join lines), so a
Boportal text comes back unchanged.

A row's cells are keyed by column ("label", "bind/required", "control/appearance",
"media/image"); each cell maps a language name to its text, ``DEFAULT`` being the
language of a column without one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from pyxform import aliases
from pyxform.parsing.sheet_headers import process_header
from pyxform.question import MultipleChoiceQuestion, Option
from pyxform.survey import Survey

from .columns import (
    INTRO_COLUMN,
    TEXTS_COLUMN,
    THANK_YOU_COLUMN,
    TITLE_COLUMN,
    content_languages,
    language_code,
)

#: The language of a column without one: "label" rather than "label::English (en)".
DEFAULT = ""
#: Columns whose values are texts in a language, each maybe followed by ``::<language>``.
TEXT_COLUMNS = {
    "label",
    "hint",
    "bind/jr:constraintMsg",
    TEXTS_COLUMN,
    TITLE_COLUMN,
    INTRO_COLUMN,
    THANK_YOU_COLUMN,
}
#: Other translatable columns: read per language, never imported.
OTHER_TRANSLATED = {
    "guidance_hint",
    "bind/jr:requiredMsg",
    "media/image",
    "media/big-image",
    "media/audio",
    "media/video",
}
SHEETS = {
    "survey": (aliases.survey_header, set(MultipleChoiceQuestion.get_slot_names())),
    "choices": (aliases.list_header, set(Option.get_slot_names())),
    "settings": (aliases.settings_header, set(Survey.get_slot_names())),
}


@dataclass
class Row:
    """One row of a sheet with its number as the spreadsheet shows it (the header is row 1)."""

    sheet: str
    number: int
    cells: dict[str, dict[str, str]]

    def value(self, column: str) -> str:
        """The row's value in a column that has no language, or in its plain variant."""
        return (self.cells.get(column) or {}).get(DEFAULT, "").strip()

    def texts(self, column: str) -> dict[str, str]:
        """The row's texts in a column, by language name (``DEFAULT`` for none)."""
        return {name: text for name, text in (self.cells.get(column) or {}).items() if text}

    @property
    def name(self) -> str:
        return self.value("name")

    @property
    def type(self) -> str:
        return self.value("type")


@dataclass
class Sheet:
    """A sheet's rows and its headers as (header, column, language)."""

    rows: list[Row]
    headers: list[tuple[str, str, str]]


def _column(tokens: Sequence[str]) -> tuple[str, str]:
    """A header's column and language from the tokens ``process_header`` split it into."""
    for length in (2, 1):
        base = "/".join(tokens[:length])
        if base in TEXT_COLUMNS | OTHER_TRANSLATED and len(tokens) == length + 1:
            return base, tokens[length]
    return "/".join(tokens), DEFAULT


def read_sheet(name: str, data: Sequence[dict] | None, header: Sequence[dict] | None) -> Sheet:
    """The rows of one sheet of pyxform's reading, with their columns named as pyxform names them.

    Empty rows are kept, so that a row's place in the list gives its number.
    """
    header_aliases, known = SHEETS[name]
    headers = list(header[0]) if header else []
    double_colon = any("::" in text for text in headers)
    columns = {
        text: _column(process_header(text, double_colon, header_aliases, known)[1])
        for text in headers
    }
    rows = []
    for number, values in enumerate(data or [], start=2):
        cells: dict[str, dict[str, str]] = {}
        for text, value in values.items():
            column, language = columns.get(text) or _column((text,))
            cells.setdefault(column, {})[language] = str(value)
        rows.append(Row(name, number, cells))
    return Sheet(rows, [(text, *columns[text]) for text in headers])


@dataclass
class Languages:
    """Which Boportal language each XLSForm language name stands for, and the form's own one.

    ``main`` is the language of the definition's texts; the others are translations.
    ``unknown`` lists the language names Boportal does not have, with their headers.
    """

    main: str
    codes: dict[str, str]
    unknown: list[tuple[str, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def texts(self, cell: dict[str, str]) -> dict[str, str]:
        """Texts by Boportal code from texts by XLSForm language name; the first of each wins."""
        texts: dict[str, str] = {}
        for name, text in cell.items():
            code = self.codes.get(name)
            if code and text and code not in texts:
                texts[code] = text
        return texts

    @property
    def translations(self) -> list[str]:
        """The Boportal codes of the translations, in the order the site lists its languages."""
        used = set(self.codes.values()) - {self.main}
        return [code for code in content_languages() if code in used]


def _language_names(sheets: dict[str, Sheet]) -> list[tuple[str, str, str]]:
    """(sheet, header, language) of every text column, in the order the columns come."""
    return [
        (name, header, language)
        for name, sheet in sheets.items()
        for header, column, language in sheet.headers
        if column in TEXT_COLUMNS or (name == "choices" and column == "label")
    ]


def find_languages(
    sheets: dict[str, Sheet], default_language: str, fallback: str, *, told: bool = False
) -> Languages:
    """The languages of a form's texts.

    The form's own language is its ``default_language`` setting; else, when every
    text column names a language, the first named; else (plain ``label`` columns)
    ``fallback``: the language the editor gave (``told``) or the site's, which the
    editor is then told.
    """
    used = _language_names(sheets)
    names = list(dict.fromkeys(language for _sheet, _header, language in used))
    main_name = default_language or (names[0] if DEFAULT not in names and names else DEFAULT)
    main = language_code(main_name) if main_name else None
    languages = Languages(main=main or fallback, codes={})
    if main is None and not (told and not main_name):
        languages.warnings.append(_unnamed_language(main_name, fallback))
    languages.codes[main_name] = languages.main
    languages.codes.setdefault(DEFAULT, languages.main)
    for sheet, header, name in used:
        code = language_code(name) if name else None
        if code:
            languages.codes.setdefault(name, code)
        elif name not in languages.codes:
            languages.unknown.append((sheet, header, name))
    return languages


def _unnamed_language(name: str, code: str) -> str:
    language = dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(code, code)
    if name:
        return str(
            _("The form's language “%(name)s” is not one Boportal has; its texts are imported "
              "as %(language)s texts.")
        ) % {"name": name, "language": language}  # fmt: skip
    return str(
        _("The form does not say which language its texts are in; they are imported as "
          "%(language)s texts.")
    ) % {"language": language}  # fmt: skip
