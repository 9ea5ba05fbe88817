"""Writing a survey definition as an XLSForm workbook (survey, choices and settings sheets).

Standard XLSForm says what it can: types, names, labels and hints in every
language (``label::Svenska (sv)``), required, relevant, constraint and its
message, default, appearance (multiline, minimal, field-list, table-list) and
range parameters. A section is a group, a step a group with ``field-list``
(closed before the next heading or page break), a scale a ``range`` whose end
labels are a ``tick_labelset``, a matrix a ``table-list`` group of select_one
rows on one numbered list.

What only Boportal has goes in its own columns, which pyxform ignores: the
field type (``boportal_type``), attributes no column holds (``boportal_options``,
JSON: decimals other than 0 or 2, dates relative to today, a rule XLSForm cannot
write) and texts no column holds (``boportal_texts`` in each language, JSON: a
number's unit). Each attribute goes in a standard column only if reading that
column back gives exactly the attribute; otherwise it goes in Boportal's.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from pyxform.utils import default_is_dynamic

from ..definitions import FIELD_DEFAULTS, FIELD_TEXTS, PAGE_TEXTS
from ..field_types import parse_options
from ..field_types.choices import YES_NO
from ..keys import answer_key
from .columns import (
    INTRO_COLUMN,
    OPTIONS_COLUMN,
    SETTINGS_COLUMN,
    TEXTS_COLUMN,
    THANK_YOU_COLUMN,
    TITLE_COLUMN,
    TYPE_COLUMN,
    column_language,
    content_languages,
    xml_name,
)
from .expressions import (
    CHOICE,
    MULTIPLE,
    Target,
    constraint_expression,
    parse_constraint,
    parse_relevant,
    relevant_expression,
)
from .questions import Field, target_of

XLSFORM_TYPES = {
    "number": "integer",
    "date": "date",
    "datetime": "dateTime",
    "radio": "select_one",
    "dropdown": "select_one",
    "yesno": "select_one",
    "checkboxes": "select_multiple",
    "multiselect": "select_multiple",
    "checkbox": "acknowledge",
    "scale": "range",
    "hidden": "hidden",
    "info": "note",
    "file": "file",
}
APPEARANCES = {"multiline": "multiline", "dropdown": "minimal", "multiselect": "minimal"}
RULE = ("rule_field", "rule_operator", "rule_value")
#: Texts of the questions that standard columns carry, by field type.
CARRIED_TEXTS = {
    **dict.fromkeys(("radio", "dropdown", "checkboxes", "multiselect"), {"choices"}),
    "scale": {"min_label", "max_label"},
    "matrix": {"statements", "min_label", "max_label"},
}
SURVEY_ORDER = [
    "type", "name", "label", "hint", "required", "relevant", "constraint",
    "constraint_message", "default", "appearance", "parameters",
    TYPE_COLUMN, OPTIONS_COLUMN, TEXTS_COLUMN,
]  # fmt: skip


def _plain(value: Any) -> str:
    number = Decimal(str(value))
    return str(int(number)) if number == number.to_integral_value() else format(number, "f")


class FormWriter:
    """Builds the rows of an XLSForm's sheets from one definition."""

    def __init__(self, definition: dict[str, Any]):
        self.definition = definition
        self.main = definition.get("language") or content_languages()[0]
        translations = definition.get("translations") or {}
        self.languages = [self.main, *[code for code in translations if code != self.main]]
        self.survey: list[dict[str, Any]] = []
        self.choices: list[dict[str, Any]] = []
        self.targets: dict[str, Target] = {}
        self.open: list[str] = []  # the kinds of the groups open: "pagebreak", "heading"
        self.names = {data["key"]: xml_name(data["key"]) for data in definition["fields"]}

    # Texts in every language

    def texts(self, data: dict[str, Any], name: str) -> dict[str, str]:
        """A question's text attribute by language code, where it has one."""
        texts = {self.main: data.get(name) or ""}
        for code in self.languages[1:]:
            fields = self.definition["translations"][code].get("fields") or {}
            texts[code] = (fields.get(data["key"]) or {}).get(name) or ""
        return {code: text for code, text in texts.items() if text}

    def column(self, column: str, code: str) -> str:
        """A text column in one language: plain for the form's own (its ``default_language``)."""
        return column if code == self.main else f"{column}::{column_language(code)}"

    def put_texts(self, row: dict[str, Any], column: str, texts: dict[str, str]) -> None:
        for code, text in texts.items():
            row[self.column(column, code)] = text

    # The survey sheet

    def write_fields(self) -> None:
        for data in self.definition["fields"]:
            field_type = data["field_type"]
            if field_type in ("heading", "pagebreak"):
                self._close("heading")
                if field_type == "pagebreak":
                    self._close("pagebreak")
                self._group(data, "field-list" if field_type == "pagebreak" else "")
                self.open.append(field_type)
            elif field_type == "matrix":
                self._matrix(data)
            else:
                self.survey.append(self._question(data))
            self._remember(data)
        self._close("heading")
        self._close("pagebreak")

    def _close(self, kind: str) -> None:
        if self.open and self.open[-1] == kind:
            self.open.pop()
            self.survey.append({"type": "end_group"})

    def _remember(self, data: dict[str, Any]) -> None:
        """Make the question one that later rules may name, as the importer would."""
        codes = [code for code, _label in parse_options(data.get("choices", ""))]
        if data["field_type"] == "yesno":
            codes = [code for code, _label in YES_NO]
        target = target_of(Field(dict(data)))
        if target is not None:
            target.codes = {code: code for code in codes}
            self.targets[self.names[data["key"]]] = target

    def _base_row(self, data: dict[str, Any], xlsform_type: str) -> tuple[dict, dict]:
        """A row with the columns every question has; its options and texts for Boportal's."""
        row: dict[str, Any] = {"type": xlsform_type, "name": self.names[data["key"]]}
        self.put_texts(row, "label", self.texts(data, "label"))
        self.put_texts(row, "hint", self.texts(data, "help_text"))
        if data.get("required", FIELD_DEFAULTS["required"]):
            row["required"] = "yes"
        row[TYPE_COLUMN] = data["field_type"]
        options: dict[str, Any] = {}
        self._relevant(row, data, options)
        return row, options

    def _relevant(self, row: dict[str, Any], data: dict[str, Any], options: dict) -> None:
        if not data.get("rule_field"):
            return
        rule = (data["rule_field"], data.get("rule_operator", "eq"), data.get("rule_value", ""))
        target = self.targets.get(self.names.get(rule[0], ""))
        expression = relevant_expression(self.names.get(rule[0], ""), target, *rule[1:]) if (
            target
        ) else None  # fmt: skip
        if expression:
            row["relevant"] = expression
        if expression is None or parse_relevant(expression, self.targets) != rule:
            options.update(zip(RULE, rule, strict=True))

    def _question(self, data: dict[str, Any]) -> dict[str, Any]:
        field_type = data["field_type"]
        xlsform_type = XLSFORM_TYPES.get(field_type, "text")
        if field_type == "number" and data.get("decimal_places", 0):
            xlsform_type = "decimal"
        row, options = self._base_row(data, xlsform_type)
        if field_type in APPEARANCES:
            row["appearance"] = APPEARANCES[field_type]
        self._default(row, data, options)
        carried = {"default_value"}
        if field_type in CHOICE:
            self._choice_list(row, data, options)
        elif field_type in ("number", "date", "datetime") and self._bounds(row, data, options):
            carried.add("error_message")
        elif field_type == "scale":
            self._scale(row, data, options)
        self._extras(row, data, options, carried)
        return row

    def _default(self, row: dict[str, Any], data: dict[str, Any], options: dict) -> None:
        """The default, as XLSForm writes it (a multiple choice's codes separated by spaces)."""
        value = data.get("default_value") or ""
        if not value:
            return
        multiple = data["field_type"] in MULTIPLE
        written = " ".join(value.replace(",", " ").split()) if multiple else value
        back = ",".join(written.split()) if multiple else written.strip()
        if back != value or default_is_dynamic(written, row["type"]):
            options["default_value"] = value
        else:
            row["default"] = written

    def _choice_list(self, row: dict[str, Any], data: dict[str, Any], options: dict) -> None:
        key = self.names[data["key"]]
        row["type"] = f"{row['type']} {key}"
        if data.get("allow_other"):
            if f"{key}_other" in self.names.values():
                options["allow_other"] = True  # pyxform's own "<name>_other" would clash
            else:
                row["type"] += " or_other"
        if data["field_type"] == "yesno":
            self._yes_no_list(key)
            return
        options_by_language = {
            code: parse_options(text) for code, text in self.texts(data, "choices").items()
        }
        self._list(key, options_by_language)

    def _list(self, list_name: str, options_by_language: dict[str, list[tuple[str, str]]]) -> None:
        main = options_by_language.get(self.main, [])
        for position, (code, label) in enumerate(main):
            choice = {"list_name": list_name, "name": code}
            labels = {self.main: label or code}
            for language, options in options_by_language.items():
                if language != self.main and position < len(options):
                    labels[language] = options[position][1]
            self.put_texts(choice, "label", labels)
            self.choices.append(choice)

    def _yes_no_list(self, list_name: str) -> None:
        labels: dict[str, list[tuple[str, str]]] = {}
        for code in self.languages:
            with translation.override(code):
                labels[code] = [(value, str(label)) for value, label in YES_NO]
        self._list(list_name, labels)

    def _bounds(self, row: dict[str, Any], data: dict[str, Any], options: dict) -> bool:
        """The constraint of a number or date; whether its message is carried with it.

        The importer reads the message only with limits, from the constraint or
        from Boportal's options, where limits the constraint cannot say go.
        """
        kind, places = data["field_type"], int(data.get("decimal_places") or 0)
        if kind == "number" and places not in (0, 2):
            options["decimal_places"] = places
        expression = constraint_expression(data)
        expected = {
            name: data[name]
            for name in ("min_value", "max_value", "not_in_future")
            if data.get(name) is not None and data.get(name) is not False
        }
        if expression:
            row["constraint"] = expression
        parsed = parse_constraint(expression, kind, places) if expression else {}
        if not _same_bounds(parsed or {}, expected):
            options.update(expected)
        if expected:
            self.put_texts(row, "constraint_message", self.texts(data, "error_message"))
        return bool(expected)

    def _scale(self, row: dict[str, Any], data: dict[str, Any], options: dict) -> None:
        low, high = self._ends(data, options)
        row["parameters"] = f"start={low} end={high} step=1"
        labels = {name: self.texts(data, name) for name in ("min_label", "max_label")}
        if any(labels.values()):
            key = self.names[data["key"]]
            row["parameters"] += f" tick_labelset={key}"
            ticks = {
                code: [
                    (str(low), labels["min_label"].get(code) or str(low)),
                    (str(high), labels["max_label"].get(code) or str(high)),
                ]
                for code in self.languages
            }
            self._list(key, ticks)

    def _ends(self, data: dict[str, Any], options: dict) -> tuple[int, int]:
        """A scale's lowest and highest value; a default (None) or a fraction goes in options."""
        for name in ("min_value", "max_value"):
            value = data.get(name)
            if value is None or Decimal(str(value)) != int(Decimal(str(value))):
                options[name] = value
        low = int(data["min_value"]) if data.get("min_value") is not None else 1
        high = int(data["max_value"]) if data.get("max_value") is not None else 5
        return low, high

    def _extras(
        self, row: dict[str, Any], data: dict[str, Any], options: dict, carried: set[str]
    ) -> None:
        """Whatever no standard column carried goes in Boportal's own columns.

        ``carried`` adds to what every question carries what this row's columns did.
        """
        field_type = data["field_type"]
        carried = {"key", "field_type", "label", "help_text", "required", *RULE, *carried}
        carried |= CARRIED_TEXTS.get(field_type, set())
        if field_type in CHOICE:
            carried.add("allow_other")
        if field_type in ("number", "date", "datetime", "scale", "matrix"):
            carried |= {"min_value", "max_value"}
        if field_type in ("number", "date", "datetime"):
            carried |= {"not_in_future", "decimal_places"}
        for name, value in data.items():
            if name not in carried and name not in FIELD_TEXTS and name in FIELD_DEFAULTS:
                options.setdefault(name, value)
        texts = self._extra_texts(data, carried)
        for code, values in texts.items():
            row[self.column(TEXTS_COLUMN, code)] = _json(values)
        if options:
            row[OPTIONS_COLUMN] = _json(options)

    def _extra_texts(self, data: dict[str, Any], carried: set[str]) -> dict[str, dict[str, str]]:
        """Texts no column carried: a unit, or translated options that do not match the codes."""
        extra: dict[str, dict[str, str]] = {}
        for name in FIELD_TEXTS:
            for code, text in self.texts(data, name).items():
                if name not in carried or not self._carried_in(data, name, code, text):
                    extra.setdefault(code, {})[name] = text
        return extra

    def _carried_in(self, data: dict[str, Any], name: str, code: str, text: str) -> bool:
        """Whether a list (options, statements) reads back as written: "code | Label" lines,
        with the codes of the original in a translation."""
        if name not in ("choices", "statements"):
            return True
        options = parse_options(text)
        canonical = "\n".join(f"{item} | {' '.join(label.split())}" for item, label in options)
        original = [item for item, _label in parse_options(data.get(name, ""))]
        return text == canonical and [item for item, _label in options] == original

    # Groups and matrices

    def _group(self, data: dict[str, Any], appearance: str) -> None:
        row, options = self._base_row(data, "begin_group")
        if appearance:
            row["appearance"] = appearance
        self._extras(row, data, options, set())
        self.survey.append(row)

    def _matrix(self, data: dict[str, Any]) -> None:
        row, options = self._base_row(data, "begin_group")
        row["appearance"] = "table-list"
        row.pop("required", None)
        low, high = self._ends(data, options)
        self._extras(row, data, options, set())
        self.survey.append(row)
        key = self.names[data["key"]]
        statements = {
            code: parse_options(text) for code, text in self.texts(data, "statements").items()
        }
        for position, (code, text) in enumerate(statements.get(self.main, [])):
            item = {"type": f"select_one {key}", "name": xml_name(code)}
            labels = {self.main: text}
            for language, lines in statements.items():
                if language != self.main and position < len(lines):
                    labels[language] = lines[position][1]
            self.put_texts(item, "label", labels)
            if data.get("required", FIELD_DEFAULTS["required"]):
                item["required"] = "yes"
            self.survey.append(item)
        self.survey.append({"type": "end_group"})
        self._list(key, self._scale_options(data, low, high))

    def _scale_options(self, data: dict[str, Any], low: int, high: int) -> dict[str, list]:
        labels = {name: self.texts(data, name) for name in ("min_label", "max_label")}
        options = {}
        for code in self.languages:
            options[code] = [(str(number), str(number)) for number in range(low, high + 1)]
            options[code][0] = (str(low), labels["min_label"].get(code) or str(low))
            options[code][-1] = (str(high), labels["max_label"].get(code) or str(high))
        return options

    # The settings sheet

    def settings_row(self) -> dict[str, Any]:
        definition = self.definition
        title = definition.get("title") or ""
        row: dict[str, Any] = {
            "form_title": title,
            "form_id": answer_key(title)[:50] or "survey",
            "default_language": column_language(self.main),
        }
        columns = {"title": TITLE_COLUMN, "intro": INTRO_COLUMN, "thank_you_text": THANK_YOU_COLUMN}
        for name in PAGE_TEXTS:
            texts = {self.main: definition.get(name) or ""}
            for code in self.languages[1:]:
                texts[code] = definition["translations"][code].get(name) or ""
            if name == "title":
                texts.pop(self.main)
            self.put_texts(row, columns[name], {code: text for code, text in texts.items() if text})
        if definition.get("settings"):
            row[SETTINGS_COLUMN] = _json(definition["settings"])
        return row


