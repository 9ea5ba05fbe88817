"""PDFs of guides and of personal plans: the renderer interface, its backends and the fetcher.

``GUIDES_PDF_RENDERER`` names the backend by dotted path; ``get_renderer()``
returns it. ``WeasyPrintRenderer`` is the default, ``DummyRenderer`` is for tests.
"""

from .base import PdfRenderer, RenderError, RenderResult, get_renderer
from .dummy import DummyRenderer
from .fetcher import RefusedResource, SiteURLFetcher
from .weasy import WeasyPrintRenderer

__all__ = [
    "DummyRenderer",
    "PdfRenderer",
    "RefusedResource",
    "RenderError",
    "RenderResult",
    "SiteURLFetcher",
    "WeasyPrintRenderer",
    "get_renderer",
]
