"""Exports of an inventory: its current list and its history, through ``forms_ext.exports``.

Both are the inventory's submissions written by the survey export's formats and
columns, with a "period" column (the period's key, 2026-11-23) after the fixed
ones; the current list adds "stale" (yes when the report is from a period before
the current one). The rows are read as the survey export reads them, one chunked
query of tuples, with the report's period joined in: memory stays flat.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from operator import attrgetter
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from ..exports import export_columns, export_formats
from ..exports.columns import ROW_FIELDS, Column, _unique_keys, fixed_columns
from ..exports.resources import CHUNK_SIZE


class InventoryExportRow(NamedTuple):
    """An ``ExportRow`` with the report's period: what the inventory's columns read."""

    id: int
    submit_time: datetime.datetime
    version: int | None
    unit_code: str | None
    unit_name: str | None
    language: str
    form_data: dict[str, Any]
    period: str | None
    period_starts_at: datetime.datetime | None


ROW_FIELDS_WITH_PERIOD = (
    *ROW_FIELDS,
    "inventory_report__period__key",
    "inventory_report__period_starts_at",
)


def inventory_rows(queryset: QuerySet) -> Iterator[InventoryExportRow]:
    """The submissions of ``queryset`` with their periods, oldest first, in chunks."""
    rows = (
        queryset.order_by("pk").values_list(*ROW_FIELDS_WITH_PERIOD).iterator(chunk_size=CHUNK_SIZE)
    )
    return map(InventoryExportRow._make, rows)


def _stale_getter(current_starts_at: datetime.datetime):
    def stale(row: InventoryExportRow) -> str | None:
        if row.period_starts_at is None:
            return None
        return "yes" if row.period_starts_at < current_starts_at else "no"

    return stale


def inventory_columns(
    survey_key: Any, current_starts_at: datetime.datetime | None = None
) -> list[Column]:
    """The survey export's columns with "period" (and "stale", given the current period's
    start) after the fixed columns."""
    columns = export_columns(survey_key)
    extra = [Column("period", _("Period"), attrgetter("period"))]
    if current_starts_at is not None:
        extra.append(Column("stale", _("Stale"), _stale_getter(current_starts_at)))
    split = len(fixed_columns())
    return _unique_keys([*columns[:split], *extra, *columns[split:]])


def inventory_export_response(
    fmt: str, queryset: QuerySet, columns: list[Column], filename: str
) -> HttpResponseBase:
    """A download of the submissions in ``queryset`` (with their periods) as ``fmt``."""
    export_format = export_formats.get(fmt)
    resource = export_format.resource(columns)
    response = export_format.response(resource, inventory_rows(queryset), filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
