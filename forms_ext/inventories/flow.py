"""The reporter's page of an inventory: this period's report of one of their units.

One page, no steps (a page break only titles a section). A GET shows the open
period, the unit (with a chooser kept in ``?unit=<pk>`` when the reporter has
several), its status and the form, filled with this period's report or else
carried forward from the unit's previous report, with a one-click "No change".
A POST stores the report (:func:`.reports.submit_report`) and redirects back
(post/redirect/get); invalid input is shown again with an error summary, as in
a survey. The form names the period it was opened in: sent after that period
closed, it is refused rather than stored in the next one.

Who may report: logged-in users with a reporter role in an expected unit or a
unit above it; others get the survey's login redirect or refusal page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format

from ..corrections import initial_values, posted_values
from ..field_types.files import store_upload
from ..flow import SurveyStepForm, raw_answers
from ..invitations import AudienceMixin, Respondent, conf
from ..models import Channel, InventoryReport
from ..rules import visible_fields
from .periods import period_for, period_label, zone
from .reports import (
    ReportRefused,
    previous_report,
    report_for,
    reporting_units,
    source_of,
    submit_report,
)


def local_time(moment: datetime.datetime) -> str:
    return date_format(moment.astimezone(zone()), "TIME_FORMAT")


def local_day(day: datetime.date) -> str:
    return f"{date_format(day, 'l')} {date_format(day, 'MONTH_DAY_FORMAT')}"


@dataclass
class InventoryFlow(AudienceMixin):
    """Serve one request to an inventory page."""

    page: Any
    request: HttpRequest
    respondent: Respondent = field(init=False, default_factory=Respondent)

    def __post_init__(self) -> None:
        self.fields = list(self.page.get_form_fields())
        self.now = timezone.now()
        self.unit = None

    def respond(self) -> HttpResponse:
        if getattr(self.request, "is_preview", False):
            return self.render({"preview": True, "form_items": self.items(self.form())})
        response = self.admit_reporter(None) or self.choose_unit()
        if response is None:
            self.period = period_for(source_of(self.page), self.now)
            response = self.post() if self.request.method == "POST" else self.get()
        patch_cache_control(response, private=True, no_store=True)
        return response

    # Who reports for which unit

    def admit_reporter(self, draft=None) -> HttpResponse | None:
        """Reporters of the expected units only (a role above the unit counts)."""
        user = self.request.user
        if not user.is_authenticated:
            login_url = conf("LOGIN_URL", "wagtailadmin_login")
            return redirect_to_login(self.request.get_full_path(), resolve_url(login_url))
        units = list(reporting_units(user, self.page).order_by("path"))
        if not units:
            return self.refuse("no_role")
        self.respondent = Respondent(channel=Channel.REPORTER, user=user, units=units)
        return None

    def choose_unit(self) -> HttpResponse | None:
        units = self.respondent.units
        chosen = self.request.POST.get("unit") or self.request.GET.get("unit")
        if not chosen:
            self.unit = units[0]
            return None
        self.unit = next((unit for unit in units if str(unit.pk) == chosen), None)
        return None if self.unit is not None else self.refuse("no_role")

    # GET

    def get(self) -> HttpResponse:
        report = report_for(self.unit, self.period)
        previous = None if report else previous_report(self.page, self.unit, self.period)
        stored = report or previous
        initial = initial_values(self.fields, stored.submission.form_data) if stored else {}
        return self.show(self.form(initial=initial), report, previous)

    def show(self, form, report, previous, status: int = 200, refusal: str = "") -> HttpResponse:
        state = self.period.state(self.now)
        context = {
            "form": form,
            "form_items": self.items(form),
            "period": self.period,
            "period_name": period_label(self.period, self.now.astimezone(zone()).date()),
            "state": state,
            "opens": f"{local_day(self.period.first_day)} {local_time(self.period.starts_at)}",
            "closes": f"{local_day(self.period.last_day)} {self.page.closes_at:%H:%M}",
            "due": local_time(self.period.due_at),
            "is_late": self.now > self.period.due_at,
            "unit": self.unit,
            "units": self.unit_statuses(),
            "report": report,
            "reported_at": local_time(report.first_reported_at) if report else "",
            "updated_at": local_time(report.updated_at) if report else "",
            "previous": previous,
            "previous_day": local_day(previous.period.first_day) if previous else "",
            "saved": self.request.GET.get("saved") == "1",
            "refusal": refusal,
            "action_url": f"{self.page.url}?unit={self.unit.pk}",
        }
        return self.render(context, status)

    def unit_statuses(self) -> list[tuple[Any, bool]]:
        """Each of the reporter's units and whether it has reported in this period."""
        units = self.respondent.units
        if len(units) < 2:
            return []
        done = set(
            InventoryReport.objects.filter(period=self.period, unit__in=units).values_list(
                "unit_id", flat=True
            )
        )
        return [(unit, unit.pk in done) for unit in units]

    def render(self, extra: dict[str, Any], status: int = 200) -> TemplateResponse:
        context = self.page.get_context(self.request)
        context.update(extra)
        return TemplateResponse(
            self.request, self.page.get_template(self.request), context, status=status
        )

    # The form: every question on one page

    def form(self, data=None, files=None, initial=None) -> SurveyStepForm:
        typed = (initial or {}) if data is None else posted_values(self.fields, data)
        shown = visible_fields(self.fields, raw_answers(self.fields, typed))
        return SurveyStepForm(
            data, files, step_fields=self.fields, shown=shown, initial=initial or {}
        )

    def items(self, form: SurveyStepForm) -> list[dict[str, Any]]:
        return [
            {
                "field": question,
                "type": question.field_type,
                "bound": [form[name] for name in form.names[question.clean_name]],
            }
            for question in self.fields
        ]

    # POST

    def post(self) -> HttpResponse:
        report = report_for(self.unit, self.period)
        previous = None if report else previous_report(self.page, self.unit, self.period)
        if self.request.POST.get("period") != self.period.key:
            return self.refused(ReportRefused("closed"), report, previous)
        unchanged = "unchanged" in self.request.POST and previous is not None
        if unchanged:
            carried = initial_values(self.fields, previous.submission.form_data)
            form = self.form(data=_PostedValues(carried), initial=carried)
        else:
            form = self.form(data=self.request.POST, files=self.request.FILES)
        if not form.is_valid():
            return self.show(form, report, previous, status=400)
        answers = self.answers(form)
        try:
            submit_report(
                self.page, self.unit, self.request.user, answers, self.fields,
                unchanged=unchanged, now=self.now,
            )  # fmt: skip
        except ReportRefused as refusal:
            return self.refused(refusal, report, previous)
        return HttpResponseRedirect(f"{self.page.url}?unit={self.unit.pk}&saved=1")

    def refused(self, refusal: ReportRefused, report, previous) -> HttpResponse:
        """The refusal, above the form as the reporter filled it in: nothing typed is lost."""
        typed = self.form(data=self.request.POST)
        return self.show(typed, report, previous, status=409, refusal=str(refusal))

    def answers(self, form: SurveyStepForm) -> dict[str, Any]:
        """The valid form's answers, files sent with it moved to private storage."""
        for name, form_field in form.fields.items():
            value = form.cleaned_data.get(name)
            if isinstance(form_field, forms.FileField) and isinstance(value, UploadedFile):
                form.cleaned_data[name] = store_upload(value, folder=str(self.page.pk))
        return form.answers()


class _PostedValues(dict):
    """Initial values standing in for a POST: lists for fields that take several."""

    def getlist(self, key: str) -> list:
        value = self.get(key)
        return value if isinstance(value, list) else ([] if value is None else [value])
