"""The settings of guides, each read from ``GUIDES_<NAME>`` with a default.

Read them as ``from guides.conf import settings; settings.PDF_RENDERER``. They
are looked up on every access, so ``override_settings`` works in tests.
"""

from typing import Any

from django.conf import settings as django_settings

DEFAULTS: dict[str, Any] = {
    # Dotted path of the class that renders guides to PDF.
    "PDF_RENDERER": "guides.pdf.WeasyPrintRenderer",
}


class AppSettings:
    """Attribute access to the app's settings, with the defaults above."""

    prefix = "GUIDES_"

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"guides has no setting {name!r}")
        return getattr(django_settings, self.prefix + name, DEFAULTS[name])


settings = AppSettings()
