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
``DECISION_TYPES``
    ``(value, label)`` pairs of the decisions a letter link is tagged with; an
    empty list lets staff type any.
``LINK_DISTRICTS``
    ``(value, label)`` pairs of the districts a letter link is tagged with; an
    empty list (the default) lets staff type any.
``PDF_RENDERER``
    The dotted path of the class that turns a page's print view into a PDF, a
    subclass of ``guides.pdf.PdfRenderer``. Tests may choose
    ``"guides.pdf.DummyRenderer"``.
``PDF_STORAGE``
    The alias in ``STORAGES`` where the PDFs of published guides are kept (they
    are public, so the media storage will do), under ``guides/pdf/``.
``PDF_TIMEOUT``
    The seconds one rendering may take before it is stopped and marked failed.
``PDF_MEMORY_MB``
    The memory (address space) in megabytes that one rendering may add to its
    worker process before it is stopped and marked failed.
``PDF_MAX_RESOURCE_BYTES``
    The largest static or media file (stylesheet, image, font) a PDF may embed.
``PDF_RETRY_AFTER``
    The seconds a reader is asked to wait when a guide's PDF is not ready yet;
    a render still queued after ten times this long is queued again.
``BRANDING``
    The dotted path of a function ``(site) -> guides.branding.Branding`` that
    gives the print view and the PDF the site's logo (a Wagtail image), name and
    accent colour. Empty (the default): the Wagtail site's name only. Read on
    every print view, so the site's settings take effect at once.
``PLAN_PDF_MAX_BYTES``
    The largest personal plan (the posted form, in bytes) made into a PDF.
``PLAN_PDF_CONCURRENCY``
    How many personal plans one server process renders at the same time; a
    request beyond that is asked to try again.
``PLAN_PDF_RATE_PER_CLIENT``
    How many personal plans one client (one address) may post per minute;
    beyond that it is answered 429 until the minute is over. The address is
    kept only as a keyed hash, in a cache counter that expires with the minute.
``PLAN_PDF_RATE_TOTAL``
    How many personal plans all clients together may post per minute.
``CLIENT_ADDRESS_META``
    The ``request.META`` key that holds the client's address for the rate
    limit: ``REMOTE_ADDR``, or a header that a trusted proxy in front sets
    (``HTTP_X_REAL_IP``); behind a proxy ``REMOTE_ADDR`` is the proxy's.
``CACHE_SECONDS``
    How long a public guide, brochure or print view may be kept by browsers,
    shared caches (``Cache-Control: public, max-age``) and the application's
    page cache; 0 sends ``private`` and turns the page cache off.
``CACHE_ALIAS``
    The alias in ``CACHES`` of the page cache and of the rate counters.
"""

from typing import Any

from django.conf import settings as django_settings
from django.utils.translation import gettext_lazy as _

DEFAULTS: dict[str, Any] = {
    "SURVEY_PAGE_TYPES": ["forms_ext.SurveyPage"],
    "RELATED_LIMIT": 6,
    "PDF_RENDERER": "guides.pdf.WeasyPrintRenderer",
    "PDF_STORAGE": "default",
    "PDF_TIMEOUT": 60,
    "PDF_MEMORY_MB": 1024,
    "PDF_MAX_RESOURCE_BYTES": 5 * 1024 * 1024,
    "PDF_RETRY_AFTER": 60,
    "BRANDING": "",
    "PLAN_PDF_MAX_BYTES": 20 * 1024,
    "PLAN_PDF_CONCURRENCY": 2,
    "PLAN_PDF_RATE_PER_CLIENT": 10,
    "PLAN_PDF_RATE_TOTAL": 120,
    "CLIENT_ADDRESS_META": "REMOTE_ADDR",
    "CACHE_SECONDS": 60,
    "CACHE_ALIAS": "default",
    "DECISION_TYPES": [
        ("municipal-flat", _("Municipal flat allocated")),
        ("start-loan", _("Start loan decision")),
        ("housing-allowance", _("Housing allowance")),
        ("deposit-guarantee", _("Deposit guarantee")),
    ],
    "LINK_DISTRICTS": [],
}


class AppSettings:
    """Attribute access to the app's settings, with the defaults above."""

    prefix = "GUIDES_"

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"guides has no setting {name!r}")
        return getattr(django_settings, self.prefix + name, DEFAULTS[name])


settings = AppSettings()
