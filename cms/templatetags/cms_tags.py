"""Template tags for the site layout: menus and links in the reader's language."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy
from wagtail.models import Locale, Page, Site

from guides.fallback import locale_codes, page_language, url_for_reader

from ..models import NavigationSettings, SiteSettings

register = template.Library()


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    is_current: bool = False
    lang: str = ""


def active_locale_id(request=None) -> int:
    """The id of the active language's locale, from the locales read once per request."""
    active = translation.get_language()
    found = [pk for pk, code in locale_codes(request).items() if code == active]
    return found[0] if found else Locale.get_active().pk


def localized_pages(pages: list[Page], request=None) -> dict[int, Page]:
    """Map each page's id to its live translation in the active language, in one query.

    A page without a live translation maps to itself, so the reader still gets a link.
    """
    locale_id = active_locale_id(request)
    keys = [page.translation_key for page in pages if page.locale_id != locale_id]
    translations = {
        page.translation_key: page
        for page in Page.objects.live().filter(locale_id=locale_id, translation_key__in=keys)
    }
    return {page.pk: translations.get(page.translation_key, page) for page in pages}


def _localized(page: Page, request=None) -> Page:
    return localized_pages([page], request)[page.pk]


def resolve_links(stream_value, request=None, current_page=None) -> list[MenuLink]:
    """Turn a stream of LinkBlock values into links, skipping unpublished pages."""
    values = [block.value for block in stream_value or []]
    chosen = [value["page"] for value in values if value.get("page") is not None]
    localized = localized_pages(chosen, request) if chosen else {}
    links = []
    for value in values:
        page = value.get("page")
        if page is None:
            links.append(MenuLink(value["label"], value["url"]))
            continue
        page = localized[page.pk]
        if not page.live:
            continue
        is_current = bool(current_page and current_page.path.startswith(page.path))
        url = url_for_reader(page, request, translation.get_language())
        links.append(MenuLink(value.get("label") or page.title, url, is_current))
    return links


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[MenuLink]:
    """The links of the site's main menu, in the reader's language."""
    request = context.get("request")
    if request is None:
        return []
    navigation = NavigationSettings.for_request(request)
    return resolve_links(navigation.main_menu, request, context.get("page"))


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[MenuLink]:
    """The footer links from the site settings."""
    request = context.get("request")
    if request is None:
        return []
    return resolve_links(SiteSettings.for_request(request).footer_links, request)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[MenuLink]:
    """One link per site language that keeps the reader on the same page and chapter.

    A language the page is published in links to that translation; any other
    links to the page in the default language under that language's prefix,
    where it stands in with a notice (``guides.fallback``), if the page type
    allows it. A guide's link follows the reader's chapter into the translation.
    """
    page = context.get("page")
    request = context.get("request")
    if page is None or request is None or not hasattr(page, "get_translations"):
        return []
    versions = {
        page_language(version, request): version
        for version in [page, *page.get_translations().live().specific()]
    }
    stand_in = versions.get(settings.LANGUAGE_CODE, page)
    can_stand_in = getattr(stand_in, "language_fallback", False)
    active = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        target = versions.get(code) or (stand_in if can_stand_in else None)
        if target is None:
            continue
        with translation.override(code):
            name = capfirst(translation.get_language_info(code)["name_local"])
            url = url_for_reader(target, request, code) + _route_suffix(page, target, context)
        links.append(MenuLink(name, url, code == active, code))
    return links if len(links) > 1 else []


def _route_suffix(page: Page, target: Page, context) -> str:
    """The part of the address after the page's own: a guide's chapter, the print view."""
    suffix = getattr(page, "language_route_suffix", None)
    return suffix(target, context) if suffix else ""


@register.simple_tag(takes_context=True)
def content_language(context) -> dict | None:
    """When the page stands in for a missing translation: its language and the reader's.

    The template marks the page's content with its own ``lang`` and ``dir`` and
    tells the reader, in their language, which language they are reading.
    """
    page = context.get("page")
    request = context.get("request")
    reader = getattr(request, "fallback_language", None)
    if page is None or not reader:
        return None
    code = page_language(page, request)
    if code == reader:
        return None
    return {
        "code": code,
        "dir": "rtl" if translation.get_language_info(code)["bidi"] else "ltr",
        "name": name_in_sentence(code),
        "reader_name": name_in_sentence(reader),
    }


# Language names as they read inside a sentence ("på svensk", "in Swedish"), which
# in many languages differs from a menu's capitalised name.
NAMES_IN_SENTENCE = {
    "nb": pgettext_lazy("language name inside a sentence", "Norwegian Bokmål"),
    "nn": pgettext_lazy("language name inside a sentence", "Norwegian Nynorsk"),
    "sv": pgettext_lazy("language name inside a sentence", "Swedish"),
    "en": pgettext_lazy("language name inside a sentence", "English"),
    "ar": pgettext_lazy("language name inside a sentence", "Arabic"),
}


def name_in_sentence(code: str) -> str:
    name = NAMES_IN_SENTENCE.get(code) or dict(settings.LANGUAGES).get(code, code)
    return str(name)


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    """The address of the home page in the reader's language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return "/"
    return (
        url_for_reader(_localized(site.root_page, request), request, translation.get_language())
        or "/"
    )


@register.simple_tag(takes_context=True)
def link_url(context, value) -> str:
    """The address of one LinkBlock value, the page in the reader's language."""
    page = value.get("page")
    if page is None:
        return value.get("url") or ""
    request = context.get("request")
    return url_for_reader(_localized(page, request), request, translation.get_language())
