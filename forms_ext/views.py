"""Admin views of forms_ext."""

from __future__ import annotations

import posixpath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.log_actions import log

from .field_types.files import upload_storage
from .models import Answer, SurveySubmission
from .permissions import CORRECT_ANSWERS, can_see, submissions_for
from .registry import field_types
from .versions import field_from_schema


class SurveySubmissionsListView(SubmissionsListView):
    """Wagtail's listing of a survey's submissions, narrowed to the units the user may see."""

    def get_base_queryset(self):
        visible = submissions_for(self.request.user).values("pk")
        return super().get_base_queryset().filter(pk__in=visible, archived_at=None)

    def get(self, request, *args, **kwargs):
        # Wagtail's own spreadsheet export neither streams nor neutralises formulas:
        # send its buttons to Boportal's export of the same survey instead.
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return redirect("forms_ext_export", page_id=self.form_page.pk, fmt=export)
        return super().get(request, *args, **kwargs)


def download_upload(request: HttpRequest, submission_id: int, key: str) -> FileResponse:
    """Send a file uploaded with a submission to a user allowed to see the survey's answers."""
    submission = get_object_or_404(SurveySubmission, pk=submission_id)
    if not can_see(request.user, submission):
        raise PermissionDenied
    answer = Answer.objects.filter(submission=submission, key=key).exclude(text=None).first()
    storage = upload_storage()
    if answer is None or not storage.exists(answer.text):
        raise Http404("No such file")
    response = FileResponse(
        storage.open(answer.text, "rb"),
        as_attachment=True,
        filename=posixpath.basename(answer.text),
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class SubmissionDetailView(WagtailAdminTemplateMixin, TemplateView):
    """One submission with the labels of the version it answered; archive and restore."""

    template_name = "forms_ext/admin/submission_detail.html"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        self.submission = get_object_or_404(SurveySubmission, pk=kwargs["submission_id"])
        if not can_see(request.user, self.submission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Answer %(number)s") % {"number": self.submission.pk}

    def get_header_title(self):
        return self.get_page_title()

    def get_breadcrumbs_items(self):
        """Home, the survey's answers (when the page still exists), this answer."""
        items = list(super().get_breadcrumbs_items())
        if self.submission.page_id:
            items.append(
                {
                    "url": reverse("wagtailforms:list_submissions", args=[self.submission.page_id]),
                    "label": self.submission.page.title,
                }
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            submission=self.submission,
            answers=answer_rows_for_display(self.submission),
            may_archive=may_correct(self.request.user, self.submission),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not may_correct(request.user, self.submission):
            raise PermissionDenied
        archive = "archive" in request.POST
        self.submission.archived_at = timezone.now() if archive else None
        self.submission.save(update_fields=["archived_at"])
        log(
            instance=self.submission,
            action="forms_ext.archive" if archive else "forms_ext.restore",
            user=request.user,
        )
        messages.success(
            request, _("The answer is archived.") if archive else _("The answer is restored.")
        )
        return redirect("forms_ext_submission", submission_id=self.submission.pk)


def may_correct(user, submission: SurveySubmission) -> bool:
    """Coordinators of the submission's unit (or above) may archive, restore and correct it."""
    return submissions_for(user, CORRECT_ANSWERS).filter(pk=submission.pk).exists()


def answer_rows_for_display(submission: SurveySubmission) -> list[tuple[str, str]]:
    """(label, answer as a person reads it) for each question of the submission's version."""
    rows = []
    for schema in submission.version.fields if submission.version else []:
        if schema["type"] not in field_types or not field_types.get(schema["type"]).has_answer:
            continue
        question = field_from_schema(schema)
        value = submission.form_data.get(question.clean_name)
        shown = question.kind.display(question, value) if value not in (None, "", [], {}) else ""
        rows.append((question.label, shown or "–"))
    return rows
