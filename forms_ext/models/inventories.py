"""Inventories: surveys that units answer again every period (Bolistan's daily vacancies).

An :class:`InventoryPage` is a survey with a schedule and the units expected to
report. Each (period, unit) has at most one :class:`InventoryReport`, whose
submission holds the current values and is updated in place while the period is
open; every change is kept as a :class:`ReportChange` with a full snapshot, so
that the list "as of" any moment can be rebuilt. Periods (:class:`ReportingPeriod`)
are created lazily by :func:`forms_ext.inventories.periods.period_for`.

Rows carry the inventory's ``translation_key`` (``inventory_key``), like
``SurveySubmission.survey_key``: every language of an inventory shares its periods
and reports, and they outlive the page.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, TabbedInterface
from wagtail.contrib.forms.models import AbstractForm
from wagtail.url_routing import RouteResult

from .surveys import Audience, SurveyPage


class Frequency(models.TextChoices):
    """How often an inventory asks each unit for a report."""

    DAILY = "daily", _("every day")
    WEEKLY = "weekly", _("every week (Monday to Sunday)")
    MONTHLY = "monthly", _("every month")
    YEARLY_WEEK = "yearly_week", _("one fixed week a year")


class ListAudience(models.TextChoices):
    """Who may read an inventory's current list (``<inventory>/current/``)."""

    STAFF = "staff", _("staff with a role in an expected unit")
    PUBLIC = "public", _("anyone")


