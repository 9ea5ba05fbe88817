"""One XLSForm question row as a Boportal question: its type, texts, options, bounds and rule.

A row that Boportal cannot hold at all gives ``None`` and a reason; a row that
loses a part (a media file, a filter, a condition) is imported without it and
the part is reported. :mod:`.mapping` walks the rows and their groups.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from pyxform import aliases
from pyxform.errors import PyXFormError
from pyxform.parsing.parameters import parse as parse_parameters
from pyxform.utils import default_is_dynamic
from pyxform.xls2json import RE_SELECT

from ..definitions import FIELD_DEFAULTS, FIELD_TEXTS
from ..keys import answer_key
from ..registry import field_types
from .columns import OPTIONS_COLUMN, TEXTS_COLUMN, TYPE_COLUMN
from .expressions import CHOICE, Target, parse_constraint, parse_relevant
from .reasons import Reasons
from .sheets import DEFAULT, Languages, Row, Sheet

TYPE_NAMES = {
    "text": ("text", "string", "q string", "add text prompt"),
    "integer": ("integer", "int", "q int", "add integer prompt"),
    "decimal": ("decimal", "q decimal", "add decimal prompt"),
    "date": ("date", "q date", "add date prompt"),
    "datetime": (
        "datetime", "dateTime", "date time", "q dateTime", "q date time",
        "add date time prompt", "add dateTime prompt",
    ),
    "note": ("note", "q note", "add note prompt"),
    "acknowledge": ("acknowledge", "q acknowledge", "add acknowledge prompt"),
    "calculate": ("calculate", "q calculate", "add calculate prompt"),
    "hidden": ("hidden",),
    "range": ("range",),
}  # fmt: skip
MEDIA = {
    "photo", "image", "audio", "video", "file", "barcode", "background-audio", "q image",
    "q picture", "q audio", "q video", "q barcode", "add image prompt", "add photo prompt",
    "add audio prompt", "add video prompt", "add file prompt", "add barcode prompt",
}  # fmt: skip
LOCATION = {
    "geopoint", "geotrace", "geoshape", "gps", "location", "q geopoint", "q geoshape",
    "q geotrace", "q location", "add location prompt", "start-geopoint",
    "background-geopoint", "osm",
}  # fmt: skip
TIMES = {"start", "end", "start time", "end time", "get start time", "get end time"}
DEVICE = {
    "today", "get today", "deviceid", "device id", "get device id", "imei", "uri:deviceid",
    "username", "uri:username", "phonenumber", "phone number", "get phone number",
    "uri:phonenumber", "email", "uri:email", "subscriberid", "subscriber id",
    "get subscriber id", "uri:subscriberid", "simserial", "sim id", "get sim id",
    "uri:simserial", "audit",
}  # fmt: skip
#: The Boportal types a ``boportal_type`` column may give each XLSForm type.
CHOICE_TYPES = {"select_one": ("radio", "dropdown", "yesno"), "select_multiple": CHOICE[3:]}
GROUP_TYPES = ("heading", "pagebreak", "matrix")
APPEARANCES = {"multiline", "minimal", "field-list", "table-list"}
TRUE = {"yes", "true", "true()"}
FALSE = {"", "no", "false", "false()"}
YES_NO = {"yes", "no", "dont_know"}


@dataclass
class Choice:
    """An option of a choice list: its XLSForm name, Boportal code and labels by language."""

    name: str
    code: str
    labels: dict[str, str]
    row: Row


@dataclass
class Field:
    """A question being imported: its definition and its texts in each translation."""

    data: dict[str, Any]
    texts: dict[str, dict[str, str]] = field(default_factory=dict)

    def put(self, name: str, texts: dict[str, str], main: str) -> None:
        """Set a text attribute from its texts by language: the main one and translations."""
        if texts.get(main):
            self.data[name] = texts[main]
        for code, text in texts.items():
            if code != main and text:
                self.texts.setdefault(code, {})[name] = text


Report = Callable[[Row, Promise | str], None]


def read_choices(sheet: Sheet, languages: Languages, report: Report) -> dict[str, list[Choice]]:
    """The choice lists of the choices sheet by list name, each option with a Boportal code."""
    lists: dict[str, list[Choice]] = {}
    for row in sheet.rows:
        if not row.value("list name") or not row.value("name"):
            continue
        labels = languages.texts(row.cells.get("label") or {})
        lists.setdefault(row.value("list name"), []).append(Choice(row.name, "", labels, row))
        _report_media(row, report)
    for choices in lists.values():
        _give_codes(choices, languages.main)
    return lists


def _give_codes(choices: list[Choice], main: str) -> None:
    """Codes as Boportal makes them from a name (``answer_key``), unique within the list."""
    taken: set[str] = set()
    for number, choice in enumerate(choices, start=1):
        label = choice.labels.get(main, "")
        base = answer_key(choice.name)[:100] or answer_key(label)[:100] or f"option_{number}"
        code, suffix = base, 2
        while code in taken:
            code, suffix = f"{base[:95]}_{suffix}", suffix + 1
        taken.add(code)
        choice.code = code


def options_text(choices: list[Choice], language: str, main: str) -> str:
    """Options as Boportal writes them, "code | Label" a line, in one language."""
    lines = []
    for choice in choices:
        label = choice.labels.get(language) or choice.labels.get(main) or choice.name
        lines.append(f"{choice.code} | {' '.join(label.split())}")
    return "\n".join(lines)


def _report_media(row: Row, report: Report) -> None:
    for column in ("media/image", "media/big-image", "media/audio", "media/video"):
        if row.texts(column):
            report(row, Reasons.media_column % {"column": column.split("/")[1]})


@dataclass
class QuestionType:
    """An XLSForm type read: "text", "select_one", ... with a select's list and "or other"."""

    base: str
    list_name: str = ""
    or_other: bool = False


