"""Background tasks of forms_ext.

The export of a large survey runs as ``forms_ext.exports.jobs.export_job_task``.
The inventories' reminders and digest are queued every 15 minutes by
``manage.py enqueue_inventory_reminders``.
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


@task()
def send_inventory_reminders() -> int:
    """Remind the units that have not reported as their period's due time nears; return how
    many units were reminded (each once per period)."""
    from .inventories.reminders import send_reminders

    return send_reminders()


@task()
def send_inventory_digest() -> int:
    """E-mail coordinators the day's late units (once a day each); return how many got one."""
    from .inventories.reminders import send_late_digest

    return send_late_digest()
