"""Conditional visibility: "show this question when an earlier answer ...".

A rule is three plain values an editor picks in the admin (an earlier
question, an operator, a value), never an expression. The server evaluates the
rules in form order, so a hidden question's answer is discarded and a hidden
required question is not required.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Operator(models.TextChoices):
    EQUALS = "eq", _("is")
    NOT_EQUALS = "ne", _("is not")
    ONE_OF = "in", _("is one of")
    GREATER = "gt", _("is greater than")
    LESS = "lt", _("is less than")
    ANSWERED = "answered", _("is answered")


def _as_list(answer: Any) -> list[str]:
    if answer in (None, ""):
        return []
    if isinstance(answer, list | tuple | set):
        return [str(item) for item in answer]
    return [str(answer)]


def _as_number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        return None


def _compare(operator: str, answers: list[str], expected: str) -> bool:
    if operator == Operator.ONE_OF:
        wanted = {item.strip() for item in expected.replace("\n", ",").split(",") if item.strip()}
        return bool(wanted.intersection(answers))
    if operator in (Operator.GREATER, Operator.LESS):
        number, limit = (_as_number(answers[0]) if answers else None), _as_number(expected)
        if number is None or limit is None:
            return False
        return number > limit if operator == Operator.GREATER else number < limit
    matches = expected.strip() in answers
    return matches if operator == Operator.EQUALS else not matches


def rule_holds(operator: str, answer: Any, expected: str) -> bool:
    """Whether one rule holds for the answer given to the question it names.

    An unanswered question satisfies only "is not": it has no value to match.
    """
    answers = _as_list(answer)
    if operator == Operator.ANSWERED:
        return bool(answers)
    if not answers:
        return operator == Operator.NOT_EQUALS
    return _compare(operator, answers, expected or "")


def visible_fields(fields: Iterable[Any], answers: Mapping[str, Any]) -> set[str]:
    """The keys of the fields that are shown, given the answers so far.

    A field is shown when its own rule holds and the section and page it is in
    are shown; a rule that names a hidden question sees no answer.
    """
    shown: set[str] = set()
    page_shown = section_shown = True
    for field in fields:
        own = _own_rule_holds(field, answers, shown)
        if field.field_type == "pagebreak":
            page_shown, section_shown = own, True
            own = page_shown
        elif field.field_type == "heading":
            section_shown = own and page_shown
            own = section_shown
        else:
            own = own and page_shown and section_shown
        if own:
            shown.add(field.clean_name)
    return shown


def _own_rule_holds(field: Any, answers: Mapping[str, Any], shown: set[str]) -> bool:
    if not field.rule_field:
        return True
    answer = answers.get(field.rule_field) if field.rule_field in shown else None
    return rule_holds(field.rule_operator, answer, field.rule_value)
