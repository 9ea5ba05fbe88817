"""Import-export widgets that turn one cell of an imported file into a form value.

A widget's ``clean`` takes a cell as the reader gives it (text from a CSV;
text, numbers, dates or None from a workbook) and returns what the question's
own Django form field takes: a code, a list of codes, a number as text, a date.
The form field then validates it exactly as on the web. A cell that cannot be
read raises ``ValueError`` with a message for the person who fixes the file.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.widgets import Widget

from ..exports import FORMULA_STARTS
from ..field_types import OTHER

#: Words read as yes or no in a yes/no or check-box column, besides the labels.
YES_WORDS = frozenset({"yes", "true", "1", "x", "ja"})
NO_WORDS = frozenset({"no", "false", "0", "nei", "nej"})
#: Spaces a spreadsheet may put between thousands.
THOUSANDS_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009"))


def unneutralise(value: Any) -> Any:
    """Text as answered: the one ``'`` an export puts before formula-like text is removed.

    Only an apostrophe followed by a formula character is the export's; any
    other leading apostrophe is part of the answer.
    """
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def is_blank(value: Any) -> bool:
    """Whether a cell holds no answer: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """A cell as text: a whole number without ``.0``, a date in ISO 8601."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class CellWidget(Widget):
    """Base of the cell widgets: blank cells are None, the export's apostrophe is removed.

    Subclasses override :meth:`convert`, which sees only non-blank cells.
    """

    def clean(self, value: Any, row: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        value = unneutralise(value)
        return None if is_blank(value) else self.convert(value, row or {})

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        """The form value of a non-blank cell; override in each kind of cell."""
        return as_text(value)


class TextCellWidget(CellWidget):
    """Text questions (and postcodes, identity numbers, hidden values): the cell as text."""


class NumberCellWidget(CellWidget):
    """Numbers: ``12,5`` and ``1 234,5`` read with a decimal comma, ``4.00`` as ``4``.

    A workbook's number is taken at its shortest exact decimal form (0.1, not
    0.1000000000000000055511151231257827).
    """

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        if isinstance(value, bool):
            raise ValueError(_("Write a number."))
        if isinstance(value, float) and not value.is_integer():
            return str(Decimal(repr(value)))
        text = as_text(value).strip().translate(THOUSANDS_SPACES)
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if "." in text and text.replace(".", "", 1).lstrip("+-").isdigit():
            text = text.rstrip("0").rstrip(".")  # trailing zeros add no decimal place
        return text


class ScaleCellWidget(NumberCellWidget):
    """A step of a scale (or of a matrix statement): ``4``, ``4.0`` and ``4,0`` are all 4."""

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        text = super().convert(value, row)
        try:
            number = Decimal(text)
        except ArithmeticError:
            return text  # the form field says it is no step of the scale
        return str(int(number)) if number.is_finite() and number == int(number) else text


def _lookup(options: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Code by every way of naming an option: the code, its label, any case."""
    lookup: dict[str, str] = {}
    for code, label in options:
        lookup.setdefault(str(label).strip().casefold(), code)
    for code, _label in options:
        lookup[code.casefold()] = code
    return lookup


class ChoiceCellWidget(CellWidget):
    """Choices given by code or by label, several separated by ``;`` (as an export writes them).

    An unknown option is passed on as written, for the form field to name it.
    """

    def __init__(self, options: Iterable[tuple[str, Any]], many: bool = False) -> None:
        super().__init__()
        self.options = list(options)
        self.codes = _lookup(self.options)
        self.many = many

    def code(self, text: str) -> str:
        text = text.strip()
        return self.codes.get(text.casefold(), text)

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        text = as_text(value)
        if not self.many:
            return self.code(text)
        return [self.code(part) for part in text.split(";") if part.strip()]


