"""Admin views of forms_ext."""

from __future__ import annotations

import posixpath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, ButtonWithDropdown, HeaderButton
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .field_types.files import upload_storage
from .filters import SubmissionFilterSet, answer_questions, search_submissions
from .inventories.totals import before_archiving
from .models import Answer, SurveySubmission
from .permissions import CORRECT_ANSWERS, SEE_ANSWERS, can_see, submissions_for, units_for
from .registry import field_types
from .versions import field_from_schema


class SurveySubmissionsListView(SubmissionsListView):
    """Wagtail's listing of a survey's submissions, for those who may see answers.

    Seeing answers is a right of its own: coordinators and viewers reach the
    listing without the right to edit the page, and everyone sees only the rows
    of their own units (an editor without such a role sees none). Filters and
    search are those of :mod:`forms_ext.filters`, shared with the exports.
    """

    results_template_name = "forms_ext/admin/submission_list_results.html"
    page_title = gettext_lazy("Answers")
    filterset_class = SubmissionFilterSet
    is_searchable = True
    default_ordering = "-submit_time"
    #: How many questions (the first ones) get a column of their own.
    answer_columns = 3
    page_sizes = (20, 50)

    def dispatch(self, request, *args, **kwargs):
        self.form_page = kwargs["form_page"]
        if not may_list_answers(request.user, self.form_page):
            raise PermissionDenied
        # Skips Wagtail's own check, which asks for the right to edit the page.
        return super(SubmissionsListView, self).dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # Wagtail's own spreadsheet export neither streams nor neutralises formulas:
        # send its buttons to Boportal's export of the same survey, with the same filters.
        export = request.GET.get("export")
        if export:
            return redirect(export_url(self.form_page, export, request.GET))
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return (
            submissions_for(self.request.user)
            .filter(survey_key=self.form_page.translation_key)
            .select_related("unit", "version")
        )

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs.update(
            survey_key=self.form_page.translation_key,
            user=self.request.user,
            questions=self.questions,
        )
        return kwargs

    def filter_queryset(self, queryset):
        # Valid filters apply even beside an invalid one; archived answers stay hidden.
        return self.filters.filter_queryset(queryset)

    def search_queryset(self, queryset):
        return search_submissions(queryset, self.search_query)

    def get_ordering(self):
        return BaseListingView.get_ordering(self)

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("per_page", "")
        return int(size) if size.isdigit() and int(size) in self.page_sizes else self.page_sizes[0]

    @cached_property
    def may_archive(self) -> bool:
        return submissions_for(self.request.user, CORRECT_ANSWERS).exists()

    @cached_property
    def questions(self) -> list[dict]:
        return answer_questions(self.form_page.translation_key)

    @cached_property
    def columns(self):
        questions = self.questions[: self.answer_columns]
        columns = [SelectColumn("select")] if self.may_archive else []
        return [*columns, *SUBMISSION_COLUMNS, *(answer_column(q) for q in questions)]

    def get_header_buttons(self):
        return submission_list_buttons(self.form_page, self.request, self.may_archive)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("forms_ext_surveys"), "label": _("Survey answers")},
            {"url": "", "label": self.form_page.get_admin_display_title()},
        ]

    def get_context_data(self, **kwargs):
        # Wagtail's table of every question is skipped: the columns above make the table.
        context = super(SubmissionsListView, self).get_context_data(**kwargs)
        context.update(
            form_page=self.form_page,
            may_archive=self.may_archive,
            page_sizes=self.page_sizes,
            filter_errors=[
                (self.filters.form[name].label, errors)
                for name, errors in self.filters.form.errors.items()
                if name in self.filters.form.fields
            ],
            next_url=f"{self.get_index_url()}?{self.request.GET.urlencode()}",
        )
        return context


def may_list_answers(user, page) -> bool:
    """Coordinators and viewers of any unit, and those who may edit the form, reach its listing.

    What the listing shows is narrowed to the user's units in any case.
    """
    if user.is_superuser or units_for(user, SEE_ANSWERS).exists():
        return True
    return get_forms_for_user(user).filter(pk=page.pk).exists()


class SelectColumn(BaseColumn):
    """A check box per row, to archive or restore the chosen answers."""

    header_template_name = "forms_ext/admin/submission_select_header.html"
    cell_template_name = "forms_ext/admin/submission_select_cell.html"


def _submit_time(submission: SurveySubmission) -> str:
    return date_format(timezone.localtime(submission.submit_time), "SHORT_DATETIME_FORMAT")


