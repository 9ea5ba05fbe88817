"""The stored PDF of each published guide and brochure, and the state of its rendering."""

import uuid

from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..conf import settings


def pdf_storage():
    return storages[settings.PDF_STORAGE]


def pdf_upload_to(instance: "GuidePdf", filename: str) -> str:
    # A random folder: the file of a page that is later restricted cannot be guessed.
    return f"guides/pdf/{uuid.uuid4().hex}/{filename}"


class GuidePdf(models.Model):
    """The PDF of one guide or brochure page (one per page, so one per language)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be made")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        STALE = "stale", _("Out of date")

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="guide_pdf"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The published revision the PDF is (or is being) made from."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(
        _("file"), upload_to=pdf_upload_to, storage=pdf_storage, blank=True, max_length=200
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("made at"), null=True, blank=True)
    render_seconds = models.FloatField(_("seconds to make"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("guide PDF")
        verbose_name_plural = _("guide PDFs")

    def __str__(self) -> str:
        return f"PDF of page {self.page_id} ({self.status})"

    def is_ready_for(self, revision_id: int | None) -> bool:
        """Whether the stored file was made from ``revision_id`` (the page's live revision)."""
        return (
            self.status == self.Status.READY
            and bool(self.file)
            and revision_id is not None
            and self.revision_id == revision_id
        )
