"""The dashboard's tables: what a chart draws and the data table beside it both read.

:func:`dashboard_tables` turns :mod:`.aggregates` into one :class:`Table` per
question (and one of the current state per choice question); the SVG chart
(:mod:`.charts`), the HTML table and the JSON API all show the cells of the same
``Table``, so they cannot disagree.

**Small-count suppression** (:func:`suppress`, for public figures):

1. *Primary*: every cell, row total and column total with a value below
   ``FORMS_EXT_MIN_PUBLIC_COUNT`` (5 by default) is suppressed: shown as "fewer
   than 5" and not drawn as a number. Zero is below it too (it can single out
   as well as one can); a period without reports is "no reports", not a count.
2. *Secondary*: a total is suppressed when exactly one cell of its row (or
   column) is, since the total minus the other cells would give it back. With
   two or more suppressed cells in a line, their sum is known but neither cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ..conf import settings as app_settings
from .aggregates import (
    Aggregates,
    Current,
    Question,
    aggregate,
    current_totals,
    periods_between,
    questions_of,
)


@dataclass
class Cell:
    """A number in a table; None when no unit reported; ``suppressed`` hides a small one."""

    value: Decimal | int | None
    suppressed: bool = False

    @property
    def shown(self) -> Decimal | int | None:
        """The value a reader may see (None when suppressed or missing)."""
        return None if self.suppressed else self.value

    def text(self, minimum: int | None = None) -> str:
        if self.suppressed:
            return _("fewer than %(count)s") % {"count": minimum or min_count()}
        if self.value is None:
            return _("no reports")
        return number_format(_plain(self.value), force_grouping=True)

    def as_json(self) -> dict:
        return {"value": _json_number(self.shown), "suppressed": self.suppressed}


@dataclass
class Row:
    label: str
    cells: list[Cell]
    total: Cell | None = None
    key: str = ""


@dataclass
class Table:
    """A data table: rows of cells under ``columns``, optional row totals and a total row.

    ``chart`` says what its chart draws: "series" (each row's total, or its only
    cell, oldest first: a column chart over time) or "bars" (each row's first
    cell: a bar per row).
    """

    key: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    chart: str = "series"
    row_totals: bool = False
    column_totals: list[Cell] | None = None
    note: str = ""
    suppressed_below: int | None = None
    column_keys: list[str] = field(default_factory=list)

    def chart_points(self) -> list[tuple[str, Cell]]:
        """(label, cell) of each point the chart draws, in drawing order."""
        if self.chart == "bars":
            return [(row.label, row.cells[0]) for row in self.rows]
        points = [(row.label, row.total if row.total else row.cells[0]) for row in self.rows]
        return list(reversed(points))

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "caption": self.caption,
            "columns": self.column_keys or self.columns,
            "rows": [
                {
                    "key": row.key,
                    "label": row.label,
                    "cells": [cell.as_json() for cell in row.cells],
                    "total": row.total.as_json() if row.total else None,
                }
                for row in self.rows
            ],
            "column_totals": [c.as_json() for c in self.column_totals]
            if self.column_totals
            else None,
            "suppressed_below": self.suppressed_below,
        }


def min_count() -> int:
    return int(app_settings.MIN_PUBLIC_COUNT)


def _plain(value: Decimal | int) -> Decimal | int:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _json_number(value: Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    plain = _plain(value)
    return plain if isinstance(plain, int) else float(plain)


# Suppression


def _small(cell: Cell | None, minimum: int) -> None:
    if cell is not None and cell.value is not None and cell.value < minimum:
        cell.suppressed = True


def _one_hidden(cells: list[Cell]) -> bool:
    return sum(1 for cell in cells if cell.suppressed) == 1


def suppress(table: Table, minimum: int | None = None) -> Table:
    """Suppress small counts in ``table`` in place (see the module); return it."""
    minimum = min_count() if minimum is None else minimum
    table.suppressed_below = minimum
    for row in table.rows:
        for cell in [*row.cells, row.total]:
            _small(cell, minimum)
    for cell in table.column_totals or []:
        _small(cell, minimum)
    for row in table.rows:
        if row.total is not None and _one_hidden(row.cells):
            row.total.suppressed = True
    for index, total in enumerate(table.column_totals or []):
        if _one_hidden([row.cells[index] for row in table.rows]):
            total.suppressed = True
    return table


# Building the tables


def period_name(period) -> str:
    if period.first_day == period.last_day:
        return date_format(period.first_day, "SHORT_DATE_FORMAT")
    return period.key


def number_table(data: Aggregates, question: Question) -> Table:
    """Rows of periods (newest first); a column per group when rolled up, with row totals."""
    groups = list(data.groups)
    rolled = bool(data.depth)
    rows = []
    for period in reversed(data.periods):
        cells = [Cell(data.total(period.pk, question.key, group)) for group in groups]
        total = Cell(data.total(period.pk, question.key)) if rolled else None
        rows.append(Row(period_name(period), cells, total, key=period.key))
    columns = list(data.groups.values()) if rolled else [_("Total")]
    return Table(
        key=question.key,
        caption=_("%(question)s: total per period") % {"question": question.label},
        row_header=_("Period"),
        columns=columns,
        column_keys=groups if rolled else ["total"],
        rows=rows,
        row_totals=rolled,
        note=_("Reported values only: a unit that did not report adds nothing."),
    )


def choice_table(data: Aggregates, question: Question) -> Table:
    """Rows of periods (newest first), a column per option and the period's total."""
    rows = []
    for period in reversed(data.periods):
        cells = [Cell(data.count(period.pk, question.key, code)) for code, _l in question.options]
        known = [c.value for c in cells if c.value is not None]
        total = Cell(sum(known) if known else None)
        rows.append(Row(period_name(period), cells, total, key=period.key))
    return Table(
        key=question.key,
        caption=_("%(question)s: answers per period") % {"question": question.label},
        row_header=_("Period"),
        columns=[label for _c, label in question.options],
        column_keys=[code for code, _l in question.options],
        rows=rows,
        chart="none",
        row_totals=True,
        note=_("Reported values only: a unit that did not report adds nothing."),
    )