SUBMISSION_COLUMNS = [
    TitleColumn(
        "submit_time",
        label=gettext_lazy("Sent"),
        accessor=_submit_time,
        sort_key="submit_time",
        url_name="forms_ext_submission",
        get_title_id=lambda submission: f"submission_{submission.pk}_title",
    ),
    Column("unit", label=gettext_lazy("Unit"), sort_key="unit__name"),
    Column(
        "version",
        label=gettext_lazy("Version"),
        accessor="version.number",
        sort_key="version__number",
    ),
    Column("channel", label=gettext_lazy("Answered"), accessor="get_channel_display"),
]


def answer_column(schema: dict) -> Column:
    """A column of one question's answers, shown as a person reads them."""
    question = field_from_schema(schema)

    def shown(submission: SurveySubmission) -> str:
        value = display_answer(question, submission.form_data.get(question.clean_name))
        return Truncator(value).chars(80)

    return Column(f"answer_{question.clean_name}", label=question.label, accessor=shown)


def display_answer(question, value) -> str:
    """One answer as a person reads it (labels of options, units of numbers); "" if none."""
    return question.kind.display(question, value) if value not in (None, "", [], {}) else ""


def optional_url(name: str, *args) -> str | None:
    """The URL of an admin view that another part of forms_ext may not provide yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def export_url(page, fmt: str, params) -> str:
    """Boportal's export of ``page`` as ``fmt``, with the listing's filters and search."""
    query = params.copy()
    for name in ("export", "p", "per_page", "_w_filter_fragment"):
        query.pop(name, None)
    url = reverse("forms_ext_export", kwargs={"page_id": page.pk, "fmt": fmt})
    return f"{url}?{query.urlencode()}" if query else url


def submission_list_buttons(page, request, may_correct_any: bool) -> list:
    """Download (with the current filters), and for coordinators import and invitations."""
    downloads = [
        Button(label, url=export_url(page, fmt, request.GET), icon_name="download")
        for fmt, label in (("csv", "CSV"), ("xlsx", "Excel (XLSX)"), ("json", "JSON"))
    ]
    buttons = [ButtonWithDropdown(_("Download"), buttons=downloads, icon_name="download")]
    extra = [
        (_("Import answers"), optional_url("forms_ext_import", page.pk), "upload"),
        (_("Invitations"), optional_url("forms_ext_invitations", page.pk), "mail"),
    ]
    if may_correct_any:
        buttons += [
            HeaderButton(label, url=url, icon_name=icon) for label, url, icon in extra if url
        ]
    return buttons


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
        self.submission = get_object_or_404(
            SurveySubmission.objects.select_related(
                "page", "unit", "version", "recorded_by", "invitation"
            ),
            pk=kwargs["submission_id"],
        )
        if not can_see(request.user, self.submission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Answer %(number)s") % {"number": self.submission.pk}

    def get_header_title(self):
        return self.get_page_title()

    def get_breadcrumbs_items(self):
        return [
            *submission_breadcrumbs(self.submission),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        may_change = may_correct(self.request.user, self.submission)
        context.update(
            submission=self.submission,
            answers=answer_rows_for_display(self.submission),
            may_archive=may_change,
            may_correct=may_change,
            history=submission_history(self.submission),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not may_correct(request.user, self.submission):
            raise PermissionDenied
        archive = "archive" in request.POST
        with transaction.atomic():
            before_archiving([self.submission.pk], archive)  # an inventory report's totals
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


def submission_breadcrumbs(submission: SurveySubmission) -> list[dict]:
    """Home, the survey answers, this survey's answers (when the page still exists)."""
    items = [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": reverse("forms_ext_surveys"), "label": _("Survey answers")},
    ]
    if submission.page_id:
        items.append(
            {
                "url": reverse("wagtailforms:list_submissions", args=[submission.page_id]),
                "label": submission.page.title,
            }
        )
    return items


def submission_history(submission: SurveySubmission) -> list[ModelLogEntry]:
    """The audit log of a submission, newest first: who did what, when (never the answers).

    A correction's entry gets ``changed_labels``: the questions it changed.
    """
    labels = {
        schema["key"]: schema["label"] for schema in getattr(submission.version, "fields", [])
    }
    entries = list(
        ModelLogEntry.objects.for_instance(submission)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    for entry in entries:
        changed = (entry.data or {}).get("changed", [])
        entry.changed_labels = [labels.get(key, key) for key in changed]
    return entries


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
        shown = display_answer(question, submission.form_data.get(question.clean_name))
        rows.append((question.label, shown or "–"))
    return rows