def question_type(text: str) -> QuestionType:
    """The kind of question an XLSForm type names, aliases resolved."""
    select = RE_SELECT.search(text)
    if select:
        command, list_name = select.group("select_command"), select.group("list_name")
        kind = aliases.select[command]
        if command in aliases.select_from_file or "${" in list_name:
            return QuestionType("from_file")
        if kind not in ("select one", "select all that apply"):
            return QuestionType("rank" if kind == "rank" else "from_file")
        base = "select_one" if kind == "select one" else "select_multiple"
        return QuestionType(base, list_name, bool(select.group("specify_other")))
    for base, names in TYPE_NAMES.items():
        if text in names:
            return QuestionType(base)
    return QuestionType(text)


def left_out_reason(kind: QuestionType) -> str | None:
    """Why a question of this kind cannot be imported at all, or None if it can."""
    if kind.base in TYPE_NAMES or kind.base in CHOICE_TYPES:
        return None
    reasons = [
        (MEDIA, Reasons.media),
        (LOCATION, Reasons.location),
        (TIMES, Reasons.times),
        (DEVICE, Reasons.device),
        ({"from_file"}, Reasons.from_file),
        ({"rank"}, Reasons.rank),
    ]
    for names, reason in reasons:
        if kind.base in names:
            return str(reason) % {"type": kind.base}
    return str(Reasons.other_type) % {"type": kind.base}


def _plain_type(kind: QuestionType, appearance: str) -> str:
    words = appearance.split()
    by_base = {
        "text": "multiline" if "multiline" in words else "singleline",
        "integer": "number",
        "decimal": "number",
        "date": "date",
        "datetime": "datetime",
        "note": "info",
        "acknowledge": "checkbox",
        "calculate": "hidden",
        "hidden": "hidden",
        "range": "scale",
        "select_one": "dropdown" if "minimal" in words else "radio",
        "select_multiple": "multiselect" if "minimal" in words else "checkboxes",
        "file": "file",
    }
    return by_base[kind.base]


def boportal_type(row: Row, kind: QuestionType, warn: Callable[[str], None]) -> str:
    """The Boportal type of a question row: its ``boportal_type`` if that fits, else by XLSForm."""
    plain = _plain_type(kind, row.value("control/appearance"))
    wanted = row.value(TYPE_COLUMN)
    if not wanted:
        return plain
    fits = wanted in field_types and wanted not in GROUP_TYPES
    if kind.base in CHOICE_TYPES:
        fits = wanted in CHOICE_TYPES[kind.base]
    elif wanted in CHOICE or wanted == "scale":
        fits = wanted == "scale" and kind.base == "range"
    if not fits:
        warn(
            str(_("Row %(row)s: the Boportal type “%(type)s” does not fit “%(xlsform)s”; it is "
                  "imported as %(plain)s."))
            % {"row": row.number, "type": wanted, "xlsform": row.type, "plain": plain}
        )  # fmt: skip
        return plain
    return wanted


def is_true(value: str) -> bool | None:
    """An XLSForm yes/no cell as a boolean, or None if it is an expression."""
    text = value.strip().lower()
    if text in TRUE:
        return True
    return False if text in FALSE else None


