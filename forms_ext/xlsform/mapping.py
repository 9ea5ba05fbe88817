"""An XLSForm's sheets as a Boportal survey definition, with every row that could not come along.

The survey sheet is walked row by row. Questions become Boportal questions
(:mod:`.questions`); groups become a section ("heading") or, with the
appearance ``field-list``, a step ("pagebreak"); a ``table-list`` group of
select_one questions on one numbered list becomes a matrix; repeats are left
out whole. Boportal has no nested groups: a section ends where the next heading
or page break begins. So a group inside another starts a heading of its own,
carrying the outer group's condition when it has none of its own; when questions
of the outer group follow the inner one, a heading or page break that carries
the outer group's condition again is added if the inner one's would hide them
(each such change is listed in ``warnings``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pyxform import aliases
from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL

from ..definitions import FORMAT, SETTINGS, field_definition, make_field
from ..keys import answer_key
from ..registry import field_types
from ..rules import Operator
from .columns import INTRO_COLUMN, SETTINGS_COLUMN, THANK_YOU_COLUMN, TITLE_COLUMN, TYPE_COLUMN
from .expressions import Rule, Target
from .questions import (
    Field,
    QuestionReader,
    is_true,
    json_cell,
    question_type,
    read_choices,
    target_of,
)
from .reasons import Reasons
from .sheets import Languages, Row, Sheet, find_languages


@dataclass(frozen=True)
class UnsupportedRow:
    """A row (or part of one) of the XLSForm that Boportal could not import, and why.

    ``row`` is the number the spreadsheet shows (the header is row 1); ``reason``
    is a sentence for the editor.
    """

    sheet: str
    row: int
    name: str
    type: str
    reason: str


@dataclass
class ImportResult:
    """What :func:`read_xlsform` made of a file: a definition and what did not come along.

    ``definition`` is in the format of :mod:`forms_ext.definitions`, ready for
    ``build_page``; ``title`` is the form's title (or the file's name).
    ``warnings`` are Boportal's own sentences about what changed on the way;
    ``notes`` what pyxform says of the form, in its words (English), for the
    technically minded.
    """

    definition: dict[str, Any]
    title: str
    unsupported: list[UnsupportedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


RULE = ("rule_field", "rule_operator", "rule_value")


@dataclass
class Group:
    """An open begin_group: the heading or page break made of it and the condition it carries."""

    kind: str
    question: Field
    row: Row

    @property
    def rule(self) -> Rule | None:
        data = self.question.data
        if not data.get("rule_field"):
            return None
        return (data["rule_field"], data.get("rule_operator", "eq"), data.get("rule_value", ""))


class SurveyMapper:
    """One pass over an XLSForm's survey sheet, building the definition's questions."""

    def __init__(self, sheets: dict[str, Sheet], languages: Languages):
        self.sheets = sheets
        self.languages = languages
        self.unsupported: list[UnsupportedRow] = []
        self.warnings: list[str] = list(languages.warnings)
        self.fields: list[Field] = []
        self.keys: set[str] = set()
        self.targets: dict[str, Target] = {}
        self.groups: list[Group] = []
        self.ended: Group | None = None
        for sheet, header, language in languages.unknown:
            row = Row(sheet, 1, {"name": {"": header}})
            self.report(row, str(Reasons.language) % {"language": language})
        self.choices = read_choices(sheets["choices"], languages, self.report)
        self.questions = QuestionReader(self)

    def report(self, row: Row, reason: Any) -> None:
        """List a row, or part of one, as not imported."""
        self.unsupported.append(
            UnsupportedRow(row.sheet, row.number, row.name, row.type, str(reason))
        )

    def warn(self, text: Any) -> None:
        self.warnings.append(str(text))

    def new_key(self, name: str) -> str:
        """A question key from an XLSForm name, as Boportal writes keys, unique in the form."""
        base = answer_key(name) or "question"
        key, number = base, 2
        while key in self.keys:
            key, number = f"{base[:190]}_{number}", number + 1
        self.keys.add(key)
        return key

    def run(self) -> None:
        rows = [row for row in self.sheets["survey"].rows if row.cells]
        index = 0
        while index < len(rows):
            index = self._step(rows, index)

    def _step(self, rows: list[Row], index: int) -> int:
        row = rows[index]
        begin, end = RE_BEGIN_CONTROL.search(row.type), RE_END_CONTROL.search(row.type)
        if begin and aliases.control[begin.group("type")] != "group":
            return self._skip_repeat(rows, index)
        if begin:
            last = _group_end(rows, index)
            if "table-list" in row.value("control/appearance") and self._matrix(rows, index, last):
                return last + 1
            self._begin(row)
        elif end and self.groups:
            self.ended = self.groups.pop()
        elif row.type:
            self._question(row)
        return index + 1

    def _skip_repeat(self, rows: list[Row], index: int) -> int:
        last = _group_end(rows, index)
        self.report(rows[index], Reasons.repeat % {"count": last - index - 1})
        return last + 1

    # Questions

    def _question(self, row: Row) -> None:
        self._resume()
        question = self.questions.read(row)
        if question is None or not self._valid(question, row):
            return
        choices = self.choices.get(question_type(row.type).list_name, [])
        self._add(question, row, target_of(question, choices))

    def _add(self, question: Field, row: Row, target: Target | None = None) -> None:
        self.fields.append(question)
        if target is not None and row.name:
            self.targets[row.name] = target

    def _valid(self, question: Field, row: Row) -> bool:
        """Whether Boportal accepts the question; contradicting limits are dropped (reported)."""
        data = question.data
        problems = field_types.get(data["field_type"]).check_definition(make_field(data))
        if set(problems) == {"max_value"} and data["field_type"] in ("number", "date", "datetime"):
            for name in ("min_value", "max_value", "error_message"):
                data.pop(name, None)
            for texts in question.texts.values():
                texts.pop("error_message", None)
            text = " ".join(str(problem) for problem in problems.values())
            self.report(row, str(Reasons.bounds) % {"problems": text})
            return True
        if problems:
            self.keys.discard(data["key"])
            text = " ".join(str(problem) for problem in problems.values())
            self.report(row, str(Reasons.not_valid) % {"problems": text})
        return not problems

    # Groups

    def _begin(self, row: Row) -> None:
        self.ended = None
        appearance = row.value("control/appearance").split()
        page = "field-list" in appearance or "table-list" in appearance
        kind = row.value(TYPE_COLUMN) if row.value(TYPE_COLUMN) in ("heading", "pagebreak") else ""
        kind = kind or ("pagebreak" if page else "heading")
        question = self.questions.start(row, kind)
        self.questions.finish(question, row)
        self._carry_rules(question, row, kind)
        if kind == "pagebreak" and any(group.kind == "pagebreak" for group in self.groups):
            self.warn(
                _("Row %(row)s: the page “%(name)s” is inside another page; Boportal shows it "
                  "as a page of its own.") % {"row": row.number, "name": row.name}
            )  # fmt: skip
        self._add(question, row)
        self.groups.append(Group(kind, question, row))

    def _rules_around(self, kind: str) -> list[Rule]:
        """Conditions of the groups around that Boportal would not apply to a new heading/page.

        A page's condition covers its sections, so a new heading needs only the
        condition of the section it is in; a new page needs that of its page too.
        """
        inner = self.groups[-1] if self.groups else None
        page = next((group for group in reversed(self.groups) if group.kind == "pagebreak"), None)
        rules = []
        if inner is not None and inner.kind == "heading":
            rules.append(inner.rule)
        if kind == "pagebreak" and page is not None:
            rules.append(page.rule)
        return [rule for rule in rules if rule]

    def _carry_rules(self, question: Field, row: Row, kind: str) -> None:
        own = Group(kind, question, row).rule
        rules = list(dict.fromkeys([rule for rule in (own, *self._rules_around(kind)) if rule]))
        if len(rules) > 1:
            kept = own or rules[0]
            said = f"{kept[0]} {Operator(kept[1]).label} {kept[2]}".strip()
            self.report(row, str(Reasons.nested_rule) % {"kept": said})
            rules = [kept]
        if rules:
            question.data.update(zip(RULE, rules[0], strict=True))

    def _resume(self) -> None:
        """After a group has ended, questions of the group around it follow: if the ended
        group's condition would hide them in Boportal, start a heading or page without it."""
        ended, self.ended = self.ended, None
        if ended is None:
            return
        outer = self.groups[-1] if self.groups else None
        rules = self._rules_around(ended.kind)
        rule = rules[0] if len(rules) == 1 else None
        if ended.rule == rule:
            return
        label = outer.question.data["label"] if outer else gettext("Other questions")
        name = outer.row.name if outer else "other_questions"
        question = Field({"key": self.new_key(name), "field_type": ended.kind, "label": label})
        question.data["required"] = False
        if rule:
            question.data.update(zip(RULE, rule, strict=True))
        if outer is not None:
            question.texts = {code: dict(texts) for code, texts in outer.question.texts.items()}
        self.fields.append(question)
        self.warn(
            _("After the group “%(inner)s” ends (row %(row)s), a %(kind)s “%(label)s” was added "
              "so that its condition does not hide the questions that follow.")
            % {"inner": ended.row.name, "row": ended.row.number, "kind": ended.kind,
               "label": label}
        )  # fmt: skip

    # Matrix

    def _matrix(self, rows: list[Row], index: int, last: int) -> bool:
        """A table-list group of select_one questions on one numbered list, as a matrix."""
        inner = [row for row in rows[index + 1 : last] if row.type]
        kinds = [question_type(row.type) for row in inner]
        lists = {kind.list_name for kind in kinds}
        plain = all(kind.base == "select_one" and not kind.or_other for kind in kinds)
        scale = _scale(self.choices.get(next(iter(lists), ""), [])) if len(lists) == 1 else None
        if not (inner and plain and scale):
            self.warn(
                _("Row %(row)s: the table “%(name)s” is imported as a page with its questions "
                  "one by one: a Boportal matrix needs one list of 2 to 11 numbered options.")
                % {"row": rows[index].number, "name": rows[index].name}
            )  # fmt: skip
            return False
        self._resume()
        self._add_matrix(rows[index], inner, scale)
        return True

    def _add_matrix(self, row: Row, inner: list[Row], scale: dict[str, Any]) -> None:
        question = self.questions.start(row, "matrix")
        question.data["required"] = all(is_true(item.value("bind/required")) for item in inner)
        question.data["min_value"], question.data["max_value"] = scale["low"], scale["high"]
        for name in ("min_label", "max_label"):
            question.put(name, scale[name], self.languages.main)
        if scale["between"]:
            self.report(row, Reasons.matrix_labels)
        self._statements(question, inner)
        self.questions.finish(question, row)
        if self._valid(question, row):
            self._add(question, row)

    def _statements(self, question: Field, inner: list[Row]) -> None:
        codes: list[tuple[str, dict[str, str]]] = []
        taken: set[str] = set()
        for row in inner:
            code = answer_key(row.name)[:100] or f"row_{len(codes) + 1}"
            while code in taken:
                code = f"{code}_{len(codes) + 1}"
            taken.add(code)
            codes.append((code, self.languages.texts(row.cells.get("label") or {})))
            if row.value("bind/relevant"):
                self.report(row, Reasons.matrix_rule)
        main = self.languages.main
        for code in [main, *self.languages.translations]:
            if code == main or any(code in labels for _code, labels in codes):
                lines = [
                    f"{item} | {' '.join((labels.get(code) or labels.get(main) or item).split())}"
                    for item, labels in codes
                ]
                question.put("statements", {code: "\n".join(lines)}, main)

    # The definition

    def definition(self, title: str, settings_row: Row | None) -> dict[str, Any]:
        main = self.languages.main
        page = _page_texts(settings_row, self.languages)
        fields = [field_definition(make_field(question.data)) for question in self.fields]
        translations = {}
        for code in self.languages.translations:
            translations[code] = {
                "title": page["title"].get(code, ""),
                "intro": page["intro"].get(code, ""),
                "thank_you_text": page["thank_you_text"].get(code, ""),
                "fields": {
                    data["key"]: question.texts.get(code, {})
                    for data, question in zip(fields, self.fields, strict=True)
                },
            }
        return {
            "format": FORMAT,
            "kind": "survey",
            "language": main,
            "title": title,
            "intro": page["intro"].get(main, ""),
            "thank_you_text": page["thank_you_text"].get(main, ""),
            "settings": _settings(settings_row),
            "fields": fields,
            "translations": translations,
        }


