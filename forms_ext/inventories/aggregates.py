"""Totals and counts of an inventory's reports, computed by the database.

What the dashboards, the dashboard block and the JSON API show, for a range of
periods and a set of units (always the caller's scope: a user's units or an API
client's, never more):

- per period, the **sum of each number question** and the **count of each
  choice option** over the typed ``Answer`` rows of that period's reports;
- optionally **rolled up the unit tree**: grouped by each unit's ancestor at a
  chosen depth (1 the municipality, 2 its districts and sectors, ...), the prefix
  ``Substr(path, 1, steplen * depth)`` of the unit's materialised path;
- the number of units that reported in each period (and group);
- the same sums and counts over the **current state**: the latest report of
  each expected unit (:func:`.queries.latest_reports`).

**Reported values only.** A unit that did not report in a period adds nothing to
that period's totals: its last value is not carried forward, since nobody
confirmed it. Charts and tables say so, and show how many units reported.
Answers of archived submissions are left out.

The figures over periods come from the summary table
(:class:`~forms_ext.models.InventoryTotal`, kept by :mod:`.totals` when reports
are written): the rows of the scope's top units (or of the units at the roll-up
depth) for the range's periods, a few hundred rows and no join to the answers,
whatever the number of reports. One small query finds the scope's top units
(and the nodes of a roll-up), one reads the rows, one the current state, and one
names the groups: a handful of queries whatever the number of units or periods.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr

from ..models import (
    Answer,
    InventoryPage,
    InventoryReport,
    InventoryTotal,
    OrganisationUnit,
    ReportingPeriod,
)
from .queries import latest_reports
from .reports import expected_units

#: Field types whose answers are summed.
NUMBER_TYPES = ("number",)
#: Field types whose answers are counted per option.
CHOICE_TYPES = ("radio", "dropdown", "checkboxes", "multiselect", "yesno", "checkbox")
#: The group of every unit when nothing is rolled up.
ALL = ""


@dataclass(frozen=True)
class Question:
    """A question the aggregates cover: its stable key, label and, for choices, options."""

    key: str
    label: str
    kind: str  # "number" or "choice"
    options: tuple[tuple[str, str], ...] = ()


def option_list(survey_field: Any) -> tuple[tuple[str, str], ...]:
    """(code, label) of each option of a choice question, as its answers store them."""
    kind = survey_field.kind
    if hasattr(kind, "options"):
        return tuple((code, str(label)) for code, label in kind.options(survey_field))
    if survey_field.field_type == "yesno":
        from ..field_types.choices import YES_NO

        return tuple((code, str(label)) for code, label in YES_NO)
    from django.utils.translation import gettext

    return (("yes", gettext("Yes")), ("no", gettext("No")))


def questions_of(inventory: InventoryPage, keys: list[str] | None = None) -> list[Question]:
    """The number and choice questions of ``inventory`` (in its language), in form order,
    only those of ``keys`` when given."""
    found = []
    for survey_field in inventory.get_form_fields():
        if keys and survey_field.clean_name not in keys:
            continue
        if survey_field.field_type in NUMBER_TYPES:
            found.append(Question(survey_field.clean_name, survey_field.label, "number"))
        elif survey_field.field_type in CHOICE_TYPES:
            options = option_list(survey_field)
            found.append(Question(survey_field.clean_name, survey_field.label, "choice", options))
    return found


def periods_between(
    inventory: InventoryPage, first: datetime.date, last: datetime.date
) -> list[ReportingPeriod]:
    """The periods of ``inventory`` that overlap the local days ``first`` to ``last``, oldest
    first. Periods are created when first reported in, so a day nobody touched has none."""
    return list(
        ReportingPeriod.objects.filter(
            inventory_key=inventory.translation_key, first_day__lte=last, last_day__gte=first
        ).order_by("starts_at")
    )


def group_of(depth: int | None, prefix: str = "") -> Any:
    """The expression naming a report's group: its unit's ancestor path at ``depth``."""
    if not depth:
        return Value(ALL)
    return Substr(f"{prefix}unit__path", 1, OrganisationUnit.steplen * depth)


@dataclass
class Aggregates:
    """The sums, counts and reporting units of a range, keyed for lookups by the tables.

    ``sums[(period_id, group, key)]`` and ``counts[(period_id, group, key, code)]``;
    ``reporting[(period_id, group)]``; ``groups`` maps each group's path to its unit's
    name (``ALL`` when nothing is rolled up), in tree order.
    """

    periods: list[ReportingPeriod]
    questions: list[Question]
    depth: int | None
    sums: dict[tuple, Decimal] = field(default_factory=dict)
    counts: dict[tuple, int] = field(default_factory=dict)
    reporting: dict[tuple, int] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)

    def total(self, period_id: int, key: str, group: str | None = None) -> Decimal | None:
        """The sum of ``key`` in one period (over every group, or one); None if nobody reported."""
        if not self._reported(period_id, group):
            return None
        groups = self.groups if group is None else [group]
        return sum((self.sums.get((period_id, g, key), Decimal(0)) for g in groups), Decimal(0))

    def count(self, period_id: int, key: str, code: str, group: str | None = None) -> int | None:
        """How many reports chose ``code`` in one period; None if nobody reported."""
        if not self._reported(period_id, group):
            return None
        groups = self.groups if group is None else [group]
        return sum(self.counts.get((period_id, g, key, code), 0) for g in groups)

    def units_reporting(self, period_id: int, group: str | None = None) -> int:
        groups = self.groups if group is None else [group]
        return sum(self.reporting.get((period_id, g), 0) for g in groups)

    def _reported(self, period_id: int, group: str | None) -> bool:
        return self.units_reporting(period_id, group) > 0


def _answers(inventory: InventoryPage, questions: list[Question]) -> QuerySet[Answer]:
    return Answer.objects.filter(
        survey_key=inventory.translation_key,
        key__in=[q.key for q in questions],
        submission__archived_at=None,
    ).order_by()


def aggregate(
    inventory: InventoryPage,
    periods: list[ReportingPeriod],
    units: QuerySet[OrganisationUnit],
    questions: list[Question],
    depth: int | None = None,
) -> Aggregates:
    """Sums and counts of ``questions`` over the reports of ``units`` in ``periods``.

    Read from the summary (:class:`~forms_ext.models.InventoryTotal`) when ``units`` is
    whole subtrees, as every scope is (a user's or a client's units with all below
    them); otherwise from the answers, which gives the same figures more slowly.
    """
    result = Aggregates(periods=periods, questions=questions, depth=depth)
    period_ids = [p.pk for p in periods]
    if not period_ids:
        return result
    found = scope_units(units, depth)
    names: dict[str, str] = {}
    if found is None:
        _from_answers(result, inventory, period_ids, units)
    else:
        _from_totals(result, inventory, period_ids, found)
        names = {path: name for _pk, path, _depth, name, _top in found}
    result.groups = group_names({group for _p, group in result.reporting}, depth, names)
    return result


#: A unit of the scope as :func:`scope_units` gives it: (pk, path, depth, name, is_top).
ScopeUnit = tuple[int, str, int, str, bool]


def scope_units(units: QuerySet[OrganisationUnit], depth: int | None) -> list[ScopeUnit] | None:
    """The units of ``units`` whose parent is not in it (tops) and, for a roll-up, those
    at ``depth`` or above it; None when ``units`` is not whole subtrees (a unit below a
    top is left out). One small query."""
    units = units.order_by()
    outside = OrganisationUnit.objects.filter(path__startswith=OuterRef("path")).exclude(
        pk__in=units.values("pk")
    )
    chosen = Q(is_top=True) | Q(depth__lte=depth) if depth else Q(is_top=True)
    found = list(
        units.annotate(
            parent_path=Substr("path", 1, (F("depth") - 1) * OrganisationUnit.steplen),
            # IN, not NOT EXISTS: PostgreSQL hashes the scope's paths once rather than
            # joining every unit to every unit.
            is_top=Case(
                When(parent_path__in=units.values("path"), then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
            # Asked of the tops only (CASE), not of every unit of a roll-up.
            left_out=Case(When(is_top=True, then=Exists(outside)), default=Value(False)),
        )
        .filter(chosen)
        .values_list("pk", "path", "depth", "name", "is_top", "left_out")
    )
    if any(row[-1] for row in found):
        return None
    return [row[:-1] for row in found]


def summary_nodes(found: list[ScopeUnit], depth: int | None) -> dict[int, list]:
    """The nodes whose summary rows make the groups: node pk -> [(group, sign)].

    Without a roll-up, each top adds to the one group. Rolled up to ``depth``: a top
    below it adds to its ancestor's group at ``depth``; every other unit at ``depth`` is
    a group, and a unit above ``depth`` that reports itself is a group of its own
    reports: its rows minus its children's.
    """
    if not depth:
        return {pk: [(ALL, 1)] for pk, _path, _depth, _name, _top in found}
    size = OrganisationUnit.steplen * depth
    paths = {path for _pk, path, node_depth, _name, _top in found if node_depth <= depth}
    nodes = {}
    for pk, path, node_depth, _name, _top in found:
        if node_depth > depth:
            nodes[pk] = [(path[:size], 1)]
        else:
            parent = path[: -OrganisationUnit.steplen]
            nodes[pk] = [(path, 1), *([(parent, -1)] if parent in paths else [])]
    return nodes


def _from_totals(result: Aggregates, inventory, period_ids, found: list[ScopeUnit]) -> None:
    """Fill ``result`` from the summary rows of the scope's nodes."""
    nodes = summary_nodes(found, result.depth)
    kinds = {q.key: q.kind for q in result.questions}
    rows = InventoryTotal.objects.filter(
        inventory_key=inventory.translation_key,
        node_id__in=list(nodes),
        period_id__in=period_ids,
        key__in=[*kinds, ""],
    ).values_list("period_id", "node_id", "key", "code", "total", "reports")
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    counts: dict[tuple, int] = defaultdict(int)
    reporting: dict[tuple, int] = defaultdict(int)
    for period, node, key, code, total, reports in rows:
        for group, sign in nodes[node]:
            if not key:
                reporting[(period, group)] += sign * reports
            elif kinds[key] == "number" and not code:
                sums[(period, group, key)] += sign * total
            elif kinds[key] == "choice" and code:
                counts[(period, group, key, code)] += sign * int(total)
    result.sums, result.counts = dict(sums), dict(counts)
    result.reporting = {k: n for k, n in reporting.items() if n}


