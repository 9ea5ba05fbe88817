"""Exports too large to wait for: written by a background task, fetched when done.

An export of more rows than ``FORMS_EXT_EXPORT_SYNC_MAX_ROWS`` becomes an
:class:`~forms_ext.models.ExportJob`: who asked, for which survey and format,
with the listing's filters as they were in the query string. The task
(:data:`export_job_task`) rebuilds the rows from the job's user and filters
when it runs, so the file holds what that user may see then, not when asking;
it writes the file with :func:`write_export` into the private upload storage
under ``exports/`` (never public media), reporting progress every
``CHUNK_SIZE`` rows with one single-row UPDATE. The file is served only to the
job's user until ``expires_at`` (``FORMS_EXT_EXPORT_HOURS`` after it is done);
housekeeping deletes the file and the job after that
(:func:`delete_expired_exports`).
"""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from functools import partial
from importlib import import_module
from typing import Any

from django.conf import settings as django_settings
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_tasks import task

from ..conf import settings as app_settings
from ..field_types.files import upload_storage
from ..inventories.exporting import inventory_columns, inventory_rows
from ..models import ExportJob, InventoryPage, SurveyPage, SurveySubmission
from ..permissions import submissions_for
from .columns import export_columns
from .formats import export_formats, write_export

logger = logging.getLogger(__name__)

#: The folder of finished exports in the private upload storage.
EXPORT_FOLDER = "exports"
#: The module that narrows a survey's submissions as its listing does, when installed.
FILTERS_MODULE = "forms_ext.filters"

# Kept in English in the job, translated when shown: never the text of an answer.
PAGE_GONE = gettext_noop("The survey was deleted before its export could be written.")
EXPORT_FAILED = gettext_noop(
    "The export could not be written. Try again, or ask an administrator to look at the "
    "server's log."
)
ACTIVE = (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)


class ExportError(Exception):
    """An export that cannot be written, for a reason the user is told (``message``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _listing_filter() -> Any:
    """``filtered_submissions`` of the submissions listing, or None where it does not exist."""
    try:
        module = import_module(FILTERS_MODULE)
    except ModuleNotFoundError as error:
        if error.name != FILTERS_MODULE:
            raise  # the module exists but is broken: say so, do not export unfiltered
        return None
    return getattr(module, "filtered_submissions", None)


def export_queryset(user: Any, page: SurveyPage, params: QueryDict) -> QuerySet[SurveySubmission]:
    """The submissions of ``page`` that ``user`` may see, narrowed by the listing's ``params``.

    Through ``forms_ext.filters.filtered_submissions`` when it exists; else the
    user's rows of the survey (``submissions_for``), archived ones too with
    ``archived=shown`` (or ``1``), only them with ``archived=only``.
    """
    filtered_submissions = _listing_filter()
    if filtered_submissions is not None:
        return filtered_submissions(user, page, params)
    submissions = submissions_for(user).filter(survey_key=page.translation_key)
    archived = params.get("archived")
    if archived == "only":
        return submissions.exclude(archived_at=None)
    if archived not in ("shown", "1"):
        return submissions.filter(archived_at=None)
    return submissions


def filters_from(params: QueryDict) -> dict[str, list[str]]:
    """The query parameters as the job keeps them: every value of every key."""
    return {key: params.getlist(key) for key in params}


def params_from(filters: dict[str, Any]) -> QueryDict:
    """The query parameters a job recorded, as the QueryDict a view would have had."""
    params = QueryDict(mutable=True)
    for key, values in filters.items():
        params.setlist(
            key, [str(value) for value in values] if isinstance(values, list) else [str(values)]
        )
    return params


def export_filename(page: SurveyPage, fmt: str) -> str:
    """The name the download is given: the survey's slug, today's date, the format."""
    return f"{page.slug}-{timezone.localdate():%Y-%m-%d}.{export_formats.get(fmt).extension}"


def start_export(user: Any, page: SurveyPage, fmt: str, params: QueryDict, total: int) -> ExportJob:
    """The job writing this export: one already queued or running for the same request, or new.

    A new job's task is queued once the transaction commits.
    """
    filters = filters_from(params)
    active = ExportJob.objects.filter(
        user=user, page=page, fmt=fmt, status__in=ACTIVE, expires_at__gt=timezone.now()
    )
    for job in active:
        if job.filters == filters:
            return job  # a second click or a reload: one file is enough
    job = ExportJob.objects.create(
        user=user,
        page=page,
        survey_key=page.translation_key,
        fmt=fmt,
        filters=filters,
        total=total,
        filename=export_filename(page, fmt),
        expires_at=timezone.now() + timedelta(hours=app_settings.EXPORT_HOURS),
    )
    transaction.on_commit(partial(export_job_task.enqueue, str(job.pk)))
    return job


def _report_progress(job_id: Any, done: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(done=done)


def _user_locale(user: Any) -> tuple[str, str]:
    """The language and time zone the user's admin pages use, as their exports do."""
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is None:
        return django_settings.LANGUAGE_CODE, django_settings.TIME_ZONE
    return profile.get_preferred_language(), profile.get_current_time_zone()


