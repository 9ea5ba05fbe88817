"""The renderer interface: HTML in, PDF bytes out, and the setting that picks the renderer."""

from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from ..conf import settings


class RenderError(Exception):
    """Rendering failed; the message is plain and safe to show to an editor."""


@dataclass
class RenderResult:
    """A rendered PDF and the resource addresses the renderer was asked for and refused."""

    pdf: bytes
    refused: list[str] = field(default_factory=list)


class PdfRenderer:
    """Turns one HTML document (a page's print view, a personal plan) into a PDF.

    Subclass it and name the subclass in ``GUIDES_PDF_RENDERER``. A renderer must
    fetch nothing but the site's own static and media files (see
    ``guides.pdf.fetcher``) and must stop within ``GUIDES_PDF_TIMEOUT`` seconds.
    """

    def render(self, html: str, base_url: str) -> RenderResult:
        """Return the PDF of ``html``, whose relative addresses start from ``base_url``.

        Override this. Raise ``RenderError`` with a plain message when it fails.
        """
        raise NotImplementedError


def get_renderer() -> PdfRenderer:
    """A new instance of the renderer that ``GUIDES_PDF_RENDERER`` names."""
    path = settings.PDF_RENDERER
    try:
        renderer_class = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"GUIDES_PDF_RENDERER: cannot import {path!r}") from error
    if not (isinstance(renderer_class, type) and issubclass(renderer_class, PdfRenderer)):
        raise ImproperlyConfigured(f"GUIDES_PDF_RENDERER: {path!r} is not a PdfRenderer")
    return renderer_class()
