"""Housekeeping tasks of the site, run by the configured task backend."""

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task


@task()
def clear_expired_sessions() -> int:
    """Delete expired admin sessions and return how many there were.

    Run it daily from the scheduler (cron or a systemd timer) with
    ``manage.py enqueue_housekeeping``; the worker does the deleting.
    """
    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
