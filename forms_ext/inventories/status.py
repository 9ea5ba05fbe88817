"""The status board: who has reported, per expected unit and period, rolled up the unit tree.

For the open period and the six before it, each unit's cell is one of
:class:`State` — reported on time, reported late, not yet (before the expected
time), late (past it, no report) or missing (closed without one) — with when and
by whom the report was last updated. Units are grouped under their district (the
unit at depth 2 above them) with "12 of 15 reported" per period.

The whole board is read with a fixed number of queries, whatever the number of
units and periods: the periods (created if new), the units, their districts, the
reports of those periods and the units' latest reports, each one query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import InventoryPage, InventoryReport, OrganisationUnit, ReportingPeriod
from .periods import local_date, period_label, recent_periods, zone
from .queries import latest_reports
from .reports import source_of

#: The open period and the six before it.
PERIODS_SHOWN = 7
#: Depth of the units the board rolls up to (municipality 1, district 2).
GROUP_DEPTH = 2


class State(models.TextChoices):
    """A unit's report of one period, in words (and an icon: never colour alone)."""

    REPORTED = "reported", _("Reported")
    REPORTED_LATE = "reported_late", _("Reported late")
    NOT_YET = "not_yet", _("Not yet")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")


#: Wagtail admin icons of the states.
ICONS = {
    State.REPORTED: "success",
    State.REPORTED_LATE: "time",
    State.NOT_YET: "radio-empty",
    State.LATE: "warning",
    State.MISSING: "cross",
}


def state_of(period: ReportingPeriod, report: Any, now: datetime.datetime) -> State:
    """The state of a unit's ``report`` (None if there is none) of ``period`` at ``now``."""
    if report is not None:
        return State.REPORTED_LATE if report.late else State.REPORTED
    if now < period.due_at:
        return State.NOT_YET
    return State.LATE if now < period.closes_at else State.MISSING


def units_in_state(period: ReportingPeriod, state: str, now: datetime.datetime) -> Q:
    """A condition on units: those whose report of ``period`` is in ``state`` at ``now``."""
    reports = InventoryReport.objects.filter(period=period, unit=OuterRef("pk"))
    if state == State.REPORTED:
        return Q(Exists(reports.filter(late=False)))
    if state == State.REPORTED_LATE:
        return Q(Exists(reports.filter(late=True)))
    if state_of(period, None, now) != state:
        return Q(pk__in=[])  # no unit without a report is in that state now
    return ~Q(Exists(reports))


@dataclass(frozen=True)
class CellReport:
    """What the board reads of one report: a row of one ``values_list`` query."""

    unit_id: int
    period_id: int
    late: bool
    updated_at: datetime.datetime
    by_username: str | None
    by_first_name: str | None
    by_last_name: str | None

    @property
    def updated_by(self) -> str:
        full = f"{self.by_first_name or ''} {self.by_last_name or ''}".strip()
        return full or self.by_username or ""


CELL_FIELDS = (
    "unit_id",
    "period_id",
    "late",
    "updated_at",
    "updated_by__username",
    "updated_by__first_name",
    "updated_by__last_name",
)


@dataclass
class Cell:
    state: State
    report: CellReport | None
    #: The local time of the report's last update ("09:12"), "" without a report.
    time: str = ""

    @property
    def label(self) -> str:
        return self.state.label

    @property
    def icon(self) -> str:
        return ICONS[self.state]

    @property
    def done(self) -> bool:
        return self.report is not None


@dataclass
class UnitRow:
    unit: OrganisationUnit
    cells: list[Cell]
    #: The unit's latest report of any period, None if it never reported.
    last_report: CellReport | None


@dataclass
class Group:
    """A district (or the unit itself, above that depth) and its units' rows."""

    unit: OrganisationUnit
    #: (reported, expected) per period, newest first, over every unit of the group.
    counts: list[tuple[int, int]]
    #: The rows of the group's units that are shown (a page of them).
    rows: list[UnitRow] = field(default_factory=list)


