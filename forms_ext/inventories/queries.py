"""Reading reports: the current state of every unit, and the state as of any moment.

The queries others build on (the current list, the status board, dashboards, the API):

- :func:`latest_reports` — for each unit, its report of the latest period it
  reported in (one ``InventoryReport`` per unit, the values in
  ``report.submission.form_data`` and the typed ``Answer`` rows). Whether it is
  stale is for the caller to judge from ``report.period_starts_at`` or
  ``report.period``.
- :func:`as_of` — the same list as it stood at a past moment: for each unit the
  report of the latest period it had reported in by then, in the values it had
  then, as the ``ReportChange`` holding them (``change.data``, ``change.report``).
  A coordinator's later correction of an older period does not make that
  period current again.

Both take ``units`` (a queryset or an iterable of units or primary keys; by
default the inventory's expected units) and find each unit's row with a
correlated subquery that reads one entry of an index per unit
(``report_latest_idx``, ``change_report_idx``): the cost grows with the number
of units, not with the number of reports kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from ..models import InventoryPage, InventoryReport, OrganisationUnit, ReportChange
from .reports import expected_units


def _units(inventory: InventoryPage, units: Any) -> QuerySet[OrganisationUnit]:
    if units is None:
        return expected_units(inventory)
    if isinstance(units, QuerySet):
        return units.order_by()
    return OrganisationUnit.objects.filter(pk__in=[getattr(u, "pk", u) for u in units])


def latest_reports(
    inventory: InventoryPage, units: QuerySet | Iterable | None = None
) -> QuerySet[InventoryReport]:
    """One report per unit that has reported: the report of its latest period."""
    latest = (
        InventoryReport.objects.filter(inventory_key=inventory.translation_key, unit=OuterRef("pk"))
        .order_by("-period_starts_at")
        .values("pk")[:1]
    )
    chosen = _units(inventory, units).annotate(report_id=Subquery(latest)).values("report_id")
    return InventoryReport.objects.filter(pk__in=chosen).select_related(
        "unit", "period", "submission", "updated_by"
    )


def as_of(
    inventory: InventoryPage,
    moment: datetime.datetime,
    units: QuerySet | Iterable | None = None,
) -> QuerySet[ReportChange]:
    """One change per unit: the values of its latest report as they stood at ``moment``.

    A report counts from its first change at or before ``moment``; since a period
    takes reports only while open, its ``period_starts_at`` is before that too,
    which lets the index skip the later periods.
    """
    report_then = (
        InventoryReport.objects.filter(
            inventory_key=inventory.translation_key,
            unit=OuterRef("pk"),
            period_starts_at__lte=moment,
            first_reported_at__lte=moment,
        )
        .order_by("-period_starts_at")
        .values("pk")[:1]
    )
    change_then = (
        ReportChange.objects.filter(report=OuterRef("report_id"), changed_at__lte=moment)
        .order_by("-changed_at", "-pk")
        .values("pk")[:1]
    )
    chosen = (
        _units(inventory, units)
        .annotate(report_id=Subquery(report_then))
        .annotate(change_id=Subquery(change_then))
        .values("change_id")
    )
    return ReportChange.objects.filter(pk__in=chosen).select_related(
        "unit", "report", "report__period", "changed_by"
    )
