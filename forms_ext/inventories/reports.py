"""Storing reports: one per unit and period, updated in place, every change kept.

:func:`submit_report` is the one way a report is written while its period is
open (the reporter's page, a demo, an import); :func:`record_correction` is how a
coordinator's correction of a report (``forms_ext.corrections``, after or before
closing) enters the report's history. The caller of :func:`submit_report`
checks that the user may report for the unit (:func:`reporting_units`).

An inventory's translations share its periods and reports (``translation_key``);
its schedule and expected units are those of the page in its original language
(:func:`source_of`).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..models import (
    Answer,
    Channel,
    InventoryPage,
    InventoryReport,
    OrganisationUnit,
    ReportChange,
    ReportingPeriod,
    SurveySubmission,
    UnitRole,
)
from ..permissions import units_for
from ..submissions import answer_rows, json_answers, store_submission
from ..versions import current_version
from . import totals
from .periods import period_for

#: The roles that may report for a unit (and that reminders go to).
REPORT_ROLES = (UnitRole.Role.REPORTER,)


class ReportRefused(Exception):
    """A report that cannot be stored now; ``reason`` is "upcoming", "closed" or "not_expected"."""

    MESSAGES = {
        "upcoming": _("This period is not open for reports yet."),
        "closed": _(
            "This period has closed, so the report can no longer be changed here. "
            "Ask your coordinator to correct it."
        ),
        "not_expected": _("This unit is not expected to report to this inventory."),
    }

    def __init__(self, reason: str, period: ReportingPeriod | None = None) -> None:
        self.reason = reason
        self.period = period
        super().__init__(str(self.MESSAGES[reason]))


def source_of(page: InventoryPage) -> InventoryPage:
    """The inventory in its original language (the first page of its translation key)."""
    first = (
        InventoryPage.objects.filter(translation_key=page.translation_key).order_by("pk").first()
    )
    return first or page


def expected_units(inventory: InventoryPage) -> QuerySet[OrganisationUnit]:
    """The units expected to report to ``inventory`` (in any of its languages)."""
    source = source_of(inventory)
    return OrganisationUnit.objects.filter(pk__in=[unit.pk for unit in source.expected_units.all()])


def reporting_units(user: Any, inventory: InventoryPage) -> QuerySet[OrganisationUnit]:
    """The expected units ``user`` may report for: a reporter role in the unit or above it."""
    return expected_units(inventory).filter(pk__in=units_for(user, REPORT_ROLES).values("pk"))


def report_for(unit: OrganisationUnit, period: ReportingPeriod) -> InventoryReport | None:
    """The unit's report of ``period``, if it has reported."""
    return (
        InventoryReport.objects.select_related("submission", "updated_by")
        .filter(period=period, unit=unit)
        .first()
    )


def previous_report(
    inventory: InventoryPage, unit: OrganisationUnit, period: ReportingPeriod
) -> InventoryReport | None:
    """The unit's most recent report of a period before ``period``."""
    return (
        InventoryReport.objects.select_related("submission", "period")
        .filter(
            inventory_key=inventory.translation_key,
            unit=unit,
            period_starts_at__lt=period.starts_at,
        )
        .order_by("-period_starts_at")
        .first()
    )


def carried_values(
    inventory: InventoryPage, unit: OrganisationUnit, period: ReportingPeriod
) -> dict[str, Any]:
    """The answers (``form_data`` shape) of the unit's most recent earlier report; {} if none."""
    previous = previous_report(inventory, unit, period)
    return dict(previous.submission.form_data) if previous else {}


def submit_report(
    inventory: InventoryPage,
    unit: OrganisationUnit,
    user: Any,
    answers: dict[str, Any],
    fields: list,
    *,
    unchanged: bool = False,
    now: datetime.datetime | None = None,
) -> tuple[InventoryReport, bool]:
    """Store ``unit``'s report of the period open at ``now``; return it and whether it is new.

    ``answers`` are typed values by question key (``SurveyStepForm.answers()``) of
    ``fields``. The first report creates a submission (channel "reporter"); later
    ones rewrite that submission's ``form_data`` and ``Answer`` rows in place. Each
    call appends a ``ReportChange``: "reported", "updated", or with ``unchanged``
    "confirmed_unchanged". Two first reports at once end in one report with two
    changes. Raises :class:`ReportRefused` outside the open period or for a unit
    not expected.
    """
    now = now or timezone.now()
    period = period_for(source_of(inventory), now)
    if period.state(now) != "open":
        raise ReportRefused(period.state(now), period)
    if not expected_units(inventory).filter(pk=unit.pk).exists():
        raise ReportRefused("not_expected", period)
    with transaction.atomic():
        report = _locked_report(period, unit)
        if report is None:
            before = carried_values(inventory, unit, period)
            report = _try_first_report(inventory, period, unit, user, answers, fields, now)
            if report is not None:
                _add_first_to_totals(report, unit, answers, fields)
                _append_change(report, user, now, _first_kind(unchanged), before, fields)
                return report, True
            # Another request stored the first report since we looked: update that one.
            report = _locked_report(period, unit)
        before = _update_report(inventory, report, user, answers, fields, now, unit)
        _append_change(report, user, now, _update_kind(unchanged), before, fields)
    return report, False


