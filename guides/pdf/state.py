"""What an editor is told about a page's PDF: one state, worked out from the page and its row.

The stored row (``GuidePdf``) records the rendering's own status; whether that
is what the editor needs to know depends on the page too: a ready PDF of an
older revision is out of date, and a page never published has no PDF at all.
``pdf_state`` joins the two so that the editor's side panel and any other view
say the same thing.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ..models import GuidePdf

Status = GuidePdf.Status


class State(StrEnum):
    """The states an editor sees, in the words of the side panel."""

    READY = "ready"
    MAKING = "making"
    OUT_OF_DATE = "out_of_date"
    FAILED = "failed"
    NOT_PUBLISHED = "not_published"


LABELS = {
    State.READY: _("Ready"),
    State.MAKING: _("Being made"),
    State.OUT_OF_DATE: _("Out of date: being made again"),
    State.FAILED: _("Failed"),
    State.NOT_PUBLISHED: _("Not published yet"),
}


@dataclass
class PdfState:
    """A page's PDF as an editor sees it; ``pdf`` is None when none was ever queued."""

    state: State
    pdf: GuidePdf | None

    @property
    def label(self) -> str:
        return str(LABELS[self.state])

    @property
    def file_url(self) -> str:
        """The stored file's address (for ``OUT_OF_DATE`` the previous revision's PDF)."""
        return self.pdf.file.url if self.pdf is not None and self.pdf.file else ""

    @property
    def can_render_again(self) -> bool:
        """Whether "make the PDF again" applies: a live page with a row to act on."""
        return self.pdf is not None and self.state != State.NOT_PUBLISHED


def pdf_state(page: Page) -> PdfState:
    """The state of ``page``'s PDF, compared with the page's live revision (one query)."""
    pdf = GuidePdf.objects.filter(page_id=page.pk).select_related("revision").first()
    if not page.live or page.live_revision_id is None:
        return PdfState(State.NOT_PUBLISHED, pdf)
    if pdf is None:
        return PdfState(State.MAKING, None)
    current = pdf.revision_id == page.live_revision_id
    if pdf.status == Status.FAILED and current:
        return PdfState(State.FAILED, pdf)
    if pdf.is_ready_for(page.live_revision_id):
        return PdfState(State.READY, pdf)
    if pdf.file and pdf.rendered_at:
        # A file of an earlier revision is still kept while the new one is made.
        return PdfState(State.OUT_OF_DATE, pdf)
    return PdfState(State.MAKING if current else State.OUT_OF_DATE, pdf)
