"""The settings of forms_ext, each read from ``FORMS_EXT_<NAME>`` with a default.

Read them as ``from forms_ext.conf import settings; settings.TIME_ZONE``. They
are looked up on every access, so ``override_settings`` works in tests.
"""

from typing import Any

from django.conf import settings as django_settings

DEFAULTS: dict[str, Any] = {
    # The time zone in which reporting periods open and close.
    "TIME_ZONE": "Europe/Oslo",
    # Local time from which coordinators get the day's e-mail of units late with a report.
    "INVENTORY_DIGEST_TIME": "12:00",
    # Public aggregates hide counts smaller than this, so no person is singled out.
    "MIN_PUBLIC_COUNT": 5,
    # Days a half-filled survey can be resumed from its private link before it is deleted.
    "DRAFT_DAYS": 30,
    # E-mail domains that notifications of new answers may be sent to.
    "NOTIFY_DOMAINS": [],
    # The alias in STORAGES where uploaded answers are kept: never public media.
    "UPLOAD_STORAGE": "forms_ext_uploads",
    # File types a survey accepts, by extension; each is also checked by its content.
    "UPLOAD_EXTENSIONS": ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "odt", "ods", "txt"],
    # The largest file a survey accepts, in megabytes.
    "UPLOAD_MAX_MB": 10,
    # Exports of more rows than this are written by a background task, then fetched.
    "EXPORT_SYNC_MAX_ROWS": 5000,
    # Hours a finished background export can be downloaded before it is deleted.
    "EXPORT_HOURS": 24,
    # The largest XLSForm (.xlsx) an editor may import, in bytes.
    "XLSFORM_MAX_BYTES": 2 * 1024 * 1024,
}


class AppSettings:
    """Attribute access to the app's settings, with the defaults above."""

    prefix = "FORMS_EXT_"

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"forms_ext has no setting {name!r}")
        return getattr(django_settings, self.prefix + name, DEFAULTS[name])


settings = AppSettings()
