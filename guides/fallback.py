"""Pages that stand in for their missing translations, in the default language.

A reader who follows /sv/guides/boplan/ when the guide has no Swedish
translation reads the Norwegian guide there, with a notice, instead of a
"page not found". The page keeps the reader's language prefix, so the site
around it (menus, notices, the language switcher, links to other guides) stays
in the reader's language, and every link it makes to itself (chapters, print
view, PDF) keeps the prefix too.

How it fits Wagtail's routing: the site's root page (``cms.HomePage``) routes
the path in its own language first and, when that finds nothing, in the default
language's tree (``route_with_fallback``). Only page types that set
``language_fallback = True`` (this module's mixin) are served that way; forms
and surveys are not, since an answer must be given in a language the survey
was published in. ``request.fallback_language`` marks such a request.
"""

from contextlib import contextmanager

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale


class LanguageFallbackMixin:
    """A page that readers of other languages may read in its own language, with a notice."""

    language_fallback = True

    def get_url_parts(self, request=None):
        """Wagtail's address of the page, under the reader's language prefix when standing in."""
        parts = super().get_url_parts(request=request)
        reader = getattr(request, "fallback_language", None)
        if not parts or parts[2] is None or not reader:
            return parts
        language = page_language(self, request)
        if reader == language or language != settings.LANGUAGE_CODE:
            return parts
        site_id, root_url, page_path = parts
        with translation.override(reader):
            page_path = reverse("wagtail_serve", args=(page_path.lstrip("/"),))
        return site_id, root_url, page_path


def locale_codes(request=None) -> dict[int, str]:
    """The language code of each locale by its id, read once per request."""
    codes = getattr(request, "_boportal_locale_codes", None)
    if codes is None:
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        if request is not None:
            request._boportal_locale_codes = codes
    return codes


def page_language(page, request=None) -> str:
    """The language code of ``page``'s locale, without a query per page."""
    if "locale" in page._state.fields_cache:
        return page.locale.language_code
    return locale_codes(request)[page.locale_id]


def route_with_fallback(root, request, path_components, route):
    """Route ``path_components`` from ``root``, else from its default-language translation.

    ``route`` is the root page's own routing (``super().route``). The request is
    marked when the page found is in another language than the reader's.
    """
    try:
        result = route(request, path_components)
    except Http404:
        default_root = root.get_translation_or_none(Locale.get_default())
        if default_root is None or default_root.pk == root.pk:
            raise
        result = default_root.specific.route(request, path_components)
        if not getattr(result.page, "language_fallback", False):
            raise Http404("This page has no translation into the reader's language.") from None
    mark(request, result.page)
    return result


def mark(request, page) -> None:
    """Remember that ``page`` stands in for a translation into the reader's language."""
    reader = translation.get_language()
    if getattr(page, "language_fallback", False) and page_language(page, request) != reader:
        request.fallback_language = reader


@contextmanager
def reading_in(request, language: str | None):
    """Compute addresses as a reader of ``language`` would follow them (None: the page's own)."""
    saved = getattr(request, "fallback_language", None)
    request.fallback_language = language
    try:
        yield
    finally:
        request.fallback_language = saved


def url_for_reader(page, request, language: str) -> str:
    """The address of ``page`` for a reader of ``language``: its own, or under their prefix."""
    page = page.specific_deferred  # the page type decides; no query for a page from a menu
    if request is None:
        return page.get_url() or ""
    stands_in = getattr(page, "language_fallback", False) and (
        page_language(page, request) != language
    )
    with reading_in(request, language if stands_in else None):
        return page.get_url(request) or ""