def _group_end(rows: list[Row], index: int) -> int:
    """The index of the row that ends the group or repeat begun at ``index``."""
    depth = 0
    for position in range(index, len(rows)):
        if RE_BEGIN_CONTROL.search(rows[position].type):
            depth += 1
        elif RE_END_CONTROL.search(rows[position].type):
            depth -= 1
            if depth == 0:
                return position
    return len(rows) - 1  # pyxform has refused a group that is never ended


def _scale(choices: list[Any]) -> dict[str, Any] | None:
    """A list of options named by whole numbers in a row (2 to 11 of them), as a scale."""
    try:
        numbers = [int(choice.name) for choice in choices]
    except ValueError:
        return None
    low, high = min(numbers, default=0), max(numbers, default=0)
    if sorted(numbers) != list(range(low, high + 1)) or not 2 <= len(numbers) <= 11:
        return None
    by_number = dict(zip(numbers, choices, strict=True))

    def labels(number: int) -> dict[str, str]:
        texts = by_number[number].labels.items()
        return {code: text for code, text in texts if text.strip() != str(number)}

    between = any(labels(number) for number in numbers if number not in (low, high))
    return {
        "low": low,
        "high": high,
        "min_label": labels(low),
        "max_label": labels(high),
        "between": between,
    }


def _page_texts(settings_row: Row | None, languages: Languages) -> dict[str, dict[str, str]]:
    texts = {}
    for name, column in (
        ("title", TITLE_COLUMN),
        ("intro", INTRO_COLUMN),
        ("thank_you_text", THANK_YOU_COLUMN),
    ):
        cells = settings_row.cells.get(column) if settings_row else None
        texts[name] = languages.texts(cells or {})
    return texts


