"""Reporting periods: when a day, week, month or yearly week opens, is due and closes.

Times are the inventory's local times (``opens_at``, ``due_at``, ``closes_at``)
in ``FORMS_EXT_TIME_ZONE`` (Europe/Oslo by default), turned into aware UTC
datetimes with :mod:`zoneinfo`:

- a period opens at ``opens_at`` on its first day and takes reports until the
  *end of the minute* ``closes_at`` names on its last day (23:59 means until
  midnight), so that with the defaults one day follows the next without a gap
  and a daily period lasts 24 hours, 23 on the day clocks spring forward and
  25 on the day they fall back;
- a local time that does not exist (02:30 when clocks spring forward) is moved
  forward by the gap (03:30 summer time); a local time that occurs twice
  (02:30 when clocks fall back) is the first of the two (summer time). Both
  follow from Python's ``fold=0``.

Keys: ``2026-11-23`` (daily), ``2026-W48`` (weekly, ISO weeks from Monday, the
ISO year: 1 January 2027 is in ``2026-W53``), ``2026-11`` (monthly) and
``2026-W15`` for one fixed week a year (week 53 in a year of 52 weeks is week 52).

:func:`bounds` is pure; :func:`period_for` and :func:`recent_periods` create
the ``ReportingPeriod`` rows lazily and race-safely.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..conf import settings as app_settings
from ..models import Frequency, ReportingPeriod

UTC = datetime.UTC


@dataclass(frozen=True)
class Bounds:
    """The key, local days and aware UTC times of one period."""

    key: str
    first_day: datetime.date
    last_day: datetime.date
    starts_at: datetime.datetime
    due_at: datetime.datetime
    closes_at: datetime.datetime


def zone() -> ZoneInfo:
    """The time zone periods open and close in (``FORMS_EXT_TIME_ZONE``)."""
    return ZoneInfo(app_settings.TIME_ZONE)


def local_date(moment: datetime.datetime) -> datetime.date:
    """The date of ``moment`` in the inventories' time zone."""
    return moment.astimezone(zone()).date()


def at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The aware UTC moment of a local date and time (``fold=0``, see the module)."""
    wall = datetime.datetime.combine(day, time.replace(second=0, microsecond=0))
    return wall.replace(tzinfo=zone()).astimezone(UTC)


def weeks_in(iso_year: int) -> int:
    """52 or 53: 28 December is always in the ISO year's last week."""
    return datetime.date(iso_year, 12, 28).isocalendar().week


def _days(frequency: str, day: datetime.date, week_number: int | None):
    """(key, first day, last day) of the period of ``frequency`` that ``day`` belongs to."""
    iso = day.isocalendar()
    if frequency == Frequency.DAILY:
        return day.isoformat(), day, day
    if frequency == Frequency.WEEKLY:
        first = day - datetime.timedelta(days=iso.weekday - 1)
        return f"{iso.year}-W{iso.week:02d}", first, first + datetime.timedelta(days=6)
    if frequency == Frequency.MONTHLY:
        last = calendar.monthrange(day.year, day.month)[1]
        return f"{day.year}-{day.month:02d}", day.replace(day=1), day.replace(day=last)
    if frequency == Frequency.YEARLY_WEEK:
        week = min(max(week_number or 1, 1), weeks_in(iso.year))
        first = datetime.date.fromisocalendar(iso.year, week, 1)
        return f"{iso.year}-W{week:02d}", first, first + datetime.timedelta(days=6)
    raise ValueError(f"unknown frequency {frequency!r}")


def bounds(inventory: Any, day: datetime.date) -> Bounds:
    """The period of ``inventory`` that the local date ``day`` belongs to (no database).

    For one fixed week a year that is the week of ``day``'s ISO year, whether or
    not ``day`` is in it. ``inventory`` needs ``frequency``, ``opens_at``,
    ``due_at``, ``closes_at`` and ``week_number``.
    """
    key, first, last = _days(inventory.frequency, day, inventory.week_number)
    closing = datetime.datetime.combine(last, inventory.closes_at.replace(second=0, microsecond=0))
    closing += datetime.timedelta(minutes=1)
    closes_at = at(closing.date(), closing.time())
    return Bounds(
        key=key,
        first_day=first,
        last_day=last,
        starts_at=at(first, inventory.opens_at),
        due_at=min(at(last, inventory.due_at), closes_at),
        closes_at=closes_at,
    )


def _previous_day(inventory: Any, current: Bounds) -> datetime.date:
    """A local date in the period before ``current``."""
    if inventory.frequency == Frequency.YEARLY_WEEK:
        return datetime.date(int(current.key[:4]) - 1, 7, 1)
    return current.first_day - datetime.timedelta(days=1)


def period_for(inventory: Any, moment: datetime.datetime | None = None) -> ReportingPeriod:
    """The period that ``moment`` (default now) falls in by its local date, created if new.

    It may not be open yet (``opens_at`` later that day) or be closed already:
    ask ``period.state(moment)``. Two requests creating it at once get the same row.
    """
    moment = moment or timezone.now()
    found = bounds(inventory, local_date(moment))
    fields = asdict(found)
    key = fields.pop("key")
    period, _created = ReportingPeriod.objects.get_or_create(
        inventory_key=inventory.translation_key, key=key, defaults=fields
    )
    return period


def recent_periods(
    inventory: Any, count: int, now: datetime.datetime | None = None
) -> list[ReportingPeriod]:
    """The period of ``now`` and the ``count - 1`` before it, newest first (created if new).

    Three queries whatever ``count``: the missing rows are inserted in bulk.
    """
    now = now or timezone.now()
    wanted = [bounds(inventory, local_date(now))]
    while len(wanted) < count:
        wanted.append(bounds(inventory, _previous_day(inventory, wanted[-1])))
    key = inventory.translation_key
    periods = ReportingPeriod.objects.filter(inventory_key=key, key__in=[b.key for b in wanted])
    existing = set(periods.values_list("key", flat=True))
    missing = [
        ReportingPeriod(inventory_key=key, **asdict(found))
        for found in wanted
        if found.key not in existing
    ]
    if missing:
        ReportingPeriod.objects.bulk_create(missing, ignore_conflicts=True)
    return list(periods.order_by("-starts_at"))


def period_label(period: ReportingPeriod, today: datetime.date | None = None) -> str:
    """How a reporter names the period: "Today, Monday 23 November", "Week 48", "November 2026"."""
    day = period.first_day
    if period.first_day == period.last_day:
        date = _("%(weekday)s %(date)s") % {
            "weekday": date_format(day, "l"),
            "date": date_format(day, "MONTH_DAY_FORMAT"),
        }
        return _("Today, %(date)s") % {"date": date} if day == today else date
    if "-W" in period.key:
        return _("Week %(number)s, %(year)s") % {
            "number": int(period.key[-2:]),
            "year": period.key[:4],
        }
    return date_format(day, "YEAR_MONTH_FORMAT")