def current_choice_table(current: Current, question: Question) -> Table:
    """A row per option with its count in the current state, and the total."""
    rows = [
        Row(label, [Cell(current.counts.get((question.key, code), 0))], key=code)
        for code, label in question.options
    ]
    total = Cell(sum(row.cells[0].value for row in rows))
    return Table(
        key=question.key,
        caption=_("%(question)s: the latest report of each unit") % {"question": question.label},
        row_header=_("Answer"),
        columns=[_("Units")],
        column_keys=["count"],
        rows=rows,
        chart="bars",
        column_totals=[total],
        note=_("From the latest report of each of %(count)s units.") % {"count": current.units},
    )


def current_number_table(current: Current, questions: list[Question]) -> Table:
    """A row per number question with its total in the current state."""
    rows = [
        Row(q.label, [Cell(current.sums.get(q.key, Decimal(0)))], key=q.key)
        for q in questions
        if q.kind == "number"
    ]
    return Table(
        key="current",
        caption=_("Now: totals of the latest report of each unit"),
        row_header=_("Question"),
        columns=[_("Total")],
        column_keys=["total"],
        rows=rows,
        chart="none",
        note=_("From the latest report of each of %(count)s units.") % {"count": current.units},
    )


@dataclass
class Dashboard:
    """The tables of one dashboard: the current state, then each question's over time."""

    current: Table
    questions: list[tuple[Question, list[Table]]]

    def tables(self) -> list[Table]:
        return [self.current, *(t for _q, tables in self.questions for t in tables)]


def dashboard_tables(data: Aggregates, current: Current, public: bool = False) -> Dashboard:
    """Every table of a dashboard, suppressed for the public when ``public``."""
    per_question = []
    for question in data.questions:
        if question.kind == "number":
            tables = [number_table(data, question)]
        else:
            tables = [current_choice_table(current, question), choice_table(data, question)]
        per_question.append((question, tables))
    dashboard = Dashboard(current_number_table(current, data.questions), per_question)
    if public:
        for table in dashboard.tables():
            suppress(table)
    return dashboard


def build_dashboard(
    inventory,
    units,
    first,
    last,
    keys: list[str] | None = None,
    depth: int | None = None,
    public: bool = False,
) -> Dashboard:
    """The dashboard of ``inventory`` over the local days ``first`` to ``last`` for ``units``
    (the caller's scope), rolled up to ``depth``, suppressed when ``public``."""
    questions = questions_of(inventory, keys)
    data = aggregate(inventory, periods_between(inventory, first, last), units, questions, depth)
    return dashboard_tables(data, current_totals(inventory, units, questions), public)