class OtherTextCellWidget(CellWidget):
    """The text of "other" in a choice's ``<key>__label`` column, where an export writes it.

    The export lists the labels of the chosen options with the text given for
    "other" in its place; the labels before and after it are taken off. A cell
    that does not read that way is taken whole, as in a sheet typed by hand.
    """

    def __init__(self, choice: ChoiceCellWidget, code_column: str) -> None:
        super().__init__()
        self.choice, self.code_column = choice, code_column

    def clean(self, value: Any, row: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        codes = self.choice.clean((row or {}).get(self.code_column))
        codes = codes if isinstance(codes, list) else [codes]
        if OTHER not in codes or is_blank(value):
            return None
        return self.other_text(as_text(unneutralise(value)), codes)

    def other_text(self, text: str, codes: list[str]) -> str:
        labels = {code: str(label) for code, label in self.choice.options}
        index = codes.index(OTHER)
        before = "".join(f"{labels.get(code, code)}; " for code in codes[:index])
        after = "".join(f"; {labels.get(code, code)}" for code in codes[index + 1 :])
        if text.startswith(before) and text.endswith(after) and len(text) > len(before + after):
            text = text[len(before) : len(text) - len(after)]
        return "" if text == str(_("Other, please specify")) else text


class CheckboxCellWidget(CellWidget):
    """A single check box: yes or no, in words, as a label, or as 1 and 0."""

    def __init__(self, yes_labels: Iterable[Any] = (), no_labels: Iterable[Any] = ()) -> None:
        super().__init__()
        self.yes = YES_WORDS | {str(label).casefold() for label in yes_labels}
        self.no = NO_WORDS | {str(label).casefold() for label in no_labels}

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        text = as_text(value).strip().casefold()
        if text in self.yes:
            return True
        if text in self.no:
            return False
        raise ValueError(_("Write yes or no."))


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
DATETIME_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d/%m/%Y %H:%M")


def parse_date(value: Any) -> datetime.date:
    """A date cell: a workbook date, ``2026-01-31`` or ``31.01.2026``; ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = as_text(value).strip()
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(_("Write the date as 2026-01-31 or 31.01.2026."))


def parse_datetime(value: Any) -> datetime.datetime:
    """A time cell, aware: ISO 8601 (with or without offset), ``31.01.2026 14:30``, a date.

    A time without an offset is in the current time zone.
    """
    parsed = value if isinstance(value, datetime.datetime) else _parse_datetime_text(value)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _parse_datetime_text(value: Any) -> datetime.datetime:
    text = as_text(value).strip()
    with contextlib.suppress(ValueError):  # not ISO: try the other ways of writing it
        return datetime.datetime.fromisoformat(text)
    for datetime_format in DATETIME_FORMATS:
        try:
            return datetime.datetime.strptime(text, datetime_format)
        except ValueError:
            continue
    try:
        return datetime.datetime.combine(parse_date(text), datetime.time())
    except ValueError:
        raise ValueError(_("Write the time as 2026-01-31 14:30 or 31.01.2026 14:30.")) from None


class DateCellWidget(CellWidget):
    """Dates: ISO 8601, ``dd.mm.yyyy`` or a workbook date."""

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        return parse_date(value)


class DateTimeCellWidget(CellWidget):
    """Dates and times, in the current time zone unless an offset is given."""

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        return parse_datetime(value)


class SubmittedAtCellWidget(DateTimeCellWidget):
    """The ``submitted_at`` column: when the answer was given, not in the future."""

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        moment = parse_datetime(value)
        if moment > timezone.now():
            raise ValueError(_("The time is in the future."))
        return moment


class LookupCellWidget(CellWidget):
    """A cell naming one of a known set, such as a unit by its code; ``message`` otherwise.

    ``message`` may use ``%(value)s``, the cell as written.
    """

    def __init__(self, known: dict[str, Any], message: Any) -> None:
        super().__init__()
        self.known = {key.casefold(): item for key, item in known.items()}
        self.message = message

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        text = as_text(value).strip()
        try:
            return self.known[text.casefold()]
        except KeyError:
            raise ValueError(self.message % {"value": text}) from None


class IntegerCellWidget(CellWidget):
    """A whole number, such as the number of an exported answer."""

    def convert(self, value: Any, row: dict[str, Any]) -> Any:
        text = as_text(value).strip()
        if not text.isdigit():
            raise ValueError(_("Write a whole number, or leave the cell empty."))
        return int(text)
