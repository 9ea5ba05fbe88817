"""Keeping the PDFs of guides in step with publishing: connected in ``GuidesConfig.ready``."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from .models import GuideBasePage, GuidePdf


def queue_pdf_on_publish(sender, instance, revision=None, **kwargs) -> None:
    if isinstance(instance, GuideBasePage):
        from .pdf.stored import queue_render

        queue_render(instance, force=True)


def mark_pdf_stale_on_unpublish(sender, instance, **kwargs) -> None:
    if isinstance(instance, GuideBasePage):
        from .pdf.stored import mark_stale

        mark_stale(instance)


def delete_pdf_file(sender, instance: GuidePdf, **kwargs) -> None:
    if instance.file:
        instance.file.delete(save=False)


def connect() -> None:
    page_published.connect(queue_pdf_on_publish, dispatch_uid="guides_pdf_publish")
    page_unpublished.connect(mark_pdf_stale_on_unpublish, dispatch_uid="guides_pdf_unpublish")
    post_delete.connect(delete_pdf_file, sender=GuidePdf, dispatch_uid="guides_pdf_delete")
