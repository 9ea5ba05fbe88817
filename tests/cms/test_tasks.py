"""The housekeeping task, run on every task backend this machine can run."""

import datetime

import pytest
import redis
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from cms.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    """One expired and one live session."""
    for days in (-1, 1):
        store = SessionStore()
        store["user"] = "someone"
        store.set_expiry(timezone.now() + datetime.timedelta(days=days))
        store.save()
    return Session.objects.count()


def test_immediate_backend_runs_the_task_at_once(sessions):
    result = clear_expired_sessions.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert Session.objects.count() == sessions - 1


# The worker recycles its database connection between tasks, as a long-running
# process must; that needs committed data, hence a transactional test.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_database_backend_queues_until_the_worker_runs(sessions):
    result = clear_expired_sessions.enqueue()
    assert result.status == TaskResultStatus.READY
    assert Session.objects.count() == sessions

    call_command("db_worker", batch=True, interval=0, verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert Session.objects.count() == sessions - 1


@pytest.fixture
def redis_queue():
    url = settings.RQ_QUEUES["default"]["URL"]
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip(f"No Redis server at {url}")
    connection.flushdb()
    yield connection
    connection.flushdb()


@pytest.mark.redis
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
)
def test_rq_backend_runs_the_task_through_redis(sessions, redis_queue):
    import django_rq

    result = clear_expired_sessions.enqueue()
    assert result.status == TaskResultStatus.READY
    assert redis_queue.llen("rq:queue:default") == 1

    worker = django_rq.get_worker(
        "default", job_class="django_tasks_rq.Job", worker_class="rq.worker.SimpleWorker"
    )
    worker.work(burst=True)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert Session.objects.count() == sessions - 1


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_enqueue_housekeeping_command_queues_for_the_worker(sessions, capsys):
    from django_tasks_db.models import DBTaskResult

    call_command("enqueue_housekeeping")

    output = capsys.readouterr().out
    assert "Queued clear_expired_sessions" in output
    assert "Queued delete_expired_drafts" in output
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "cms.tasks.clear_expired_sessions",
        "forms_ext.tasks.delete_expired_drafts",
        "forms_ext.tasks.delete_expired_exports",
    ]
    assert Session.objects.count() == sessions
