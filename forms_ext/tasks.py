"""Background tasks of forms_ext."""

from django.utils import timezone
from django_tasks import task

from .models import SurveyDraft


@task()
def delete_expired_drafts() -> int:
    """Delete half-filled surveys whose resume link has expired; return how many."""
    deleted, _by_model = SurveyDraft.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
