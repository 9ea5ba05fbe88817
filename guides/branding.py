"""The site's branding on paper: the logo, name and accent colour of the print view and PDF.

``guides`` does not know the site's settings model; the site names a function
in ``GUIDES_BRANDING`` that returns a ``Branding`` for a Wagtail site (Boportal's
is ``cms.branding.guides_branding``). Without one, the print view carries the
Wagtail site's name only.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .conf import settings

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass
class Branding:
    """What the print view shows of the site.

    ``logo`` is a Wagtail image or None; ``name`` is its alternative text (and the
    site's name); ``accent`` a ``#rrggbb`` colour or "" for the default.
    """

    name: str = ""
    logo: Any = None
    accent: str = ""

    def __post_init__(self) -> None:
        # The colour goes into a <style> element: anything but #rrggbb is dropped.
        if not HEX_COLOUR.match(self.accent or ""):
            self.accent = ""


def get_branding(site) -> Branding:
    """The branding of ``site`` from ``GUIDES_BRANDING``, or its name alone."""
    path = settings.BRANDING
    fallback = Branding(name=getattr(site, "site_name", "") or "")
    if not path or site is None:
        return fallback
    try:
        function = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"GUIDES_BRANDING: cannot import {path!r}") from error
    branding = function(site)
    if not branding.name:
        branding.name = fallback.name
    return branding
