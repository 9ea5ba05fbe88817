"""The download of a survey's submissions as CSV, XLSX or JSON."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.admin.auth import require_admin_access

from .exports import export_columns, export_formats, export_response
from .models import SurveyPage
from .permissions import submissions_for


@require_admin_access
@require_GET
def export_submissions(request: HttpRequest, page_id: int, fmt: str) -> HttpResponseBase:
    """Send the submissions of a survey that the user may see, as ``fmt`` (csv, xlsx, json).

    Only rows of the user's units (``submissions_for``); archived ones only with
    ``?archived=1``. A user who may see none gets the headers alone.
    """
    if fmt not in export_formats:
        return HttpResponseBadRequest(_("Unknown export format."))
    page = get_object_or_404(SurveyPage, pk=page_id)
    submissions = submissions_for(request.user).filter(survey_key=page.translation_key)
    if request.GET.get("archived") != "1":
        submissions = submissions.filter(archived_at=None)
    extension = export_formats.get(fmt).extension
    filename = f"{page.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"
    return export_response(fmt, submissions, export_columns(page.translation_key), filename)
