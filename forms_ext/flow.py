"""The way through a survey: steps, rules, drafts, save and resume, exactly-once submit.

Every step is a POST that is redirected to a GET (post/redirect/get). What has
been typed is kept in a ``SurveyDraft`` under a random token that travels in
the form and in the private resume link, so the flow needs no cookie. The last
step validates every visible answer again, on the server, and stores the
submission under the same token with a unique constraint: a double click, a
replay or a second tab gets the receipt of the one submission.

Who may answer is checked on every request, step and receipt, following the
survey's audience (``forms_ext.invitations.AudienceMixin``); a draft remembers
who started it, so its resume link works for that respondent only.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from .conf import settings as app_settings
from .field_types.files import store_upload
from .invitations import SECRET_FIELD, UNIT_FIELD, AudienceMixin, Respondent
from .models import SurveyDraft, SurveySubmission
from .rules import visible_fields
from .submissions import store_submission

MULTI_VALUE_TYPES = {"checkboxes", "multiselect"}


def split_steps(fields: list) -> list[list]:
    """Split the fields at page breaks; a page break starts (and titles) its step."""
    steps: list[list] = [[]]
    for survey_field in fields:
        if survey_field.field_type == "pagebreak" and steps[-1]:
            steps.append([])
        steps[-1].append(survey_field)
    return steps


def raw_answers(fields: list, data: dict[str, Any]) -> dict[str, Any]:
    """Map each question's key to what was typed, for the visibility rules."""
    return {survey_field.clean_name: data.get(survey_field.clean_name) for survey_field in fields}