def _from_answers(result: Aggregates, inventory, period_ids, units) -> None:
    """The figures by a GROUP BY over the answers of the reports (a scope of odd units)."""
    depth, questions = result.depth, result.questions
    # The report's columns are filtered in the join itself: an ``IN (reports)`` subquery
    # made PostgreSQL read every report of the inventory.
    rows = (
        _answers(inventory, questions)
        .filter(
            submission__inventory_report__period_id__in=period_ids,
            submission__inventory_report__unit__in=units,
        )
        .values(
            "key",
            "code",
            period=F("submission__inventory_report__period_id"),
            group=group_of(depth, "submission__inventory_report__"),
        )
        .annotate(total=Sum("number"), answers=Count("pk"))
    )
    kinds = {q.key: q.kind for q in questions}
    for row in rows:
        if kinds.get(row["key"]) == "number":
            result.sums[(row["period"], row["group"], row["key"])] = row["total"] or Decimal(0)
        elif row["code"] is not None:
            result.counts[(row["period"], row["group"], row["key"], row["code"])] = row["answers"]
    reports = InventoryReport.objects.filter(
        period_id__in=period_ids, unit__in=units, submission__archived_at=None
    ).order_by()
    reporting = reports.values("period_id", group=group_of(depth)).annotate(
        units=Count("unit_id", distinct=True)
    )
    for row in reporting:
        result.reporting[(row["period_id"], row["group"])] = row["units"]


