"""Template tags of the print view: the page's own language and direction, the site's branding."""

from dataclasses import dataclass

from django import template
from django.conf import settings as django_settings

from ..branding import Branding, get_branding

register = template.Library()


@dataclass
class PageLanguage:
    code: str
    bidi: bool


@register.simple_tag
def guides_page_language(page) -> PageLanguage:
    """The language of ``page``'s locale and whether it is written right to left.

    The print view and the PDF take both from the page, not from the request:
    a reader may reach a page in another language (a fallback), and the PDF's
    renderer has no reader at all. Decided as Django decides ``get_language_bidi``.
    """
    code = page.locale.language_code
    return PageLanguage(code=code, bidi=code.split("-")[0] in django_settings.LANGUAGES_BIDI)


@register.simple_tag
def guides_branding(page) -> Branding:
    """The branding of the site ``page`` belongs to (``GUIDES_BRANDING``)."""
    return get_branding(page.get_site())