def json_cell(row: Row, column: str, language: str = DEFAULT) -> dict[str, Any]:
    """A cell holding a JSON object (Boportal's own columns); an empty object if it is not one."""
    text = (row.cells.get(column) or {}).get(language, "")
    try:
        value = json.loads(text) if text.strip() else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class QuestionReader:
    """Reads question rows into Boportal questions for one form.

    ``context`` is the walk over the survey sheet (:class:`.mapping.SurveyMapper`):
    it gives the languages, choice lists, earlier questions, keys and the report.
    """

    def __init__(self, context: Any):
        self.context = context

    @property
    def main(self) -> str:
        return self.context.languages.main

    def read(self, row: Row) -> Field | None:
        """The question of one row, or None (reported) if Boportal cannot hold it."""
        kind = question_type(row.type)
        reason = left_out_reason(kind)
        if kind.base == "file" and row.value(TYPE_COLUMN) == "file":
            reason = None  # Boportal's own file question, exported as XLSForm's
        elif reason is None and kind.base == "calculate" and self._constant(row) is None:
            reason = str(Reasons.calculation)
        if reason:
            self.context.report(row, reason)
            return None
        options = self.options(row)
        question = self.start(row, boportal_type(row, kind, self.context.warn))
        self._fill(question, row, kind, options)
        self.finish(question, row, options)
        return question

    def start(self, row: Row, field_type: str) -> Field:
        """A question with its key, type, texts and "required"; shared with groups."""
        question = Field({"key": self.context.new_key(row.name), "field_type": field_type})
        languages = self.context.languages
        labels = languages.texts(row.cells.get("label") or {})
        question.put("label", labels, self.main)
        if not question.data.get("label"):
            question.data["label"] = next(iter(labels.values()), row.name)
        question.put("help_text", languages.texts(row.cells.get("hint") or {}), self.main)
        question.data["required"] = self._required(row)
        self._report_columns(row)
        return question

    def options(self, row: Row) -> dict[str, Any]:
        """Boportal's own attributes of a row (``boportal_options``), each checked by its field."""
        from ..models import SurveyField

        values = {}
        for name, value in json_cell(row, OPTIONS_COLUMN).items():
            if name not in FIELD_DEFAULTS or name in FIELD_TEXTS:
                continue
            try:
                values[name] = SurveyField._meta.get_field(name).clean(value, None)
            except ValidationError:
                self.context.warn(
                    _("Row %(row)s: “%(name)s” in %(column)s is not valid and is ignored.")
                    % {"row": row.number, "name": name, "column": OPTIONS_COLUMN}
                )
        return values

    def finish(self, question: Field, row: Row, options: dict[str, Any] | None = None) -> None:
        """The rule, then what Boportal's own columns say, which wins over the rest."""
        options = self.options(row) if options is None else options
        if "rule_field" not in options:
            self._rule(question, row)
        question.data.update(options)
        for language, code in self.context.languages.codes.items():
            for name, text in json_cell(row, TEXTS_COLUMN, language).items():
                if name in FIELD_TEXTS and isinstance(text, str):
                    question.put(name, {code: text}, self.main)

    def _required(self, row: Row) -> bool:
        value = row.value("bind/required")
        required = is_true(value)
        if required is None:
            self.context.report(row, str(Reasons.required) % {"expression": value})
        return bool(required)

    def _report_columns(self, row: Row) -> None:
        columns = [
            ("choice_filter", Reasons.choice_filter),
            ("bind/readonly", Reasons.read_only),
            ("trigger", Reasons.trigger),
            ("guidance_hint", Reasons.guidance),
            ("bind/jr:requiredMsg", Reasons.required_message),
        ]
        for column, reason in columns:
            if row.texts(column) and is_true(row.value(column) or "yes") is not False:
                self.context.report(row, reason)
        _report_media(row, self.context.report)
        unknown = [
            word for word in row.value("control/appearance").split() if word not in APPEARANCES
        ]
        if unknown:
            self.context.warn(
                _("Row %(row)s: the appearance “%(appearance)s” has no equivalent in Boportal and "
                  "is left out.") % {"row": row.number, "appearance": " ".join(unknown)}
            )  # fmt: skip
        texts = [*row.texts("label").values(), *row.texts("hint").values()]
        if any("${" in text for text in texts):
            self.context.report(row, Reasons.references)

    def _rule(self, question: Field, row: Row) -> None:
        expression = row.value("bind/relevant")
        if not expression:
            return
        rule = parse_relevant(expression, self.context.targets)
        if rule is None:
            self.context.report(row, str(Reasons.relevant) % {"expression": expression})
            return
        question.data.update(zip(("rule_field", "rule_operator", "rule_value"), rule, strict=True))

    def _fill(self, question: Field, row: Row, kind: QuestionType, options: dict) -> None:
        data = question.data
        if kind.base == "calculate":
            data["default_value"] = self._constant(row)
        elif "default_value" not in options:
            self._default(question, row)
        bounded = bool({"min_value", "max_value", "not_in_future"} & set(options))
        if kind.base in CHOICE_TYPES:
            self._choices(question, row, kind)
        elif data["field_type"] == "number":
            data["decimal_places"] = 2 if kind.base == "decimal" else 0
            self._bounds(question, row, "number", quiet=bounded)
        elif data["field_type"] in ("date", "datetime"):
            self._bounds(question, row, data["field_type"], quiet=bounded)
        elif kind.base == "range":
            self._range(question, row)
        if data["field_type"] not in ("number", "date", "datetime") and row.value(
            "bind/constraint"
        ):
            expression = row.value("bind/constraint")
            self.context.report(row, str(Reasons.constraint) % {"expression": expression})

    def _constant(self, row: Row) -> str | None:
        """The fixed value of a calculation (a number or a quoted text), or None."""
        expression = row.value("bind/calculate")
        match = re.fullmatch(r"\s*(?:'([^']*)'|\"([^\"]*)\"|(-?\d+(?:\.\d+)?))\s*", expression)
        return next((group for group in match.groups() if group is not None), "") if match else None

    def _default(self, question: Field, row: Row) -> None:
        value = row.value("default")
        if not value:
            return
        if default_is_dynamic(value, row.type):
            self.context.report(row, str(Reasons.default) % {"expression": value})
        elif question.data["field_type"] in CHOICE[3:]:
            question.data["default_value"] = ",".join(value.split())
        else:
            question.data["default_value"] = value

    def _choices(self, question: Field, row: Row, kind: QuestionType) -> None:
        choices = list(self.context.choices.get(kind.list_name, []))
        if kind.or_other:
            choices = [choice for choice in choices if choice.code != "other"]
            question.data["allow_other"] = True
        if question.data["field_type"] == "yesno" and {c.code for c in choices} <= YES_NO:
            return  # yes / no / don't know have Boportal's own labels
        question.data["choices"] = options_text(choices, self.main, self.main)
        for code in self.context.languages.translations:
            if any(code in choice.labels for choice in choices):
                question.put("choices", {code: options_text(choices, code, self.main)}, self.main)

    def _bounds(self, question: Field, row: Row, kind: str, quiet: bool = False) -> None:
        """Limits from the constraint; ``quiet`` when Boportal's own column gives them anyway."""
        expression = row.value("bind/constraint")
        bounds = parse_constraint(expression, kind, question.data.get("decimal_places", 0))
        if expression and bounds is None and not quiet:
            self.context.report(row, str(Reasons.constraint) % {"expression": expression})
        if not (bounds or quiet):
            return
        question.data.update(bounds or {})
        messages = self.context.languages.texts(row.cells.get("bind/jr:constraintMsg") or {})
        question.put("error_message", messages, self.main)

    def _range(self, question: Field, row: Row) -> None:
        try:
            parameters = parse_parameters(row.value("parameters"), row.number)
        except PyXFormError:  # pyxform's validation has already refused such a row
            parameters = {}
        start, end, step = (
            parameters.get(name, default)
            for name, default in (("start", "1"), ("end", "10"), ("step", "1"))
        )
        data = question.data
        whole = all(re.fullmatch(r"-?\d+", value) for value in (start, end))
        if step == "1" and whole and 2 <= int(end) - int(start) + 1 <= 11:
            data["min_value"], data["max_value"] = int(start), int(end)
            self._tick_labels(question, row, parameters.get("tick_labelset", ""), start, end)
            return
        data["field_type"] = "number"
        data["min_value"], data["max_value"] = (
            min(start, end, key=float),
            max(start, end, key=float),
        )
        data["decimal_places"] = len(step.partition(".")[2])
        self.context.report(row, str(Reasons.range) % {"start": start, "end": end, "step": step})

    def _tick_labels(self, question: Field, row: Row, list_name: str, start: str, end: str) -> None:
        ticks = {choice.name: choice for choice in self.context.choices.get(list_name, [])}
        for value, name in ((start, "min_label"), (end, "max_label")):
            if value in ticks:
                labels = {code: text for code, text in ticks[value].labels.items() if text != value}
                question.put(name, labels, self.main)
        if set(ticks) - {start, end}:
            self.context.report(row, Reasons.tick_labels)


def target_of(question: Field, choices: list[Choice] | None = None) -> Target | None:
    """What a later rule may compare in this question, or None if no rule can name it."""
    data = question.data
    if not field_types.get(data["field_type"]).has_answer:
        return None
    if data["field_type"] in ("checkbox", "matrix", "file"):
        return None
    codes = {choice.name: choice.code for choice in choices or []}
    if data["field_type"] == "yesno" and not codes:
        codes = {code: code for code in sorted(YES_NO)}
    return Target(data["key"], data["field_type"], codes, int(data.get("decimal_places") or 0))