def _same_bounds(parsed: dict[str, Any], expected: dict[str, Any]) -> bool:
    if set(parsed) != set(expected):
        return False
    return all(
        parsed[name] is expected[name]
        if isinstance(expected[name], bool)
        else Decimal(str(parsed[name])) == Decimal(str(expected[name]))
        for name in expected
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)


def _headers(rows: Iterable[dict[str, Any]], order: list[str]) -> list[str]:
    """Every column used, standard ones in XLSForm's usual order, each text by language."""
    used = list(dict.fromkeys(column for row in rows for column in row))

    def place(column: str) -> tuple[int, int]:
        base = column.split("::")[0]
        return (order.index(base) if base in order else len(order), used.index(column))

    return sorted(used, key=place)


def _sheet(workbook: Workbook, title: str, rows: list[dict[str, Any]], order: list[str]) -> None:
    sheet = workbook.create_sheet(title)
    headers = _headers(rows, order)
    sheet.append(headers)
    for row in rows:
        sheet.append(
            [
                ILLEGAL_CHARACTERS_RE.sub("", str(row[header])) if header in row else None
                for header in headers
            ]
        )
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":  # text that begins with "=" is text here, never a formula
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def write_xlsform(definition: dict[str, Any]) -> bytes:
    """An XLSForm (.xlsx) of a survey definition, with survey, choices and settings sheets.

    pyxform converts it to an XForm; :func:`read_xlsform` reads back the same
    questions, options, rules and translations.
    """
    writer = FormWriter(definition)
    writer.write_fields()
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "survey", writer.survey, SURVEY_ORDER)
    _sheet(workbook, "choices", writer.choices, ["list_name", "name", "label"])
    _sheet(workbook, "settings", [writer.settings_row()], ["form_title", "form_id"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
