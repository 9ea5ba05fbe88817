"""Template tags for the site layout: menus and links in the reader's language."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from wagtail.models import Locale, Page, Site

from ..models import NavigationSettings, SiteSettings

register = template.Library()


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    is_current: bool = False
    lang: str = ""


def active_locale(request=None) -> Locale:
    """The locale of the active language, looked up once per request."""
    locale = getattr(request, "_boportal_locale", None)
    if locale is None or locale.language_code != translation.get_language():
        locale = Locale.get_active()
        if request is not None:
            request._boportal_locale = locale
    return locale


def localized_pages(pages: list[Page], request=None) -> dict[int, Page]:
    """Map each page's id to its live translation in the active language, in one query.

    A page without a live translation maps to itself, so the reader still gets a link.
    """
    locale = active_locale(request)
    keys = [page.translation_key for page in pages if page.locale_id != locale.pk]
    translations = {
        page.translation_key: page
        for page in Page.objects.live().filter(locale=locale, translation_key__in=keys)
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
        url = page.get_url(request=request)
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
    """One link per language that the current page is published in, for the language menu."""
    page = context.get("page")
    request = context.get("request")
    active = translation.get_language()
    if page is None or not hasattr(page, "get_translations"):
        return []
    versions = [page, *page.get_translations().live().select_related("locale")]
    order = [code for code, _name in settings.LANGUAGES]
    versions.sort(key=lambda p: order.index(p.locale.language_code))
    links = []
    for version in versions:
        code = version.locale.language_code
        with translation.override(code):
            name = capfirst(translation.get_language_info(code)["name_local"])
        url = version.get_url(request=request)
        links.append(MenuLink(name, url, code == active, code))
    return links if len(links) > 1 else []


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    """The address of the home page in the reader's language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return "/"
    return _localized(site.root_page, request).get_url(request=request) or "/"


@register.simple_tag(takes_context=True)
def link_url(context, value) -> str:
    """The address of one LinkBlock value, the page in the reader's language."""
    page = value.get("page")
    if page is None:
        return value.get("url") or ""
    request = context.get("request")
    return _localized(page, request).get_url(request=request) or ""
