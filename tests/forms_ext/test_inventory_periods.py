"""Reporting periods: keys and bounds of each frequency, daylight saving, ISO week 53."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from forms_ext.inventories import bounds, period_for, recent_periods
from forms_ext.models import Frequency, ReportingPeriod

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC


def schedule(frequency=Frequency.DAILY, opens="00:00", due="10:00", closes="23:59", week=None):
    return SimpleNamespace(
        frequency=frequency,
        opens_at=datetime.time.fromisoformat(opens),
        due_at=datetime.time.fromisoformat(due),
        closes_at=datetime.time.fromisoformat(closes),
        week_number=week,
        translation_key="5f0b1c2e-0000-4000-8000-000000000001",
    )


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def test_a_day_opens_at_midnight_and_closes_at_the_next_in_local_time():
    found = bounds(schedule(), datetime.date(2026, 11, 23))
    assert found.key == "2026-11-23"
    assert found.starts_at == utc(2026, 11, 22, 23, 0)  # 00:00 CET
    assert found.due_at == utc(2026, 11, 23, 9, 0)  # 10:00 CET
    assert found.closes_at == utc(2026, 11, 23, 23, 0)  # the end of 23:59 CET
    assert found.closes_at - found.starts_at == datetime.timedelta(hours=24)


def test_the_day_clocks_spring_forward_lasts_23_hours():
    found = bounds(schedule(), datetime.date(2026, 3, 29))
    assert found.closes_at - found.starts_at == datetime.timedelta(hours=23)
    assert found.due_at == utc(2026, 3, 29, 8, 0)  # 10:00 CEST


def test_the_day_clocks_fall_back_lasts_25_hours():
    found = bounds(schedule(), datetime.date(2026, 10, 25))
    assert found.closes_at - found.starts_at == datetime.timedelta(hours=25)
    assert found.due_at == utc(2026, 10, 25, 9, 0)  # 10:00 CET


def test_a_local_time_that_does_not_exist_moves_forward_and_a_doubled_one_is_the_first():
    spring = bounds(schedule(opens="02:30"), datetime.date(2026, 3, 29))
    assert spring.starts_at.astimezone(OSLO).strftime("%H:%M %Z") == "03:30 CEST"
    autumn = bounds(schedule(opens="02:30"), datetime.date(2026, 10, 25))
    assert autumn.starts_at == utc(2026, 10, 25, 0, 30)  # 02:30 CEST, the first of the two


def test_a_week_runs_monday_to_sunday_and_is_keyed_by_the_iso_year():
    found = bounds(schedule(Frequency.WEEKLY, due="12:00"), datetime.date(2027, 1, 1))
    assert found.key == "2026-W53"
    assert (found.first_day, found.last_day) == (
        datetime.date(2026, 12, 28),
        datetime.date(2027, 1, 3),
    )
    assert found.due_at == utc(2027, 1, 3, 11, 0)  # Sunday 12:00 CET
    assert bounds(schedule(Frequency.WEEKLY), datetime.date(2026, 11, 23)).key == "2026-W48"


def test_a_month():
    found = bounds(schedule(Frequency.MONTHLY), datetime.date(2026, 2, 14))
    assert found.key == "2026-02"
    assert (found.first_day, found.last_day) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
    )


def test_one_fixed_week_a_year_and_week_53_in_a_year_of_52():
    found = bounds(schedule(Frequency.YEARLY_WEEK, week=15), datetime.date(2026, 1, 10))
    assert found.key == "2026-W15"
    assert found.first_day == datetime.date(2026, 4, 6)
    assert bounds(schedule(Frequency.YEARLY_WEEK, week=53), datetime.date(2026, 6, 1)).key == (
        "2026-W53"
    )
    last = bounds(schedule(Frequency.YEARLY_WEEK, week=53), datetime.date(2027, 6, 1))
    assert last.key == "2027-W52"
    assert (last.first_day, last.last_day) == (
        datetime.date(2027, 12, 27),
        datetime.date(2028, 1, 2),
    )


@override_settings(FORMS_EXT_TIME_ZONE="Europe/Stockholm")
def test_the_time_zone_is_a_setting():
    assert bounds(schedule(), datetime.date(2026, 7, 1)).starts_at == utc(2026, 6, 30, 22, 0)


@pytest.mark.django_db
def test_period_for_creates_the_row_once_and_knows_whether_it_is_open():
    inventory = schedule(opens="06:00")
    early = utc(2026, 11, 23, 4, 0)  # 05:00 in Oslo
    period = period_for(inventory, early)
    assert period.key == "2026-11-23"
    assert period.state(early) == "upcoming"
    assert period.state(utc(2026, 11, 23, 12, 0)) == "open"
    assert period.state(utc(2026, 11, 23, 23, 0)) == "closed"
    assert period_for(inventory, utc(2026, 11, 23, 20, 0)).pk == period.pk
    assert ReportingPeriod.objects.filter(inventory_key=inventory.translation_key).count() == 1


@pytest.mark.django_db
def test_recent_periods_are_newest_first_and_created_in_bulk(django_assert_max_num_queries):
    inventory = schedule()
    period_for(inventory, utc(2026, 11, 21, 12, 0))
    with django_assert_max_num_queries(3):
        periods = recent_periods(inventory, 5, utc(2026, 11, 23, 12, 0))
    assert [p.key for p in periods] == [f"2026-11-{day}" for day in (23, 22, 21, 20, 19)]
    yearly = schedule(Frequency.YEARLY_WEEK, week=48)
    yearly.translation_key = "5f0b1c2e-0000-4000-8000-000000000002"
    keys = [p.key for p in recent_periods(yearly, 3, utc(2026, 11, 23, 12, 0))]
    assert keys == ["2026-W48", "2025-W48", "2024-W48"]