def group_names(
    paths: set[str], depth: int | None, known: dict[str, str] | None = None
) -> dict[str, str]:
    """Each group's path mapped to its unit's name, in tree order (one query, none when
    ``known`` names them all)."""
    if not depth:
        return {ALL: ""}
    known = known or {}
    if paths <= known.keys():
        return {path: known[path] for path in sorted(paths)}
    units = OrganisationUnit.objects.filter(path__in=paths).order_by("path")
    return {unit.path: unit.name for unit in units.only("path", "name")}


@dataclass
class Current:
    """Sums and counts over the latest report of each unit: ``sums[key]``,
    ``counts[(key, code)]``, and how many units the state is made of."""

    sums: dict[str, Decimal] = field(default_factory=dict)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    units: int = 0


def current_totals(
    inventory: InventoryPage, units: QuerySet[OrganisationUnit], questions: list[Question]
) -> Current:
    """The current state's sums and counts over the expected units among ``units``."""
    scope = expected_units(inventory).filter(pk__in=units.values("pk"))
    latest = latest_reports(inventory, scope).order_by().values("pk")
    result = Current()
    rows = (
        _answers(inventory, questions)
        .filter(submission__inventory_report__in=latest)
        .values("key", "code")
        .annotate(total=Sum("number"), answers=Count("pk"))
    )
    kinds = {q.key: q.kind for q in questions}
    for row in rows:
        if kinds.get(row["key"]) == "number":
            result.sums[row["key"]] = row["total"] or Decimal(0)
        elif row["code"] is not None:
            result.counts[(row["key"], row["code"])] = row["answers"]
    result.units = InventoryReport.objects.filter(pk__in=latest).count()
    return result
