"""What the XLSForm reader and writer share: Boportal's own columns, languages and names."""

from __future__ import annotations

import re

from django.conf import settings

#: Survey-sheet column with the Boportal field type of a row (pyxform ignores unknown columns).
TYPE_COLUMN = "boportal_type"
#: Survey-sheet column with a JSON object of attributes no standard column holds.
OPTIONS_COLUMN = "boportal_options"
#: Survey-sheet column (one per language) with a JSON object of texts no standard column holds.
TEXTS_COLUMN = "boportal_texts"
#: Settings-sheet columns with the page's texts (one per language) and its settings.
TITLE_COLUMN = "boportal_title"
INTRO_COLUMN = "boportal_intro"
THANK_YOU_COLUMN = "boportal_thank_you_text"
SETTINGS_COLUMN = "boportal_settings"

#: How a language is named in a column header: its own name, then its code in brackets.
LANGUAGE_NAMES = {
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
}
#: Names and codes of languages as XLSForms write them, lower case, by Boportal code.
LANGUAGE_ALIASES = {
    "nb": (
        "nb", "no", "nob", "nor", "norsk", "bokmål", "bokmal", "norsk bokmål", "norsk bokmal",
        "norwegian", "norwegian bokmål", "norwegian bokmal", "norsk (bokmål)",
    ),
    "nn": ("nn", "nno", "nynorsk", "norsk nynorsk", "norwegian nynorsk", "norsk (nynorsk)"),
    "sv": ("sv", "swe", "svenska", "svensk", "swedish"),
    "en": ("en", "eng", "english", "engelsk"),
    "ar": ("ar", "ara", "arabic", "arabisk", "العربية", "العربيّة", "عربي"),
}  # fmt: skip
_BRACKETED_CODE = re.compile(r"\(\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*\)\s*$")
_XML_NAME_START = re.compile(r"^[A-Za-z_]")


def content_languages() -> list[str]:
    """The codes of the languages pages can be written in (``WAGTAIL_CONTENT_LANGUAGES``)."""
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def _alias_code(text: str) -> str | None:
    text = text.strip().lower()
    for code, aliases in LANGUAGE_ALIASES.items():
        if text in aliases:
            return code
    return None


def language_code(name: str) -> str | None:
    """The Boportal code of a language as an XLSForm column names it, or None if none fits.

    "English (en)", "Svenska (sv)", "nb-NO", "Norsk", "العربية" and "eng" are all
    understood; a code in brackets wins over the name before it.
    """
    bracketed = _BRACKETED_CODE.search(name or "")
    code = _alias_code(bracketed.group(1)) if bracketed else None
    if code is None:
        code = _alias_code(re.split(r"[-_]", name or "")[0]) or _alias_code(name or "")
    return code if code in content_languages() else None


def column_language(code: str) -> str:
    """How a language is written after ``::`` in a column header: "Svenska (sv)"."""
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


def xml_name(key: str) -> str:
    """A question key as an XLSForm name: names begin with a letter or "_", and "meta" is taken.

    ``answer_key`` drops the leading "_" again on import, so the key comes back unchanged.
    """
    return key if _XML_NAME_START.match(key) and key != "meta" else f"_{key}"
