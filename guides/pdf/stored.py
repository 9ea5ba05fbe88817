"""The stored PDFs of published guides: queued on publish, made in the background, kept.

A page's PDF is made from its live revision by ``render_and_store`` (run by the
task ``guides.tasks.render_guide_pdf``) and kept in ``GUIDES_PDF_STORAGE``. A
reader's request only ever reads the stored file or queues a rendering with
``queue_render``; it never renders.
"""

import logging
import time
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Revision

from ..conf import settings
from ..models import GuidePdf
from .base import RenderError, get_renderer
from .documents import print_html, site_origin

logger = logging.getLogger(__name__)
Status = GuidePdf.Status


def needs_render(pdf: GuidePdf, revision_id: int) -> bool:
    """Whether a reader's request should queue a rendering of ``revision_id``.

    A failed rendering of the live revision is not retried on a reader's request
    (an editor asks again in the admin); a queued one is re-queued when it has
    waited ten times ``GUIDES_PDF_RETRY_AFTER`` (its task was lost).
    """
    if pdf.revision_id != revision_id or pdf.status == Status.STALE:
        return True
    if pdf.status in (Status.READY, Status.FAILED):
        return pdf.status == Status.READY and not pdf.file
    lost = timezone.now() - timedelta(seconds=10 * settings.PDF_RETRY_AFTER)
    return pdf.requested_at is None or pdf.requested_at < lost


def queue_render(page: Page, *, force: bool = False) -> bool:
    """Queue one rendering of the page's live revision, after the transaction commits.

    Returns whether it was queued: not when one is queued already (unless
    ``force``), and not for a page that is not live.
    """
    revision_id = page.live_revision_id
    if not page.live or revision_id is None:
        return False
    now = timezone.now()
    queued = {"status": Status.QUEUED, "revision_id": revision_id, "requested_at": now}
    pdf, created = GuidePdf.objects.get_or_create(page_id=page.pk, defaults=queued)
    if not created:
        if not (force or needs_render(pdf, revision_id)):
            return False
        # Of several readers asking at once, only the one whose update wins queues it.
        fresh = GuidePdf.objects.filter(pk=pdf.pk, requested_at=pdf.requested_at)
        if not fresh.update(**queued, error=""):
            return False
    transaction.on_commit(lambda: enqueue_render(page.pk, revision_id))
    return True


def enqueue_render(page_id: int, revision_id: int) -> None:
    from ..tasks import render_guide_pdf

    render_guide_pdf.enqueue(page_id, revision_id)


def render_and_store(page_id: int, revision_id: int) -> str:
    """Make and keep the PDF of ``revision_id`` if it is still the page's live revision.

    Returns what happened: "ready", "failed" or "superseded" (the page was
    unpublished or published again since; that publication queued its own).
    """
    page = Page.objects.filter(pk=page_id, live=True, live_revision_id=revision_id).first()
    pdf = GuidePdf.objects.filter(page_id=page_id, revision_id=revision_id).first()
    if page is None or pdf is None:
        return "superseded"
    GuidePdf.objects.filter(pk=pdf.pk).update(status=Status.RENDERING)
    started = time.monotonic()
    try:
        revision = Revision.objects.get(pk=revision_id)
        result = get_renderer().render(print_html(revision), site_origin(page))
    except RenderError as error:
        return fail(pdf, str(error))
    except Exception:
        fail(pdf, "The PDF could not be made: an unexpected error (see the server log).")
        raise
    store(pdf, page, result.pdf, time.monotonic() - started)
    return "ready"


def fail(pdf: GuidePdf, message: str) -> str:
    logger.warning("PDF of page %s failed: %s", pdf.page_id, message)
    GuidePdf.objects.filter(pk=pdf.pk).update(status=Status.FAILED, error=message[:2000])
    return "failed"


def store(pdf: GuidePdf, page: Page, content: bytes, seconds: float) -> None:
    """Keep ``content`` as the page's PDF and delete the file it replaces."""
    old_name = pdf.file.name if pdf.file else ""
    pdf.file.save(f"{page.slug}.pdf", ContentFile(content), save=False)
    pdf.status = Status.READY
    pdf.size = len(content)
    pdf.rendered_at = timezone.now()
    pdf.render_seconds = round(seconds, 3)
    pdf.error = ""
    pdf.save(update_fields=["file", "status", "size", "rendered_at", "render_seconds", "error"])
    if old_name and old_name != pdf.file.name:
        pdf.file.storage.delete(old_name)


def mark_stale(page: Page) -> None:
    """The page was unpublished: delete its PDF (a public file) and mark it out of date."""
    pdf = GuidePdf.objects.filter(page_id=page.pk).first()
    if pdf is None:
        return
    if pdf.file:
        pdf.file.delete(save=False)
    pdf.status = Status.STALE
    pdf.size = None
    pdf.save(update_fields=["file", "status", "size"])