def _write_file(job: ExportJob) -> tuple[str, int]:
    """Write the job's export into private storage; its name there and the rows written."""
    page = job.page.specific if job.page_id else None
    if not isinstance(page, SurveyPage):
        raise ExportError(PAGE_GONE)
    queryset = export_queryset(job.user, page, params_from(job.filters))
    ExportJob.objects.filter(pk=job.pk).update(total=queryset.count(), done=0)
    language, zone = _user_locale(job.user)
    with tempfile.TemporaryFile() as out_file:
        with translation.override(language), timezone.override(zone):
            columns, rows = export_columns(job.survey_key), None
            if isinstance(page, InventoryPage):  # its history: each report with its period
                columns, rows = inventory_columns(job.survey_key), inventory_rows(queryset)
            progress = partial(_report_progress, job.pk)
            written = write_export(job.fmt, queryset, columns, out_file, progress, rows)
        out_file.seek(0)
        extension = export_formats.get(job.fmt).extension
        name = upload_storage().save(f"{EXPORT_FOLDER}/{job.pk}.{extension}", File(out_file))
    return name, written


def _finish(job: ExportJob, name: str, written: int) -> None:
    finished = timezone.now()
    updated = ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        done=written,
        total=written,
        file=name,
        finished_at=finished,
        expires_at=finished + timedelta(hours=app_settings.EXPORT_HOURS),
    )
    if not updated:  # the job was deleted meanwhile: keep no file nobody can fetch
        upload_storage().delete(name)


def _fail(job: ExportJob, message: str) -> None:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )


def run_export(job_id: Any) -> int:
    """Write the export of a queued job; return the rows written (0 if it was not queued).

    A job is run once: it is claimed by moving it from queued to running. On an
    error the job fails with a message that names no answer, and the error goes
    to the log (and, unless expected, to the task's result).
    """
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    ):
        return 0
    job = ExportJob.objects.select_related("user", "page").get(pk=job_id)
    try:
        name, written = _write_file(job)
    except ExportError as error:
        _fail(job, error.message)
        return 0
    except Exception:
        logger.exception("Export %s failed", job.pk)
        _fail(job, EXPORT_FAILED)
        raise
    _finish(job, name, written)
    return written


@task()
def export_job_task(job_id: str) -> int:
    """Write the export of the job ``job_id`` into private storage; return the rows written."""
    return run_export(job_id)


def delete_expired_exports() -> int:
    """Delete export jobs whose link has expired, and their files; return how many jobs."""
    expired = ExportJob.objects.filter(expires_at__lte=timezone.now())
    storage = upload_storage()
    for name in expired.exclude(file="").values_list("file", flat=True):
        storage.delete(name)
    deleted, _by_model = expired.delete()
    return deleted
