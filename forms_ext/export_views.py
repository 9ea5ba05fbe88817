"""The download of a survey's submissions as CSV, XLSX or JSON, directly or as a background job.

An export of at most ``FORMS_EXT_EXPORT_SYNC_MAX_ROWS`` rows is sent at once;
a larger one becomes a job (``exports.jobs``) whose page shows its progress and,
when done, a download link. A job is its user's alone: anyone else, superusers
included, gets a 404 for its page, status and file, since the file holds the
rows that user was allowed to see.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponseBadRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from .conf import settings as app_settings
from .exports import export_columns, export_formats, export_response
from .exports.jobs import export_filename, export_queryset, start_export
from .field_types.files import upload_storage
from .models import ExportJob, SurveyPage

#: Seconds between two looks at a running job, by the page's script or its refresh.
POLL_SECONDS = 3


@require_admin_access
@require_GET
def export_submissions(request: HttpRequest, page_id: int, fmt: str) -> HttpResponseBase:
    """Send the submissions of a survey that the user may see, as ``fmt`` (csv, xlsx, json).

    Only rows of the user's units, narrowed by the listing's filters in the
    query string (archived ones too with ``?archived=shown``). A user who may see
    none gets the headers alone. Above ``EXPORT_SYNC_MAX_ROWS`` rows the export
    is written in the background and the user is sent to its page.
    """
    if fmt not in export_formats:
        return HttpResponseBadRequest(_("Unknown export format."))
    page = get_object_or_404(SurveyPage, pk=page_id)
    submissions = export_queryset(request.user, page, request.GET)
    count = submissions.count()
    if count > app_settings.EXPORT_SYNC_MAX_ROWS:
        job = start_export(request.user, page, fmt, request.GET, count)
        return redirect("forms_ext_export_job", job_id=job.pk)
    filename = export_filename(page, fmt)
    return export_response(fmt, submissions, export_columns(page.translation_key), filename)


def own_job(request: HttpRequest, job_id: Any) -> ExportJob:
    """The user's own export job; 404 for anyone else's, as if it did not exist."""
    return get_object_or_404(ExportJob.objects.select_related("page"), pk=job_id, user=request.user)


def local_time(job: ExportJob) -> str:
    """When the job's file expires, as a date and time in the user's time zone."""
    return date_format(timezone.localtime(job.expires_at), "DATETIME_FORMAT")


def status_label(job: ExportJob) -> str:
    return capfirst(job.get_status_display())


STATUS_MESSAGES = {
    ExportJob.Status.QUEUED: gettext_lazy("Your export is waiting to start."),
    ExportJob.Status.RUNNING: gettext_lazy("Your export is being written."),
    ExportJob.Status.DONE: gettext_lazy("Your export is ready to download."),
    ExportJob.Status.FAILED: gettext_lazy("Your export failed."),
}


def progress_text(job: ExportJob, percent: int) -> str:
    return _("%(done)s of %(total)s rows (%(percent)s %%)") % {
        "done": number_format(job.done, force_grouping=True),
        "total": number_format(job.total, force_grouping=True),
        "percent": percent,
    }


def job_state(job: ExportJob) -> dict[str, Any]:
    """What the job page and its status JSON show: status, progress, the link when done."""
    finished = job.status == ExportJob.Status.DONE and not job.is_expired
    percent = 100 if finished else job.percent
    return {
        "status": job.status,
        "status_label": status_label(job),
        "message": _("Your export has expired.")
        if job.is_expired
        else str(STATUS_MESSAGES[job.status]),
        "done": job.done,
        "total": job.total,
        "percent": percent,
        "progress": progress_text(job, percent),
        "active": job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING),
        "error": _(job.error) if job.error else "",
        "download_url": reverse("forms_ext_export_download", args=[job.pk]) if finished else "",
        "expires_at": local_time(job),
    }


class ExportJobView(WagtailAdminTemplateMixin, TemplateView):
    """One background export: its status and progress, refreshing itself, and the link."""

    template_name = "forms_ext/admin/export_job.html"
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        self.job = own_job(request, kwargs["job_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Export %(name)s") % {"name": self.job.filename}

    def get_header_title(self):
        return self.get_page_title()

    def get_breadcrumbs_items(self):
        items = list(super().get_breadcrumbs_items())
        items.append({"url": reverse("forms_ext_export_jobs"), "label": _("My exports")})
        return [*items, {"url": "", "label": self.job.filename}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            job=self.job,
            state=job_state(self.job),
            poll_seconds=POLL_SECONDS,
            status_url=reverse("forms_ext_export_status", args=[self.job.pk]),
        )
        return context


@require_admin_access
@require_GET
def export_job_status(request: HttpRequest, job_id: Any) -> JsonResponse:
    """The job's state as JSON, for the job page's script."""
    response = JsonResponse(job_state(own_job(request, job_id)))
    response["Cache-Control"] = "private, no-store"
    return response


@require_admin_access
@require_GET
def download_export(request: HttpRequest, job_id: Any) -> HttpResponseBase:
    """Send a finished export's file to its user, until it expires (410 Gone after)."""
    job = own_job(request, job_id)
    if job.status != ExportJob.Status.DONE:
        return redirect("forms_ext_export_job", job_id=job.pk)
    storage = upload_storage()
    if job.is_expired or not job.file or not storage.exists(job.file):
        return export_gone(request, job)
    response = FileResponse(
        storage.open(job.file, "rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=export_formats.get(job.fmt).content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_gone(request: HttpRequest, job: ExportJob) -> TemplateResponse:
    """410 Gone: the export expired (or its file was deleted); say so and what to do."""
    title = _("Export no longer available")
    context = {
        "job": job,
        "page_title": title,
        "header_title": title,
        "header_icon": "download",
        "exports_url": reverse("forms_ext_export_jobs"),
    }
    return TemplateResponse(request, "forms_ext/admin/export_gone.html", context, status=410)


class ExportJobListView(BaseListingView):
    """The user's own background exports that can still be fetched, newest first."""

    page_title = gettext_lazy("My exports")
    header_icon = "download"
    paginate_by = 20
    index_url_name = "forms_ext_export_jobs"
    columns = [
        TitleColumn("filename", label=gettext_lazy("File"), url_name="forms_ext_export_job"),
        Column("page", label=gettext_lazy("Survey")),
        Column("status", label=gettext_lazy("Status"), accessor=status_label),
        Column("percent", label=gettext_lazy("Done (%)")),
        DateColumn("created_at", label=gettext_lazy("Asked for")),
        Column("expires_at", label=gettext_lazy("Available until"), accessor=local_time),
    ]

    def get_base_queryset(self):
        return ExportJob.objects.filter(
            user=self.request.user, expires_at__gt=timezone.now()
        ).select_related("page")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


urlpatterns = [
    path("", ExportJobListView.as_view(), name="forms_ext_export_jobs"),
    path("<uuid:job_id>/", ExportJobView.as_view(), name="forms_ext_export_job"),
    path("<uuid:job_id>/status/", export_job_status, name="forms_ext_export_status"),
    path("<uuid:job_id>/download/", download_export, name="forms_ext_export_download"),
]


@hooks.register("register_admin_urls")
def register_export_job_urls():
    # Here rather than in wagtail_hooks.py only while that file has other owners:
    # it belongs there as path("forms_ext/exports/", include(export_views.urlpatterns)).
    return [path("forms_ext/exports/", include(urlpatterns))]