class InventoryPage(SurveyPage):
    """A recurring report (vacancies, a yearly count) that the expected units fill in each period.

    Its questions, versions, answers, exports and corrections are those of a survey;
    the audience is always the reporters of the expected units.
    """

    frequency = models.CharField(
        _("how often"), max_length=12, choices=Frequency.choices, default=Frequency.DAILY
    )
    opens_at = models.TimeField(
        _("opens at"),
        default=datetime.time(0, 0),
        help_text=_("Local time on the first day of each period."),
    )
    closes_at = models.TimeField(
        _("closes at"),
        default=datetime.time(23, 59),
        help_text=_(
            "Local time on the last day of each period; reports are taken until the end "
            "of this minute (23:59 means until midnight)."
        ),
    )
    due_at = models.TimeField(
        _("expected by"),
        default=datetime.time(10, 0),
        help_text=_(
            "Local time on the last day by which a report is expected; "
            "a unit that reports later is marked late."
        ),
    )
    week_number = models.PositiveSmallIntegerField(
        _("week number"),
        null=True,
        blank=True,
        help_text=_(
            "For one fixed week a year: the ISO week (1–53). In a year of 52 weeks, "
            "53 means the last week."
        ),
    )
    remind_hours_before = models.PositiveSmallIntegerField(
        _("remind hours before"),
        null=True,
        blank=True,
        help_text=_(
            "E-mail the reporters of units that have not reported this many hours before "
            "the expected time. Leave empty for no reminders."
        ),
    )
    expected_units = ParentalManyToManyField(
        "forms_ext.OrganisationUnit",
        verbose_name=_("units expected to report"),
        blank=True,
        related_name="inventories",
    )
    list_audience = models.CharField(
        _("who may read the current list"),
        max_length=8,
        choices=ListAudience.choices,
        default=ListAudience.STAFF,
        help_text=_(
            "Staff see the units their roles reach; a public list shows every expected unit, "
            "updated by unit rather than by person."
        ),
    )

    schedule_panels = [
        FieldPanel("frequency"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("due_at")]),
        FieldRowPanel([FieldPanel("week_number"), FieldPanel("remind_hours_before")]),
        FieldPanel("expected_units"),
        FieldPanel("list_audience"),
    ]
    # No audience (always reporters), no interviews and no e-mail per answer: a daily
    # inventory of forty units would send forty e-mails a day.
    settings_panels = [*AbstractForm.settings_panels, FieldPanel("owner_unit")]
    edit_handler = TabbedInterface(
        [
            ObjectList(SurveyPage.content_panels, heading=_("Content")),
            ObjectList(schedule_panels, heading=_("Schedule")),
            ObjectList(SurveyPage.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings"), classname="settings"),
        ]
    )
    template = "forms_ext/inventory_page.html"

    class Meta:
        verbose_name = _("inventory")
        verbose_name_plural = _("inventories")

    def clean(self):
        super().clean()
        self.audience = Audience.REPORTERS
        errors = {}
        if self.frequency == Frequency.YEARLY_WEEK and not 1 <= (self.week_number or 0) <= 53:
            errors["week_number"] = _("Give the week of the year, 1 to 53.")
        one_day = self.frequency == Frequency.DAILY
        if one_day and self.closes_at and self.opens_at and self.closes_at < self.opens_at:
            errors["closes_at"] = _("A daily report must close after it opens.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.audience = Audience.REPORTERS
        self.notify_to = ""
        return super().save(*args, **kwargs)

    def route(self, request, path_components):
        # <inventory>/current/: the list of every unit's latest report (inventory_views).
        if path_components == ["current"] and self.live:
            return RouteResult(self, kwargs={"subpage": "current"})
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        """The reporter's page: this period's report of one of their units, see
        ``forms_ext.inventories.flow``."""
        from ..inventories.flow import InventoryFlow

        if kwargs.get("subpage") == "current":
            from ..inventory_views import current_list

            return current_list(request, self)
        return InventoryFlow(self, request).respond()


class ReportingPeriod(models.Model):
    """One day, week, month or yearly week of an inventory, with its times as aware datetimes.

    The times are computed when the period is first needed and then kept: a change of
    the schedule applies to periods not created yet.
    """

    inventory_key = models.UUIDField(_("inventory"))
    key = models.CharField(_("period"), max_length=10, help_text="2026-11-23, 2026-W48, 2026-11")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    starts_at = models.DateTimeField(_("opens"))
    due_at = models.DateTimeField(_("expected by"))
    closes_at = models.DateTimeField(_("closes"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["inventory_key", "key"], name="unique_inventory_period")
        ]
        indexes = [models.Index(fields=["inventory_key", "starts_at"], name="period_start_idx")]
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.key

    def is_open(self, moment: datetime.datetime) -> bool:
        return self.starts_at <= moment < self.closes_at

    def state(self, moment: datetime.datetime) -> str:
        """ "upcoming", "open" or "closed" at ``moment``."""
        if moment < self.starts_at:
            return "upcoming"
        return "open" if moment < self.closes_at else "closed"


class InventoryReport(models.Model):
    """A unit's one report for one period; its submission holds the current values."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("period")
    )
    unit = models.ForeignKey(
        "forms_ext.OrganisationUnit",
        on_delete=models.PROTECT,
        related_name="inventory_reports",
        verbose_name=_("unit"),
    )
    submission = models.OneToOneField(
        "forms_ext.SurveySubmission",
        on_delete=models.CASCADE,
        related_name="inventory_report",
        verbose_name=_("answers"),
    )
    # Copies of the period's, so that "latest report of each unit" reads one index.
    inventory_key = models.UUIDField(_("inventory"))
    period_starts_at = models.DateTimeField(_("period opens"))
    first_reported_at = models.DateTimeField(_("first reported"))
    updated_at = models.DateTimeField(_("last updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last updated by"),
    )
    late = models.BooleanField(_("late"), default=False, help_text=_("First reported after due."))

    class Meta:
        verbose_name = _("inventory report")
        verbose_name_plural = _("inventory reports")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="unique_report_per_period")
        ]
        indexes = [
            models.Index(
                fields=["inventory_key", "unit", "period_starts_at"], name="report_latest_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_id}"


class ReportChange(models.Model):
    """One change of a report, with the full answers after it (``form_data`` shape)."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("reported")
        UPDATED = "updated", _("updated")
        CONFIRMED_UNCHANGED = "confirmed_unchanged", _("confirmed no change")
        CORRECTED_BY_COORDINATOR = "corrected_by_coordinator", _("corrected by a coordinator")

    report = models.ForeignKey(
        InventoryReport, on_delete=models.CASCADE, related_name="changes", verbose_name=_("report")
    )
    inventory_key = models.UUIDField(_("inventory"))
    unit = models.ForeignKey(
        "forms_ext.OrganisationUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    kind = models.CharField(_("change"), max_length=24, choices=Kind.choices)
    data = models.JSONField(_("answers after the change"))
    changed_keys = models.JSONField(_("changed questions"), default=list)

    class Meta:
        verbose_name = _("change of a report")
        verbose_name_plural = _("changes of reports")
        indexes = [
            models.Index(fields=["inventory_key", "unit", "changed_at"], name="change_unit_idx"),
            models.Index(fields=["report", "changed_at"], name="change_report_idx"),
        ]
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.changed_at:%Y-%m-%d %H:%M}"


class ReminderSent(models.Model):
    """That a unit's reporters were reminded of a period: never twice."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "forms_ext.OrganisationUnit", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("reminder sent")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="unique_reminder_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_id}"


class LateDigestSent(models.Model):
    """That a coordinator got the day's digest of late units: once per local day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("late digest sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="unique_digest_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
