"""XLSForm expressions Boportal understands: simple "relevant" conditions and "constraint" bounds.

Only expressions that mean exactly what a Boportal rule or bound means are read;
anything else is left to the caller to report. Expressions are split into
tokens by pyxform's own lexer, so quoting and spacing follow XLSForm's rules.

Relevant (one earlier question ``${q}``)::

    ${q} = 'x'   ${q} != 'x'   ${q} > 5   ${q} < 5   selected(${q}, 'x')
    ${q} != ''   string-length(${q}) > 0   count-selected(${q}) > 0
    ${q} = 'a' or ${q} = 'b'   selected(${q}, 'a') or selected(${q}, 'b')

Constraint (``.`` is the answer)::

    . >= 0   . <= 500   . > 0 and . < 10   . <= today()   . <= now()
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from pyxform.parsing.expression import parse_expression

from ..rules import Operator

MULTIPLE = ("checkboxes", "multiselect")
CHOICE = ("radio", "dropdown", "yesno", *MULTIPLE)
NUMERIC = ("number", "scale")
_ANSWERED_TESTS = {(">", "0"), (">=", "1"), ("!=", "0")}
_FLIPPED = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "=": "=", "!=": "!="}


@dataclass
class Target:
    """An earlier question a rule can name: its key, type and option codes by XLSForm name."""

    key: str
    field_type: str
    codes: dict[str, str] = field(default_factory=dict)
    decimal_places: int = 0


Rule = tuple[str, str, str]  # (rule_field, rule_operator, rule_value)


def _tokens(expression: str) -> list[tuple[str, str]]:
    """Tokens without spaces; ">" then "=" become ">=", as pyxform's lexer splits them."""
    tokens: list[tuple[str, str]] = []
    for token in parse_expression(expression):
        kind, value = token.type, str(token)
        if kind == "WHITESPACE":
            continue
        if kind == "OPS_COMP" and tokens and tokens[-1] in (("OPS_COMP", ">"), ("OPS_COMP", "<")):
            tokens[-1] = ("OPS_COMP", tokens[-1][1] + value)
            continue
        tokens.append((kind, value.strip()))
    return tokens


