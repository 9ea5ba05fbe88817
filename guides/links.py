"""Letter links: where a code leads, counting its opens, its QR code and its letter paragraph.

Settings (read here until ``guides.conf`` takes them over):

``GUIDES_DECISION_TYPES``
    The decision types a link may be tagged with, as ``(value, label)`` pairs.
    An empty list lets staff type any decision type.
``GUIDES_LINK_DISTRICTS``
    The districts a link may be tagged with, as ``(value, label)`` pairs. The
    default is empty: staff type the district, as guides knows no organisation.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from typing import Any

import segno
from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Page

from .conf import settings as app_settings
from .fallback import url_for_reader
from .models import LetterLink, LinkOpen
from .models.links import CODE_ALPHABET, CODE_LENGTH
from .outline import chapter_address

QR_PNG_SCALE = 10  # pixels per module: about 4 cm wide at 300 dpi for a short link
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def decision_types() -> list[tuple[str, Any]]:
    """The ``GUIDES_DECISION_TYPES`` setting: ``(value, label)`` pairs, empty for free text."""
    return list(app_settings.DECISION_TYPES)


def districts() -> list[tuple[str, Any]]:
    """The ``GUIDES_LINK_DISTRICTS`` setting: ``(value, label)`` pairs, empty for free text."""
    return list(app_settings.LINK_DISTRICTS)


def label_for(choices: list[tuple[str, Any]], value: str) -> str:
    """The label of ``value`` among ``choices``, or the value itself (free text, old choice)."""
    return str(dict(choices).get(value, value))


def normalise_code(raw: str) -> str | None:
    """The code as stored ("7kq2xd " gives "7KQ2XD"), or None if it cannot be one."""
    code = raw.strip().upper().replace("-", "")
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return None
    return code


def count_open(link: LetterLink, day: datetime.date | None = None) -> None:
    """Add one open of ``link`` on ``day`` (today): one row per link and day, safe under races.

    The increment runs in the database (``count = count + 1``); when the day's
    row does not exist yet, it is inserted, and an insert that loses a race
    with another request's insert becomes an increment.
    """
    day = day or timezone.localdate()
    rows = LinkOpen.objects.filter(link=link, day=day)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            LinkOpen.objects.create(link=link, day=day, count=1)
    except IntegrityError:
        rows.update(count=F("count") + 1)


# Where a link leads


def target_page(link: LetterLink) -> Page | None:
    """The live page in the link's language, else the live page itself, else None."""
    page = link.page
    if page is None:
        return None
    if link.locale_id and link.locale_id != page.locale_id:
        translated = page.get_translations().filter(locale_id=link.locale_id).live().first()
        if translated is not None:
            return translated.specific
    return page.specific if page.live else None


def section_choices(page: Page) -> list[str]:
    """The chapter slugs and section anchors a link to ``page`` may point at."""
    page = page.specific
    if isinstance(getattr(page, "outline", None), list):  # a guide in chapters
        return [
            name
            for chapter in page.outline
            for name in [chapter.slug, *(section.anchor for section in chapter.sections)]
        ]
    outline = getattr(page, "outline", None)
    return [section.anchor for section in outline[1]] if outline else []


def _section_address(source: Page, target: Page, slug: str) -> str:
    """The #anchor of a brochure's section, followed into the translation by position."""
    anchors = [section.anchor for section in source.outline[1]]
    translated = [section.anchor for section in target.outline[1]]
    if slug in anchors and anchors.index(slug) < len(translated):
        return "#" + translated[anchors.index(slug)]
    return ""


def destination(link: LetterLink, request=None) -> str | None:
    """The address a link leads to, with its chapter and section, or None if nowhere.

    A guide not translated into the link's language opens in the default
    language under the link's language prefix, with a notice (``fallback``).
    """
    target = target_page(link)
    if target is None:
        return None
    url = url_for_reader(target, request, link_language(link))
    if not url:
        return None
    if link.section:
        source = link.page.specific
        chapters = isinstance(getattr(source, "outline", None), list)
        address = chapter_address if chapters else _section_address
        url += address(source, target, link.section)
    return url


def short_url(link: LetterLink) -> str:
    """The full short address printed in letters, e.g. https://boportal.example/l/7KQ2XD."""
    base = getattr(django_settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return base.rstrip("/") + reverse("guides_letter_link", args=[link.code])


# QR code and letter paragraph


def link_language(link: LetterLink) -> str:
    """The language the letter is written in: the link's, else the guide's, else the site's."""
    locale = link.locale or (link.page.locale if link.page else None)
    return locale.language_code if locale else django_settings.LANGUAGE_CODE


def qr_title(link: LetterLink) -> str:
    with translation.override(link_language(link)):
        return gettext("QR code for %(url)s") % {"url": short_url(link)}


def qr_svg(link: LetterLink, scale: int = 4) -> str:
    """The QR code as an SVG document with a title (for screen readers and print software)."""
    qr = segno.make(short_url(link), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=scale, title=qr_title(link), xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def qr_png(link: LetterLink, scale: int = QR_PNG_SCALE) -> bytes:
    """The QR code as a PNG for print, ``scale`` pixels per module."""
    buffer = io.BytesIO()
    segno.make(short_url(link), error="m").save(buffer, kind="png", scale=scale)
    return buffer.getvalue()


def letter_paragraph(link: LetterLink) -> str:
    """A paragraph for the decision letter, in the link's language."""
    target = target_page(link) or link.page
    with translation.override(link_language(link)):
        return gettext(
            "Read the guide “%(title)s” online: %(url)s. You can also scan the QR code "
            "with your phone's camera."
        ) % {"title": target.title if target else "", "url": short_url(link)}


# The report


def opens_by_week(opens: QuerySet | None = None) -> QuerySet:
    """Opens summed in the database per ISO week (Monday) and link, newest week first."""
    opens = LinkOpen.objects.all() if opens is None else opens
    return (
        opens.annotate(week=TruncWeek("day"))
        .values(
            "week",
            "link_id",
            "link__code",
            "link__district",
            "link__decision_type",
            "link__page__title",
        )
        .annotate(opens=Sum("count"))
        .order_by("-week", "link__code")
    )


def iso_week(day: datetime.date | datetime.datetime) -> str:
    """ "2026-W05" for any day of that ISO week."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet would read as a formula, prefixed with ' so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV lines, one at a time, with every cell that could be a formula neutralised."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])