@dataclass
class StatusBoard:
    periods: list[ReportingPeriod]
    period_names: list[str]
    groups: list[Group]
    now: datetime.datetime

    def totals(self) -> list[tuple[int, int]]:
        """(reported, expected) per period over every group."""
        per_group = [group.counts for group in self.groups]
        return [
            (sum(c[0] for c in cells), sum(c[1] for c in cells))
            for cells in zip(*per_group, strict=True)
        ]


def group_path(unit: OrganisationUnit) -> str:
    """The path of the unit the board groups ``unit`` under."""
    return unit.path[: OrganisationUnit.steplen * min(unit.depth, GROUP_DEPTH)]


def _group_key(column: str) -> Substr:
    """``group_path`` in SQL: the first two steps of the materialised path."""
    return Substr(column, 1, OrganisationUnit.steplen * GROUP_DEPTH)


def _counts(path: str, periods, done, sizes) -> list[tuple[int, int]]:
    return [(done.get((path, period.pk), 0), sizes[path]) for period in periods]


def _groups(units: QuerySet, periods: list[ReportingPeriod]) -> dict[str, Group]:
    """Every group of ``units`` with its counts per period: two aggregate queries, whatever
    the number of units, and one for the groups' own units."""
    sizes = dict(
        units.order_by()
        .annotate(group=_group_key("path"))
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    reported = (
        InventoryReport.objects.filter(period__in=[p.pk for p in periods], unit__in=units)
        .order_by()
        .annotate(group=_group_key("unit__path"))
        .values("group", "period_id")
        .annotate(n=Count("pk"))
        .values_list("group", "period_id", "n")
    )
    done = {(group, period): n for group, period, n in reported}
    found = OrganisationUnit.objects.filter(path__in=list(sizes)).order_by("path")
    return {
        unit.path: Group(
            unit, [(done.get((unit.path, p.pk), 0), sizes[unit.path]) for p in periods]
        )
        for unit in found
    }


def _cells(reports_by_key, unit, periods, now, tz) -> list[Cell]:
    cells = []
    for period in periods:
        report = reports_by_key.get((unit.pk, period.pk))
        time = report.updated_at.astimezone(tz).strftime("%H:%M") if report else ""
        cells.append(Cell(state_of(period, report, now), report, time))
    return cells


def status_board(
    inventory: InventoryPage,
    units: QuerySet[OrganisationUnit],
    now: datetime.datetime | None = None,
    count: int = PERIODS_SHOWN,
    shown: Iterable[OrganisationUnit] | None = None,
) -> StatusBoard:
    """The board of ``inventory`` for ``units`` (those the reader may see) at ``now``.

    The roll-up counts every unit of ``units``; rows are built for ``shown`` only (a
    page of them; all by default), so the cost grows with the page, not the units.
    """
    now = now or timezone.now()
    source = source_of(inventory)
    periods = recent_periods(source, count, now)
    unit_list = list(units.order_by("path") if shown is None else shown)
    reports = InventoryReport.objects.filter(
        period__in=[p.pk for p in periods], unit__in=[u.pk for u in unit_list]
    ).values_list(*CELL_FIELDS)
    by_key = {(row[0], row[1]): CellReport(*row) for row in reports}
    # Tuples, not models: the board needs when and by whom, not the answers.
    latest_rows = latest_reports(source, unit_list).values_list(*CELL_FIELDS)
    latest = {row[0]: CellReport(*row) for row in latest_rows}
    groups = _groups(units, periods)
    tz = zone()
    for unit in unit_list:
        row = UnitRow(unit, _cells(by_key, unit, periods, now, tz), latest.get(unit.pk))
        groups[group_path(unit)].rows.append(row)
    today = local_date(now)
    names = [period_label(period, today) for period in periods]
    return StatusBoard(periods, names, list(groups.values()), now)
