"""Admin views of forms_ext."""

from __future__ import annotations

import posixpath

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from wagtail.contrib.forms.views import SubmissionsListView

from .field_types.files import upload_storage
from .models import Answer, SurveySubmission
from .permissions import can_see, submissions_for


class SurveySubmissionsListView(SubmissionsListView):
    """Wagtail's listing of a survey's submissions, narrowed to the units the user may see."""

    def get_base_queryset(self):
        visible = submissions_for(self.request.user).values("pk")
        return super().get_base_queryset().filter(pk__in=visible, archived_at=None)


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
