"""Finding the page an XLSForm command names: by id, by its address or by its url_path."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from forms_ext.xlsform.columns import content_languages


def _under_site(value: str) -> str:
    """The url_path of an address on the default site: "/surveys/", "/sv/surveys/"."""
    site = Site.objects.select_related("root_page__locale").get(is_default_site=True)
    root = site.root_page
    parts = [part for part in value.strip("/").split("/") if part]
    if parts and parts[0] in content_languages() and parts[0] != root.locale.language_code:
        locale = Locale.objects.filter(language_code=parts[0]).first()
        translated = root.get_translation_or_none(locale) if locale else None
        if translated is not None:
            root, parts = translated, parts[1:]
    return root.url_path + "".join(f"{part}/" for part in parts)


def find_page(value: str) -> Page:
    """The page with this id, address on the default site ("/surveys/") or url_path."""
    value = (value or "").strip()
    if value.isdigit():
        page = Page.objects.filter(pk=int(value)).first()
    else:
        path = "/" + value.strip("/") + "/" if value.strip("/") else "/"
        page = Page.objects.filter(url_path=_under_site(path)).first()
        page = page or Page.objects.filter(url_path=path).first()
    if page is None:
        raise CommandError(_("There is no page “%(page)s”.") % {"page": value})
    return page.specific
