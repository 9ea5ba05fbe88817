"""The settings of guides, each read from ``GUIDES_<NAME>`` with a default.

Read them as ``from guides.conf import settings; settings.NAME``. They are
looked up on every access, so ``override_settings`` works in tests. Each
setting is added here together with the feature that reads it.
"""

from typing import Any

from django.conf import settings as django_settings

DEFAULTS: dict[str, Any] = {}


class AppSettings:
    """Attribute access to the app's settings, with the defaults above."""

    prefix = "GUIDES_"

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"guides has no setting {name!r}")
        return getattr(django_settings, self.prefix + name, DEFAULTS[name])


settings = AppSettings()
