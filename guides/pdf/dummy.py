"""A renderer for tests: no WeasyPrint, a tiny PDF that carries the document's text."""

import re
from html import unescape

from .base import PdfRenderer, RenderResult


class DummyRenderer(PdfRenderer):
    """Returns a small PDF-like file holding the HTML's text; records every call.

    ``calls`` (a class attribute, shared by all instances) lets a test see what
    was rendered; clear it in the test.
    """

    calls: list[str] = []

    def render(self, html: str, base_url: str) -> RenderResult:
        DummyRenderer.calls.append(html)
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
        return RenderResult(pdf=b"%PDF-1.7\n% dummy\n" + text.encode() + b"\n%%EOF\n")
