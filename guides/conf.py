"""The settings of guides, each read from ``GUIDES_<NAME>`` with a default.

Read them as ``from guides.conf import settings; settings.NAME``. They are
looked up on every access, so ``override_settings`` works in tests. Each
setting is added here together with the feature that reads it.

``SURVEY_PAGE_TYPES``
    The page types (``"app_label.ModelName"``) that the "link to a survey" block
    may choose. An empty list allows any page. Read when the blocks are defined,
    so a change needs a restart (and a new migration of the guides app).
``RELATED_LIMIT``
    How many related guides a guide or brochure shows at most.
"""

from typing import Any

from django.conf import settings as django_settings

DEFAULTS: dict[str, Any] = {
    "SURVEY_PAGE_TYPES": ["forms_ext.SurveyPage"],
    "RELATED_LIMIT": 6,
}


class AppSettings:
    """Attribute access to the app's settings, with the defaults above."""

    prefix = "GUIDES_"

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"guides has no setting {name!r}")
        return getattr(django_settings, self.prefix + name, DEFAULTS[name])


settings = AppSettings()
