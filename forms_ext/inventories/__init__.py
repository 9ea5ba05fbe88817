"""Inventories: recurring reports of the expected units, one per unit and period.

- :mod:`.periods`: when periods open, are due and close (time zones, DST), created lazily;
- :mod:`.reports`: storing a unit's report, updated in place, every change kept;
- :mod:`.queries`: the latest report of each unit, and the state as of a moment;
- :mod:`.reminders`: e-mails to units that have not reported and digests of late units;
- :mod:`.flow`: the reporter's page (imported by ``InventoryPage.serve`` only).
"""

from .periods import Bounds, bounds, local_date, period_for, period_label, recent_periods
from .queries import as_of, latest_reports
from .reports import (
    REPORT_ROLES,
    ReportRefused,
    carried_values,
    expected_units,
    previous_report,
    record_correction,
    report_for,
    reporting_units,
    source_of,
    submit_report,
)

__all__ = [
    "REPORT_ROLES",
    "Bounds",
    "ReportRefused",
    "as_of",
    "bounds",
    "carried_values",
    "expected_units",
    "latest_reports",
    "local_date",
    "period_for",
    "period_label",
    "previous_report",
    "recent_periods",
    "record_correction",
    "report_for",
    "reporting_units",
    "source_of",
    "submit_report",
]
