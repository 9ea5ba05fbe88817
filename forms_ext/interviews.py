"""Interviewer mode: phoning invited respondents and recording their answers in the admin.

For a survey with ``interviews`` on, coordinators and reporters of the units get
a worklist of the invitations with a phone number that are still open and not
refused, due call-backs first. They record each call attempt, and "Record the
answer" serves the survey's own steps (:class:`InterviewFlow`, the public flow
with an admin template and URL) and stores the answer as given by phone:
channel "interview", recorded by the interviewer, tied to the invitation, with
a "completed" call attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, OuterRef, Subquery, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput

from .flow import SurveyFlow
from .invitations import ANSWER_ROLES, Respondent, interview_invitations, open_invitations
from .models import CallAttempt, Channel, Invitation, SurveyDraft, SurveyPage, SurveySubmission
from .permissions import units_for


def worklist(invitations) -> Any:
    """The invitations still to call: with a phone, open, not refused; due call-backs first,
    then those not reached yet (fewest attempts first), then later call-backs."""
    last = CallAttempt.objects.filter(invitation=OuterRef("pk")).order_by("-at", "-pk")
    now = timezone.now()
    return (
        invitations.filter(open_invitations(now))
        .exclude(phone="")
        .exclude(calls__outcome=CallAttempt.Outcome.REFUSED)
        .select_related("unit")
        .annotate(
            attempts=Count("calls", distinct=True),
            last_at=Subquery(last.values("at")[:1]),
            last_outcome=Subquery(last.values("outcome")[:1]),
            last_call_back_at=Subquery(last.values("call_back_at")[:1]),
        )
        .annotate(
            due=Case(When(last_outcome=CallAttempt.Outcome.CALL_BACK, then=F("last_call_back_at")))
        )
        .annotate(
            priority=Case(
                When(due__lte=now, then=Value(0)),
                When(due=None, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("priority", "due", "attempts", F("last_at").asc(nulls_first=True), "name")
    )


class InterviewMixin:
    """Finds the survey (with interviews on) and, if the URL names one, the invitation; lets in
    only coordinators and reporters of the invitation's unit (or the survey's owner)."""

    header_icon = "mobile-alt"

    def dispatch(self, request, *args, **kwargs):
        self.survey = get_object_or_404(SurveyPage, pk=kwargs["page_id"], interviews=True)
        self.invitations = interview_invitations(request.user, self.survey)
        if "invitation_id" in kwargs:
            found = get_object_or_404(Invitation, page=self.survey, pk=kwargs["invitation_id"])
            self.invitation = self.invitations.select_related("unit").filter(pk=found.pk).first()
            if self.invitation is None:
                raise PermissionDenied
        elif not (self.may_call_for_owner() or self.invitations.exists()):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def may_call_for_owner(self) -> bool:
        """Superusers, and coordinators and reporters of the owner unit or a unit above it."""
        owner = self.survey.owner_unit_id
        units = units_for(self.request.user, ANSWER_ROLES)
        return self.request.user.is_superuser or units.filter(pk=owner).exists()

    def worklist_url(self) -> str:
        return reverse("forms_ext_interviews", args=[self.survey.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("forms_ext_invitation_surveys"), "label": _("Invitations and calls")},
            {"url": self.worklist_url(), "label": _("Calls: %(title)s") % {"title": self.survey}},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(survey=self.survey, **kwargs)


class WorklistView(InterviewMixin, WagtailAdminTemplateMixin, TemplateView):
    """The respondents still to call, due call-backs first."""

    template_name = "forms_ext/admin/interview_worklist.html"

    def get_page_title(self):
        return _("Calls: %(title)s") % {"title": self.survey}

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items()[:-2] + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        paginator = Paginator(worklist(self.invitations), 50)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        outcomes = dict(CallAttempt.Outcome.choices)
        for invitation in page_obj.object_list:
            invitation.last_outcome_label = outcomes.get(invitation.last_outcome, "")
        return super().get_context_data(page_obj=page_obj, now=timezone.now(), **kwargs)


class CallAttemptForm(forms.ModelForm):
    """One call that did not end in an answer: no answer, call back (when), or refused."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[
            (value, label)
            for value, label in CallAttempt.Outcome.choices
            if value != CallAttempt.Outcome.COMPLETED
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CallAttempt
        fields = ["outcome", "call_back_at", "note"]
        widgets = {"call_back_at": AdminDateTimeInput}

    def clean(self):
        cleaned = super().clean()
        wants_call_back = cleaned.get("outcome") == CallAttempt.Outcome.CALL_BACK
        if wants_call_back and not cleaned.get("call_back_at"):
            self.add_error("call_back_at", _("Say when to call back."))
        if not wants_call_back:
            cleaned["call_back_at"] = None
        return cleaned