def _settings(settings_row: Row | None) -> dict[str, Any]:
    """The page's settings (who may answer, interviews) from Boportal's own settings column."""
    from ..models import SurveyPage

    values = json_cell(settings_row, SETTINGS_COLUMN) if settings_row else {}
    settings = {}
    for name in SETTINGS:
        if name in values:
            try:
                settings[name] = SurveyPage._meta.get_field(name).clean(values[name], None)
            except ValidationError:
                continue
    return settings


def map_workbook(
    sheets: dict[str, Sheet], *, title: str, language: str | None = None
) -> ImportResult:
    """The definition of a form from its sheets, read by :func:`.sheets.read_sheet`.

    ``language`` is the language of texts in columns that name none, when the
    form's settings do not say (default: the site's language).
    """
    settings_row = next((row for row in sheets["settings"].rows if row.cells), None)
    default_language = settings_row.value("default_language") if settings_row else ""
    fallback = language or django_settings.LANGUAGE_CODE
    languages = find_languages(sheets, default_language, fallback, told=bool(language))
    mapper = SurveyMapper(sheets, languages)
    mapper.run()
    title = (settings_row.value("title") if settings_row else "") or title
    result = ImportResult(mapper.definition(title, settings_row), title)
    result.unsupported, result.warnings = mapper.unsupported, mapper.warnings
    return result
