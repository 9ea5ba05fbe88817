"""A small vacancy inventory with hand-countable reports, for the dashboard and API tests.

Reports (vacant beds, kind of place) on 21 to 23 November 2026, Oslo time:

| unit (district)              | 21         | 22         | 23          |
| nattherberget-nord (Nord)    | 3 shelter  | 4 shelter  | 1 shelter   |
| nav-nord (Nord)              | 2 flat     | –          | 5 room      |
| familiehuset-sor (Sør)       | 7 flat     | 6 flat     | 8 flat      |
| sentrum-hospits (Sentrum)    | –          | –          | 10 shelter  |
"""

import datetime
from decimal import Decimal

from forms_ext.inventories import submit_report
from tests.utils import home_page, make_inventory, unit, user

UTC = datetime.UTC
QUESTIONS = [
    {"label": "Vacant beds", "field_type": "number"},
    {
        "label": "Kind of place",
        "field_type": "radio",
        "choices": "shelter | Shelter bed\nroom | Room\nflat | Flat",
    },
    {"label": "Note", "field_type": "singleline", "required": False},
]
REPORTS = {
    21: [
        ("nattherberget-nord", 3, "shelter"),
        ("nav-nord", 2, "flat"),
        ("familiehuset-sor", 7, "flat"),
    ],
    22: [("nattherberget-nord", 4, "shelter"), ("familiehuset-sor", 6, "flat")],
    23: [
        ("nattherberget-nord", 1, "shelter"),
        ("nav-nord", 5, "room"),
        ("familiehuset-sor", 8, "flat"),
        ("sentrum-hospits", 10, "shelter"),
    ],
}
FIRST, LAST = datetime.date(2026, 11, 21), datetime.date(2026, 11, 23)


def at(day, hour=9):
    """A moment on 2026-11-<day> at <hour> in Oslo (UTC+1 in November)."""
    return datetime.datetime(2026, 11, day, hour - 1, 0, tzinfo=UTC)


def vacancies(slug="vacancies"):
    codes = {code for day in REPORTS.values() for code, _b, _k in day}
    return make_inventory(
        QUESTIONS,
        slug=slug,
        parent=home_page("en"),
        expected_units=[unit(code) for code in sorted(codes)],
    )


def report(inventory, code, beds, kind, day):
    fields = list(inventory.get_form_fields())
    answers = {"vacant_beds": Decimal(beds), "kind_of_place": kind, "note": ""}
    return submit_report(inventory, unit(code), user("admin"), answers, fields, now=at(day))


def reported_vacancies(slug="vacancies"):
    inventory = vacancies(slug)
    for day, rows in REPORTS.items():
        for code, beds, kind in rows:
            report(inventory, code, beds, kind, day)
    return inventory