class CallView(InterviewMixin, WagtailAdminTemplateMixin, TemplateView):
    """One respondent: earlier calls, a new call attempt, and the way to record the answer."""

    template_name = "forms_ext/admin/interview_call.html"

    def get_page_title(self):
        return str(self.invitation)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CallAttemptForm())
        return super().get_context_data(
            invitation=self.invitation,
            calls=self.invitation.calls.select_related("by").order_by("-at"),
            may_answer=self.invitation.is_open,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = CallAttemptForm(request.POST)
        if not self.invitation.is_open:
            messages.error(request, _("This invitation is no longer open."))
            return redirect(self.worklist_url())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.instance.invitation, form.instance.by = self.invitation, request.user
        form.save()
        messages.success(request, _("The call is recorded."))
        return redirect(self.worklist_url())


@dataclass
class InterviewFlow(SurveyFlow):
    """The survey's steps in the admin, answered by an interviewer for one invitation."""

    invitation: Invitation | None = None
    view: Any = None

    @property
    def base_url(self) -> str:
        return reverse("forms_ext_interview_answer", args=[self.page.pk, self.invitation.pk])

    def template_name(self) -> str:
        return "forms_ext/admin/interview_form.html"

    def base_context(self) -> dict[str, Any]:
        return self.view.get_context_data(page=self.page, invitation=self.invitation)

    def admit(self, draft: SurveyDraft | None, secret: str) -> HttpResponse | None:
        if not self.invitation.is_open:
            messages.error(self.request, _("This invitation is no longer open."))
            return redirect(self.view.worklist_url())
        self.respondent = Respondent(
            channel=Channel.INTERVIEW,
            user=self.request.user,
            invitation=self.invitation,
            language=self.invitation.language or self.page.locale.language_code,
        )
        if draft is not None and not self.respondent.owns(draft.data):
            raise PermissionDenied
        return None

    def receipt(self, token: str) -> HttpResponse:
        return redirect(self.view.worklist_url())

    def finished(self, submission: SurveySubmission, created: bool) -> HttpResponse:
        if created:
            CallAttempt.objects.create(
                invitation=self.invitation,
                outcome=CallAttempt.Outcome.COMPLETED,
                by=self.request.user,
            )
            messages.success(self.request, _("The answer is recorded."))
        else:
            messages.info(self.request, _("This respondent's answer was already recorded."))
        return redirect(self.view.worklist_url())


class InterviewAnswerView(InterviewMixin, WagtailAdminTemplateMixin, TemplateView):
    """The survey's form in the admin, filled in by the interviewer during the call."""

    def get_page_title(self):
        return _("Answer of %(name)s") % {"name": self.invitation}

    @cached_property
    def flow(self) -> InterviewFlow:
        return InterviewFlow(self.survey, self.request, invitation=self.invitation, view=self)

    def get(self, request, *args, **kwargs):
        return self.flow.respond()

    def post(self, request, *args, **kwargs):
        return self.flow.respond()


urlpatterns = [
    path("", WorklistView.as_view(), name="forms_ext_interviews"),
    path("<int:invitation_id>/", CallView.as_view(), name="forms_ext_interview_call"),
    path(
        "<int:invitation_id>/answer/",
        InterviewAnswerView.as_view(),
        name="forms_ext_interview_answer",
    ),
]
