"""The HTML documents that become PDFs: a page's print view, a tenant's personal plan."""

from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, Revision


def site_origin(page: Page) -> str:
    """``scheme://host[:port]`` of the site the page belongs to."""
    root_url = page.get_site().root_url
    parts = urlsplit(root_url)
    return f"{parts.scheme}://{parts.netloc}"


def request_for(page: Page) -> HttpRequest:
    """An anonymous GET of the page's print view, as a reader on the page's site makes it."""
    parts = urlsplit(site_origin(page))
    secure = parts.scheme == "https"
    request = RequestFactory().get(
        page.get_url() or "/",
        HTTP_HOST=parts.netloc,
        SERVER_PORT=str(parts.port or (443 if secure else 80)),
        secure=secure,
    )
    request.user = AnonymousUser()
    return request


def print_html(revision: Revision) -> str:
    """The print view of the page as ``revision`` has it, in the page's language."""
    page = revision.as_object()
    request = request_for(page)
    with translation.override(page.locale.language_code):
        response = page.print_view(request)
        return response.render().content.decode()


def plan_html(context: dict, language: str) -> str:
    """The personal plan's document, autoescaped, in ``language``."""
    with translation.override(language):
        return render_to_string("guides/plan_pdf.html", context)
