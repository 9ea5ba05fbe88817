"""The default renderer: WeasyPrint, tagged for accessibility (PDF/UA-1), in a limited child."""

import logging

import weasyprint

from ..conf import settings
from .base import PdfRenderer, RenderResult
from .fetcher import SiteURLFetcher
from .limits import run_limited


def write_pdf(html: str, base_url: str, max_bytes: int) -> RenderResult:
    """Render ``html`` with WeasyPrint through the site's fetcher (runs in the child)."""
    # Unsupported CSS is expected (screen rules); refusals are logged by the fetcher.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = SiteURLFetcher(base_url, max_bytes=max_bytes)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return RenderResult(pdf=pdf, refused=fetcher.refused)


class WeasyPrintRenderer(PdfRenderer):
    """A tagged PDF with the title and language of the HTML, bookmarks from its headings.

    Each rendering runs in a forked child limited to ``GUIDES_PDF_TIMEOUT`` seconds
    and ``GUIDES_PDF_MEMORY_MB`` megabytes. Override ``target`` to change what the
    child does (tests use it to make a rendering that never ends).
    """

    target = staticmethod(write_pdf)

    def render(self, html: str, base_url: str) -> RenderResult:
        return run_limited(
            self.target,
            (html, base_url, settings.PDF_MAX_RESOURCE_BYTES),
            timeout=settings.PDF_TIMEOUT,
            memory_mb=settings.PDF_MEMORY_MB,
        )