def _first_kind(unchanged: bool) -> str:
    return ReportChange.Kind.CONFIRMED_UNCHANGED if unchanged else ReportChange.Kind.REPORTED


def _update_kind(unchanged: bool) -> str:
    return ReportChange.Kind.CONFIRMED_UNCHANGED if unchanged else ReportChange.Kind.UPDATED


def _locked_report(period: ReportingPeriod, unit: OrganisationUnit) -> InventoryReport | None:
    return (
        InventoryReport.objects.select_for_update()
        .select_related("submission")
        .filter(period=period, unit=unit)
        .first()
    )


def _try_first_report(inventory, period, unit, user, answers, fields, now):
    """The new report with its submission, or None if the unit's report exists already."""
    try:
        with transaction.atomic():
            return _first_report(inventory, period, unit, user, answers, fields, now)
    except IntegrityError:
        return None


def _first_report(inventory, period, unit, user, answers, fields, now) -> InventoryReport:
    submission = store_submission(
        inventory,
        fields,
        answers,
        str(uuid.uuid4()),
        translation.get_language() or "",
        unit=unit,
        notify=False,
        channel=Channel.REPORTER,
        recorded_by=user,
    )
    # submit_time is set on creation (auto_now_add): the report's own moment replaces it.
    SurveySubmission.objects.filter(pk=submission.pk).update(submit_time=now)
    submission.submit_time = now
    return InventoryReport.objects.create(
        period=period,
        unit=unit,
        submission=submission,
        inventory_key=period.inventory_key,
        period_starts_at=period.starts_at,
        first_reported_at=now,
        updated_at=now,
        updated_by=user,
        late=now > period.due_at,
    )


def _add_first_to_totals(report: InventoryReport, unit, answers, fields) -> None:
    """Add a first report's figures (and one report) to the dashboards' summary."""
    tracked = totals.tracked_of(fields)
    figures = totals.answers_figures(answer_rows(report.submission, fields, answers), tracked)
    totals.apply([totals.change_of(report, figures, reports=1, unit=unit)])


def _update_report(inventory, report: InventoryReport, user, answers, fields, now, unit) -> dict:
    """Rewrite the report's answers in place, and the summary by the difference; return the
    answers as they were."""
    submission = report.submission
    before = dict(submission.form_data)
    tracked = totals.tracked_of(fields)
    old_figures = totals.stored_figures(submission, tracked)
    submission.form_data = json_answers(fields, answers)
    submission.version = current_version(inventory)
    submission.save(update_fields=["form_data", "version"])
    Answer.objects.filter(submission=submission).delete()
    rows = Answer.objects.bulk_create(answer_rows(submission, fields, answers))
    if submission.archived_at is None:
        new_figures = totals.answers_figures(rows, tracked)
        change = totals.difference(new_figures, old_figures)
        totals.apply([totals.change_of(report, change, unit=unit)])
    report.updated_at, report.updated_by = now, user
    report.save(update_fields=["updated_at", "updated_by"])
    return before


def changed_keys(old: dict[str, Any], new: dict[str, Any], fields: list = ()) -> list[str]:
    """The keys whose value differs, in the order of ``fields`` and then by name."""
    differ = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    ordered = [f.clean_name for f in fields if f.clean_name in differ]
    return ordered + sorted(differ - set(ordered))


def _append_change(report, user, now, kind: str, before: dict, fields) -> ReportChange:
    """A change of ``kind`` with the report's answers now, its keys compared with ``before``
    (for a first report: the unit's previous report)."""
    data = report.submission.form_data
    return ReportChange.objects.create(
        report=report,
        inventory_key=report.inventory_key,
        unit_id=report.unit_id,
        changed_at=now,
        changed_by=user,
        kind=kind,
        data=data,
        changed_keys=changed_keys(before, data, fields),
    )


def record_correction(
    submission: SurveySubmission, user: Any, changed: list[str], before: totals.Figures | None
) -> ReportChange | None:
    """Add a coordinator's correction of ``submission`` to its report's history, if it is a
    report (call inside the correction's transaction, after ``form_data`` and the answers
    are rewritten), and its difference to the dashboards' summary: ``before`` are the
    report's figures before the rewrite (:func:`.totals.report_figures`)."""
    report = (
        InventoryReport.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(submission=submission)
        .first()
    )
    if report is None:
        return None
    after = totals.stored_figures(submission, totals.tracked_for(report.inventory_key))
    change = totals.difference(after, before or totals.Figures())
    totals.apply([totals.change_of(report, change)])
    now = timezone.now()
    report.updated_at, report.updated_by = now, user
    report.save(update_fields=["updated_at", "updated_by"])
    return ReportChange.objects.create(
        report=report,
        inventory_key=report.inventory_key,
        unit_id=report.unit_id,
        changed_at=now,
        changed_by=user,
        kind=ReportChange.Kind.CORRECTED_BY_COORDINATOR,
        data=submission.form_data,
        changed_keys=list(changed),
    )