class SurveyStepForm(forms.Form):
    """The questions of one step; the rules decide which are required and kept."""

    def __init__(self, *args: Any, step_fields: list, shown: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step_fields = step_fields
        self.shown = shown
        self.names: dict[str, list[str]] = {}
        for survey_field in step_fields:
            options = {
                "label": survey_field.label,
                "help_text": survey_field.help_text,
                "required": survey_field.required and survey_field.clean_name in shown,
                "initial": survey_field.default_value or None,
            }
            built = survey_field.kind.form_fields(survey_field, **options)
            self.fields.update(built)
            self.names[survey_field.clean_name] = list(built)

    def full_clean(self) -> None:
        """Validate, then point each invalid input at its error message for screen readers."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields and not isinstance(self.fields[name].widget, forms.RadioSelect):
                described = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for survey_field in self.step_fields:
            if survey_field.clean_name not in self.shown:
                for name in self.names[survey_field.clean_name]:
                    cleaned.pop(name, None)
                    self.errors.pop(name, None)
            elif survey_field.allow_other:
                self._require_other(survey_field, cleaned)
        return cleaned

    def _require_other(self, survey_field, cleaned: dict[str, Any]) -> None:
        value = cleaned.get(survey_field.clean_name)
        chose_other = value == "other" or (isinstance(value, list) and "other" in value)
        name = f"{survey_field.clean_name}__other"
        if chose_other and not (cleaned.get(name) or "").strip():
            self.add_error(name, _("Say what “other” is."))

    def answers(self) -> dict[str, Any]:
        """Each shown question's answer, typed, by its stable key."""
        return {
            survey_field.clean_name: survey_field.kind.value_from(survey_field, self.cleaned_data)
            for survey_field in self.step_fields
            if survey_field.kind.has_answer and survey_field.clean_name in self.shown
        }


@dataclass
class SurveyFlow(AudienceMixin):
    """Serve one request to a survey page."""

    page: Any
    request: HttpRequest
    fields: list = field(init=False)
    steps: list[list] = field(init=False)
    respondent: Respondent = field(init=False, default_factory=Respondent)

    def __post_init__(self) -> None:
        self.fields = list(self.page.get_form_fields())
        self.steps = split_steps(self.fields)

    # Entry point and what a subclass (the interviewer's admin form) overrides

    def respond(self) -> HttpResponse:
        response = self.dispatch()
        if self.respondent.is_private:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def dispatch(self) -> HttpResponse:
        if self.request.method == "POST":
            return self.post()
        receipt = self.request.GET.get("receipt")
        if receipt:
            return self.receipt(receipt)
        return self.get()

    @property
    def base_url(self) -> str:
        """Where the form posts and redirects to; override to serve the steps elsewhere."""
        return self.page.url

    def template_name(self) -> str:
        """The template of a step; override to render the steps inside another page."""
        return self.page.get_template(self.request)

    def base_context(self) -> dict[str, Any]:
        """The context a step's template starts from; override along with template_name."""
        return self.page.get_context(self.request)

    def finished(self, submission: SurveySubmission, created: bool) -> HttpResponse:
        """The response once the answer is stored (``created``) or found stored already."""
        return self.redirect(receipt=str(submission.token))

    # GET

    def get(self) -> HttpResponse:
        resume = self.request.GET.get("resume")
        draft = self.find_draft(resume)
        refused = self.admit(draft, self.request.GET.get("invitation", ""))
        if refused:
            return refused
        if draft is None:
            data = self.initial_data()
            return self.render(step=0, data=data, token=str(uuid.uuid4()), expired=bool(resume))
        return self.render(step=draft.step, data=draft.data, token=draft.token)

    # Steps

    def shown(self, data: dict[str, Any]) -> set[str]:
        return visible_fields(self.fields, raw_answers(self.fields, data))

    def step_is_shown(self, index: int, shown: set[str]) -> bool:
        first = self.steps[index][0]
        return first.field_type != "pagebreak" or first.clean_name in shown

    def possible_steps(self, data: dict[str, Any]) -> list[int]:
        """The steps that are or may yet be shown: a step whose rule names a question not
        answered yet counts, so that progress and the "Send" button do not jump ahead."""
        shown = self.shown(data)
        possible = []
        for index, step_fields in enumerate(self.steps):
            first = step_fields[0]
            undecided = first.rule_field and data.get(first.rule_field) in (None, "", [])
            if undecided or self.step_is_shown(index, shown):
                possible.append(index)
        return possible

    def next_step(self, index: int, data: dict[str, Any], direction: int = 1) -> int | None:
        shown = self.shown(data)
        index += direction
        while 0 <= index < len(self.steps):
            if self.step_is_shown(index, shown):
                return index
            index += direction
        return None

    def step_form(
        self, index: int, data: dict[str, Any] | None, bound: bool, files=None
    ) -> SurveyStepForm:
        fields = self.steps[index]
        shown = self.shown(data or {})
        if bound:
            # initial carries the names of files sent on an earlier visit to the step
            form = SurveyStepForm(data, files, step_fields=fields, shown=shown, initial=data)
        else:
            form = SurveyStepForm(step_fields=fields, shown=shown, initial=data or {})
        if index == 0 and len(self.respondent.units) > 1:
            form.fields[UNIT_FIELD] = forms.ChoiceField(
                label=_("The unit you answer for"),
                choices=[
                    ("", _("Choose a unit")),
                    *((unit.code, unit.name) for unit in self.respondent.units),
                ],
            )
        return form

    def prefill(self) -> dict[str, Any]:
        """Hidden fields take their value from the link: only their own keys are read."""
        return {
            f.clean_name: self.request.GET[f.clean_name][:255]
            for f in self.fields
            if f.field_type == "hidden" and f.clean_name in self.request.GET
        }

    def initial_data(self) -> dict[str, Any]:
        """A new form's values: hidden values from the link or the invitation, a chosen unit."""
        data = {**self.prefill(), **self.respondent.prefill(self.fields)}
        unit = self.request.GET.get("unit")
        if len(self.respondent.units) > 1 and unit in {u.code for u in self.respondent.units}:
            data[UNIT_FIELD] = unit
        return data

    def render(self, step: int, data: dict, token: str, form=None, **extra: Any) -> HttpResponse:
        step = min(step, len(self.steps) - 1)
        form = form or self.step_form(step, data, bound=False)
        shown_steps = self.possible_steps(data)
        context = self.base_context()
        context.update(
            form=form,
            items=self.items(form),
            step=step,
            step_number=shown_steps.index(step) + 1 if step in shown_steps else 1,
            step_count=len(shown_steps),
            is_first=step == shown_steps[0] if shown_steps else True,
            is_last=not shown_steps or step >= shown_steps[-1],
            token=token,
            action_url=self.base_url,
            resume_url=f"{self.base_url}?resume={token}",
            invitation_secret=self.respondent.secret,
            **extra,
        )
        status = 400 if form.is_bound and form.errors else 200
        return TemplateResponse(self.request, self.template_name(), context, status=status)

    def items(self, form: SurveyStepForm) -> list[dict[str, Any]]:
        items = [
            {
                "field": survey_field,
                "type": survey_field.field_type,
                "bound": [form[name] for name in form.names[survey_field.clean_name]],
            }
            for survey_field in form.step_fields
        ]
        if UNIT_FIELD in form.fields:
            question = SimpleNamespace(
                clean_name=UNIT_FIELD, label="", help_text="", required=True, unit="", rule_field=""
            )
            items.insert(0, {"field": question, "type": "dropdown", "bound": [form[UNIT_FIELD]]})
        return items

    def receipt(self, token: str) -> HttpResponse:
        submission = SurveySubmission.objects.filter(token=_as_uuid(token), page=self.page).first()
        if submission is None:
            return HttpResponseRedirect(self.base_url)
        refused = self.admit_receipt(submission)
        if refused:
            return refused
        return self.page.render_landing_page(self.request, submission)

    # POST

    def post(self) -> HttpResponse:
        token = self.request.POST.get("token", "")
        if _as_uuid(token) is None:
            return HttpResponseRedirect(self.base_url)
        if SurveySubmission.objects.filter(token=token).exists():
            return self.redirect(receipt=token)
        draft = self.find_draft(token)
        refused = self.admit(draft, self.request.POST.get(SECRET_FIELD, ""))
        if refused:
            return refused
        draft = draft or SurveyDraft(token=token, page=self.page)
        step = _as_int(self.request.POST.get("step"), draft.step)
        step = min(max(step, 0), len(self.steps) - 1)
        data = self.merge(draft.data, step)
        if "back" in self.request.POST:
            return self.save_and_go(draft, data, self.next_step(step, data, -1) or 0)
        if "save" in self.request.POST:
            # Saved as typed, without validation: an unfinished step can be saved too.
            return self.save_and_go(draft, data, step, saved=True)
        form = self.step_form(step, data, bound=True, files=self.request.FILES)
        if not form.is_valid():
            return self.render(step, data, token, form=form)
        self.keep_uploads(form, data)
        following = self.next_step(step, data)
        if following is not None:
            return self.save_and_go(draft, data, following)
        return self.submit(draft, data, token)

    def merge(self, data: dict[str, Any], step: int) -> dict[str, Any]:
        """The draft's answers with what this step's POST says, as typed."""
        merged = dict(data)
        form = self.step_form(step, {}, bound=False)
        for name, form_field in form.fields.items():
            if isinstance(form_field, forms.FileField):
                continue  # kept by keep_uploads once the step is valid
            if isinstance(form_field, forms.MultipleChoiceField):
                merged[name] = self.request.POST.getlist(name)
            else:
                merged[name] = self.request.POST.get(name, "")
        # the invitation's hidden values win over whatever the form sent back
        merged.update(self.respondent.prefill(self.fields))
        return merged

    def keep_uploads(self, form: SurveyStepForm, data: dict[str, Any]) -> None:
        """Move files sent with a valid step into private storage; the draft keeps their names."""
        for name, form_field in form.fields.items():
            value = form.cleaned_data.get(name)
            if isinstance(form_field, forms.FileField) and isinstance(value, UploadedFile):
                data[name] = store_upload(value, folder=str(self.page.pk))
            elif isinstance(form_field, forms.FileField):
                data[name] = value or ""

    def save_and_go(self, draft: SurveyDraft, data: dict, step: int, saved: bool = False):
        draft.data, draft.step = {**data, **self.respondent.binding()}, step
        draft.expires_at = timezone.now() + datetime.timedelta(days=app_settings.DRAFT_DAYS)
        # The same step sent twice at once: the other request saved the same answers.
        with contextlib.suppress(IntegrityError), transaction.atomic():
            draft.save()
        return self.redirect(resume=draft.token, saved="1" if saved else None)

    def submit(self, draft: SurveyDraft, data: dict, token: str) -> HttpResponse:
        answers, invalid_step = self.validate_all(data)
        if invalid_step is not None:
            return self.render(
                invalid_step, data, token, form=self.step_form(invalid_step, data, True)
            )
        language = self.respondent.language or translation.get_language() or ""
        submission = store_submission(
            self.page,
            self.fields,
            answers,
            token,
            language,
            draft,
            unit=self.respondent.unit_for(data),
            **self.respondent.submission_fields(),
        )
        if submission is not None:
            return self.finished(submission, created=True)
        return self.already_stored(token)

    def already_stored(self, token: str) -> HttpResponse:
        """The receipt of the answer stored by a replay, a second tab or the same invitation."""
        same = Q(token=token)
        if self.respondent.invitation is not None:
            same |= Q(invitation=self.respondent.invitation)
        submission = SurveySubmission.objects.filter(same).first()
        if submission is None:
            return HttpResponseRedirect(self.base_url)
        return self.finished(submission, created=False)

    def validate_all(self, data: dict) -> tuple[dict[str, Any], int | None]:
        """Every shown step validated again, on the server; the first failing step, if any."""
        shown = self.shown(data)
        answers: dict[str, Any] = {}
        for index in range(len(self.steps)):
            if not self.step_is_shown(index, shown):
                continue
            form = self.step_form(index, data, bound=True)
            if not form.is_valid():
                return {}, index
            answers.update(form.answers())
        return answers, None

    def find_draft(self, token: str | None) -> SurveyDraft | None:
        if not token:
            return None
        draft = SurveyDraft.objects.filter(token=token, page=self.page).first()
        return draft if draft and not draft.is_expired else None

    def redirect(self, **params: str | None) -> HttpResponseRedirect:
        query = "&".join(f"{key}={value}" for key, value in params.items() if value)
        return HttpResponseRedirect(f"{self.base_url}?{query}")


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
