"""Admin views of forms_ext."""

from __future__ import annotations

import posixpath

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from wagtail.contrib.forms.utils import get_forms_for_user

from .field_types.files import upload_storage
from .models import Answer, SurveySubmission


def download_upload(request: HttpRequest, submission_id: int, key: str) -> FileResponse:
    """Send a file uploaded with a submission to a user allowed to see the survey's answers."""
    submission = get_object_or_404(SurveySubmission, pk=submission_id)
    if not get_forms_for_user(request.user).filter(pk=submission.page_id).exists():
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
