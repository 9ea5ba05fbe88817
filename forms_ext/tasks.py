"""Background tasks of forms_ext.

The export of a large survey runs as ``forms_ext.exports.jobs.export_job_task``.
"""

from django.utils import timezone
from django_tasks import task

from .exports import jobs as export_jobs
from .models import SurveyDraft


@task()
def delete_expired_drafts() -> int:
    """Delete half-filled surveys whose resume link has expired; return how many."""
    deleted, _by_model = SurveyDraft.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


@task()
def delete_expired_exports() -> int:
    """Delete background exports whose download has expired, with their files; return how many."""
    return export_jobs.delete_expired_exports()