def _unwrap(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop brackets around the whole of ``tokens``: ``(${a} = 'x')``."""
    while len(tokens) > 2 and tokens[0][0] == "OPEN_PAREN" and tokens[-1][0] == "CLOSE_PAREN":
        depth = 0
        for index, (kind, _value) in enumerate(tokens):
            depth += {"OPEN_PAREN": 1, "FUNC_CALL": 1, "CLOSE_PAREN": -1}.get(kind, 0)
            if depth == 0 and index < len(tokens) - 1:
                return tokens
        tokens = tokens[1:-1]
    return tokens


def _split(tokens: list[tuple[str, str]]) -> tuple[list[list[tuple[str, str]]], set[str]]:
    """The parts of an expression between top-level "and"/"or", and which of the two join them."""
    parts: list[list[tuple[str, str]]] = [[]]
    joins: set[str] = set()
    depth = 0
    for kind, value in _unwrap(tokens):
        depth += {"OPEN_PAREN": 1, "FUNC_CALL": 1, "CLOSE_PAREN": -1}.get(kind, 0)
        if kind == "OPS_BOOL" and depth == 0:
            joins.add(value)
            parts.append([])
        else:
            parts[-1].append((kind, value))
    return [_unwrap(part) for part in parts], joins


def _literal(kind: str, value: str) -> str | None:
    if kind == "SYSTEM_LITERAL":
        return value[1:-1]
    return value if kind == "NUMBER" else None


def _reference(value: str) -> str:
    return value[2:-1]  # "${name}" -> "name"


def _atom(part: list[tuple[str, str]]) -> tuple[str, str, str | None] | None:
    """One comparison as (question name, operator, value), or None if it is not one we read."""
    kinds = [kind for kind, _value in part]
    values = [value for _kind, value in part]
    if kinds[:2] == ["PYXFORM_REF", "OPS_COMP"] and len(part) == 3:
        return _reference(values[0]), values[1], _literal(*part[2])
    if kinds[1:3] == ["OPS_COMP", "PYXFORM_REF"] and len(part) == 3:  # 5 < ${q}
        return _reference(values[2]), _FLIPPED[values[1]], _literal(*part[0])
    if kinds == ["FUNC_CALL", "PYXFORM_REF", "COMMA", kinds[3], "CLOSE_PAREN"]:
        if values[0] == "selected(":
            return _reference(values[1]), "selected", _literal(*part[3])
    if kinds == ["FUNC_CALL", "PYXFORM_REF", "CLOSE_PAREN", "OPS_COMP", "NUMBER"]:
        if values[0] in ("string-length(", "count-selected(") and (
            (values[3], values[4]) in _ANSWERED_TESTS
        ):
            return _reference(values[1]), "answered", ""
    return None


def _as_number(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _rule_of(atom: tuple[str, str, str | None], target: Target) -> Rule | None:
    """The Boportal rule one comparison means for its question, if it means one exactly."""
    _name, operator, value = atom
    if value is None:
        return None
    if operator == "answered" or (operator == "!=" and value == ""):
        return (target.key, Operator.ANSWERED, "")
    if target.field_type in CHOICE and operator in ("=", "!=", "selected"):
        return _choice_rule(target, operator, value)
    if operator in ("=", "!=") and target.field_type not in MULTIPLE and value != "":
        return (target.key, Operator.EQUALS if operator == "=" else Operator.NOT_EQUALS, value)
    return _comparison_rule(target, operator, value)


def _choice_rule(target: Target, operator: str, value: str) -> Rule | None:
    code = target.codes.get(value)
    if code is None:
        return None
    if target.field_type in MULTIPLE and operator != "selected":
        return None  # "=" compares all the answers at once, not whether one is among them
    return (target.key, Operator.NOT_EQUALS if operator == "!=" else Operator.EQUALS, code)


def _comparison_rule(target: Target, operator: str, value: str) -> Rule | None:
    number = _as_number(value)
    if number is None or target.field_type not in NUMERIC:
        return None
    step = Decimal(1).scaleb(-target.decimal_places)  # the smallest difference an answer has
    comparisons = {
        ">": (Operator.GREATER, number),
        "<": (Operator.LESS, number),
        ">=": (Operator.GREATER, number - step),
        "<=": (Operator.LESS, number + step),
    }
    if operator not in comparisons:
        return None
    rule_operator, limit = comparisons[operator]
    return (target.key, rule_operator, _plain(limit))


def parse_relevant(expression: str, targets: dict[str, Target]) -> Rule | None:
    """The Boportal rule an XLSForm "relevant" means, if it means one exactly; else None.

    ``targets`` holds the earlier questions a rule may name, by XLSForm name.
    """
    parts, joins = _split(_tokens(expression))
    atoms = [_atom(part) for part in parts]
    if not atoms or None in atoms or "and" in joins:
        return None
    if any(atom[0] not in targets for atom in atoms):
        return None
    rules = [_rule_of(atom, targets[atom[0]]) for atom in atoms]
    if None in rules:
        return None
    if len(rules) == 1:
        return rules[0]
    return _one_of(rules)


def _one_of(rules: list[Rule | None]) -> Rule | None:
    """``a = x or a = y`` as "is one of x,y"; nothing else joined by "or" is a rule."""
    keys = {rule[0] for rule in rules if rule}
    if len(keys) != 1 or any(rule[1] != Operator.EQUALS for rule in rules if rule):
        return None
    return (keys.pop(), Operator.ONE_OF, ",".join(rule[2] for rule in rules if rule))


def _quoted(value: str) -> str | None:
    if "'" not in value:
        return f"'{value}'"
    return f'"{value}"' if '"' not in value else None


def _comparison(reference: str, target: Target, operator: str, value: str) -> str | None:
    number = _as_number(value)
    if target.field_type in MULTIPLE:
        if operator == Operator.EQUALS and _quoted(value):
            return f"selected({reference}, {_quoted(value)})"
        return None
    symbol = {Operator.EQUALS: "=", Operator.NOT_EQUALS: "!="}.get(operator)
    if symbol:
        literal = _plain(number) if target.field_type in NUMERIC and number is not None else None
        literal = literal or _quoted(value)
        return f"{reference} {symbol} {literal}" if literal else None
    symbol = {Operator.GREATER: ">", Operator.LESS: "<"}.get(operator)
    return f"{reference} {symbol} {_plain(number)}" if symbol and number is not None else None


def relevant_expression(name: str, target: Target, operator: str, value: str) -> str | None:
    """The XLSForm "relevant" of a Boportal rule on the question named ``name``, if one exists."""
    reference = f"${{{name}}}"
    if operator == Operator.ANSWERED:
        return f"{reference} != ''"
    if operator == Operator.ONE_OF:
        codes = [code.strip() for code in value.replace("\n", ",").split(",") if code.strip()]
        atoms = [_comparison(reference, target, Operator.EQUALS, code) for code in codes]
        if not atoms or any(atom is None for atom in atoms):
            return None
        return " or ".join(atom for atom in atoms if atom)
    return _comparison(reference, target, operator, value)


# Constraints


def _bound(atom: list[tuple[str, str]], kind: str, places: int) -> dict[str, Any] | None:
    """One ``. <op> <limit>`` as the Boportal attributes it sets, for numbers or dates."""
    if len(atom) >= 3 and atom[2][0] == "SELF_REF":
        atom = [atom[2], ("OPS_COMP", _FLIPPED.get(atom[1][1], "")), *atom[:1], *atom[3:]]
    if len(atom) < 3 or atom[0][0] != "SELF_REF" or atom[1][0] != "OPS_COMP":
        return None
    operator, limit = atom[1][1], atom[2:]
    if kind == "number" and len(limit) == 1 and limit[0][0] == "NUMBER":
        return _number_bound(operator, Decimal(limit[0][1]), places)
    if [token[0] for token in limit] == ["FUNC_CALL", "CLOSE_PAREN"]:
        return _day_bound(operator, limit[0][1], kind)
    return None


def _number_bound(operator: str, limit: Decimal, places: int) -> dict[str, Any] | None:
    step = Decimal(1).scaleb(-places)  # an answer has no more decimals than this
    bounds = {
        ">=": ("min_value", limit),
        ">": ("min_value", limit + step),
        "<=": ("max_value", limit),
        "<": ("max_value", limit - step),
    }
    if operator not in bounds:
        return None
    name, value = bounds[operator]
    return {name: _plain(value)}


def _day_bound(operator: str, function: str, kind: str) -> dict[str, Any] | None:
    if (kind, function) == ("datetime", "now(") and operator == "<=":
        return {"not_in_future": True}
    if (kind, function) != ("date", "today("):
        return None
    bounds = {
        "<=": {"not_in_future": True},
        "<": {"max_value": "-1"},
        ">=": {"min_value": "0"},
        ">": {"min_value": "1"},
    }
    return bounds.get(operator)


def parse_constraint(expression: str, kind: str, places: int = 0) -> dict[str, Any] | None:
    """The bounds an XLSForm "constraint" sets on a number, date or datetime, or None.

    ``kind`` is "number", "date" or "datetime"; ``places`` the decimals a number has,
    so that ``. > 0`` on a whole number is a minimum of 1.
    """
    parts, joins = _split(_tokens(expression))
    if "or" in joins:
        return None
    bounds: dict[str, Any] = {}
    for part in parts:
        bound = _bound(part, kind, places)
        if bound is None or set(bound) & set(bounds):
            return None
        bounds.update(bound)
    return bounds or None


def constraint_expression(data: dict[str, Any]) -> str:
    """The XLSForm "constraint" of a Boportal number's bounds, or a date not in the future."""
    parts = []
    if data["field_type"] == "number":
        if data.get("min_value") is not None:
            parts.append(f". >= {_plain(Decimal(str(data['min_value'])))}")
        if data.get("max_value") is not None:
            parts.append(f". <= {_plain(Decimal(str(data['max_value'])))}")
    elif data.get("not_in_future"):
        parts.append(". <= today()" if data["field_type"] == "date" else ". <= now()")
    return " and ".join(parts)
