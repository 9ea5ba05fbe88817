"""Admin views that import earlier answers into a survey: upload, preview, import, cancel.

Only coordinators of the survey's owner unit (or of a unit above it) and
superusers reach them; anyone else gets 403 on every one. Nothing is stored
before the user confirms a preview without errors, and then all rows or none.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.defaults import permission_denied
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .field_types import parse_options
from .imports import (
    ImportFileError,
    KeptFile,
    SurveyAnswerImportResource,
    discard,
    keep_upload,
    kept_file,
    may_import,
    preview_import,
    read_table,
    run_import,
)
from .imports.columns import FIXED_COLUMNS, READ_FIXED, import_question
from .imports.reading import EXTENSIONS, max_bytes, max_rows
from .models import SurveyPage

#: Problems shown per page of a preview.
ERRORS_PER_PAGE = 50


class ImportUploadForm(forms.Form):
    """The file to import; refused here when it cannot be read or names no question."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, page: SurveyPage, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page, self.user = page, user
        self.fields["file"].help_text = _(
            "CSV or Excel workbook (.xlsx), at most %(mb)s MB and %(rows)s rows."
        ) % {
            "mb": max_bytes() // (1024 * 1024),
            "rows": number_format(max_rows(), force_grouping=True),
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise ValidationError(
                _("The file is too large: the largest accepted is %(max)s MB.")
                % {"max": max_bytes() // (1024 * 1024)}
            )
        try:
            table = read_table(upload.read(), upload.name or "")
            SurveyAnswerImportResource(self.page, self.user, table.headers)
        except ImportFileError as error:
            raise ValidationError(str(error)) from error
        finally:
            upload.seek(0)
        return upload

    @property
    def extension(self) -> str:
        name = self.cleaned_data["file"].name or ""
        extension = name.rsplit(".", 1)[-1].lower()
        return extension if extension in EXTENSIONS else "csv"


class ImportViewMixin(WagtailAdminTemplateMixin):
    """The survey from the URL, for coordinators of its owner unit and superusers only."""

    header_icon = "upload"
    page_title = gettext_lazy("Import answers")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.page = get_object_or_404(SurveyPage, pk=kwargs["page_id"])
        if not may_import(request.user, self.page):
            # A 403, not PermissionDenied: Wagtail's admin would turn that into a redirect.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.page.title

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        """Home, the survey's answers, the import."""
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailforms:list_submissions", args=[self.page.pk]),
                "label": self.page.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def upload_url(self) -> str:
        return reverse("forms_ext_import", args=[self.page.pk])

    def preview_url(self, reference: str) -> str:
        url = reverse("forms_ext_import_preview", args=[self.page.pk])
        return f"{url}?{urlencode({'file': reference})}"

    def kept(self, reference: str) -> KeptFile:
        """The file a request names; ImportFileError unless this user kept it for this survey."""
        return kept_file(reference, self.request.user, self.page)

    def start_again(self, message: str) -> HttpResponseRedirect:
        messages.error(self.request, message)
        return redirect(self.upload_url())


class ImportUploadView(ImportViewMixin, FormView):
    """Step 1: choose a file. A file that cannot be read is refused here, with the reason."""

    template_name = "forms_ext/admin/import_upload.html"
    form_class = ImportUploadForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "page": self.page, "user": self.request.user}

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        reference = keep_upload(
            form.cleaned_data["file"], form.extension, self.request.user, self.page
        )
        return redirect(self.preview_url(reference))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.page,
            fixed_columns=[column for column in FIXED_COLUMNS if column in READ_FIXED],
            columns=question_columns(self.page),
            export_url=reverse("forms_ext_export", args=[self.page.pk, "csv"]),
        )
        return context


def question_columns(page: SurveyPage) -> list[tuple[str, str]]:
    """(column, question label) of each column an import of ``page`` reads answers from."""
    columns = []
    for survey_field in page.get_form_fields():
        question = import_question(survey_field)
        statements = dict(parse_options(survey_field.statements))
        for column, (form_name, _widget) in question.columns.items() if question else ():
            statement = statements.get(form_name.rpartition("__")[2])
            label = f"{survey_field.label}: {statement}" if statement else survey_field.label
            if not column.endswith("__label"):
                columns.append((column, label))
    return columns


class ImportPreviewView(ImportViewMixin, TemplateView):
    """Step 2: the dry run. The rows to import and every problem; nothing is stored."""

    template_name = "forms_ext/admin/import_preview.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        reference = request.GET.get("file", "")
        try:
            kept = self.kept(reference)
            table = read_table(kept.read(), kept.name)
            report = preview_import(self.page, request.user, table)
        except ImportFileError as error:
            return self.start_again(str(error))
        errors = Paginator(report.errors, ERRORS_PER_PAGE).get_page(request.GET.get("p"))
        context = self.get_context_data(
            page=self.page,
            kept=kept,
            table=table,
            report=report,
            errors=errors,
            elided_page_range=errors.paginator.get_elided_page_range(errors.number),
            reference=reference,
            confirm_url=reverse("forms_ext_import_confirm", args=[self.page.pk]),
            cancel_url=reverse("forms_ext_import_cancel", args=[self.page.pk]),
        )
        return self.render_to_response(context)


class ImportConfirmView(ImportViewMixin, View):
    """Step 3: import every row in one transaction, or none; then the file is deleted."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        reference = request.POST.get("file", "")
        try:
            kept = self.kept(reference)
            table = read_table(kept.read(), kept.name)
            report = run_import(self.page, request.user, table, seed=kept.name)
        except ImportFileError as error:
            return self.start_again(str(error))
        if report.errors and report.errors[0].row == 0:
            return self.start_again(report.errors[0].message)
        if report.errors:
            messages.error(request, _("Nothing was imported: the file has errors."))
            return redirect(self.preview_url(reference))
        discard(kept)
        messages.success(
            request,
            ngettext("%(count)s answer imported.", "%(count)s answers imported.", report.imported)
            % {"count": report.imported},
        )
        return redirect("wagtailforms:list_submissions", self.page.pk)


class ImportCancelView(ImportViewMixin, View):
    """Leave the preview: the kept file is deleted, nothing is imported."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            discard(self.kept(request.POST.get("file", "")))
        except ImportFileError as error:
            return self.start_again(str(error))
        messages.info(request, _("Import cancelled: nothing was imported."))
        return redirect(self.upload_url())


urlpatterns = [
    path("<int:page_id>/", ImportUploadView.as_view(), name="forms_ext_import"),
    path("<int:page_id>/preview/", ImportPreviewView.as_view(), name="forms_ext_import_preview"),
    path("<int:page_id>/confirm/", ImportConfirmView.as_view(), name="forms_ext_import_confirm"),
    path("<int:page_id>/cancel/", ImportCancelView.as_view(), name="forms_ext_import_cancel"),
]
