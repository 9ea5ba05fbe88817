"""Right to left: an Arabic guide's print view and PDF mirror, and guides' CSS lets them.

The Arabic guide is made here: a small Norwegian guide, translated with
``copy_for_translation`` and given Arabic text, then published (which makes its
PDF through the same task as any guide).
"""

import io
import re
import unicodedata
import uuid
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from pypdf import PdfReader
from wagtail.models import Locale

from guides.models import GuidePage, GuidePdf
from guides.pdf.documents import print_html, request_for

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "guides" / "static" / "guides" / "css"

AR_TITLE = "دليل السكن"
AR_CHAPTERS = ("عن الخطة", "الخطوات")
AR_STEPS = ("اتصل بمكتب السكن", "قدم الطلب")
AR_CHECK = ("جواز السفر", "عقد الإيجار")


def items(values) -> list[dict]:
    """A ListBlock's raw value: each item with an id, as Wagtail stores it."""
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def chapter(title: str, slug: str, steps: tuple, checks: tuple) -> dict:
    step_values = items({"title": step, "text": "", "optional": False} for step in steps)
    return {
        "type": "chapter",
        "value": {
            "title": title,
            "slug": slug,
            "body": [
                {"type": "steps", "value": {"title": "", "steps": step_values}},
                {
                    "type": "checklist",
                    "value": {
                        "title": "",
                        "items": items(checks),
                    },
                },
            ],
        },
    }


def norwegian_body() -> list[dict]:
    return [
        chapter("Om planen", "om-planen", ("Ring boligkontoret",), ("Pass",)),
        chapter("Stegene", "stegene", ("Søk",), ("Leiekontrakt",)),
    ]


def arabic_body() -> list[dict]:
    return [
        chapter(AR_CHAPTERS[0], "om-planen", AR_STEPS, AR_CHECK),
        chapter(AR_CHAPTERS[1], "stegene", AR_STEPS, AR_CHECK),
    ]


@pytest.fixture
def arabic_guide(guide, django_capture_on_commit_callbacks):
    """A small guide in Norwegian and its Arabic translation, both published."""
    norwegian = GuidePage(
        title="Boligguide", slug="rtl-guide", intro="En liten guide.", body=norwegian_body()
    )
    guide.get_parent().add_child(instance=norwegian)
    norwegian.save_revision().publish()
    arabic_locale, _created = Locale.objects.get_or_create(language_code="ar")
    arabic = norwegian.copy_for_translation(arabic_locale, copy_parents=True)
    arabic.title = AR_TITLE
    arabic.intro = "دليل صغير للمستأجرين."
    arabic.body = arabic_body()
    with django_capture_on_commit_callbacks(execute=True):
        arabic.save_revision().publish()
    arabic.refresh_from_db()
    return arabic


@pytest.fixture
def arabic_pdf(arabic_guide) -> PdfReader:
    pdf = GuidePdf.objects.get(page=arabic_guide)
    assert pdf.status == "ready", pdf.error
    with pdf.file.open("rb") as file:
        return PdfReader(io.BytesIO(file.read()))


def letters(value: str) -> str:
    """Arabic text reduced to its letters: presentation forms unfolded, no spaces or marks.

    WeasyPrint writes shaped glyphs; pypdf gives them back in the order they
    stand on the line, which for Arabic may be reversed, and sometimes as
    presentation forms (U+FB50-U+FEFF). NFKC folds those into the base letters.
    """
    folded = unicodedata.normalize("NFKC", value)
    return "".join(char for char in folded if unicodedata.category(char).startswith("L"))


def placed_text(page) -> list[tuple[str, float, float]]:
    """The text runs of a PDF page with their x and y on the page (in points)."""
    runs = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return runs


def test_the_print_view_takes_its_direction_from_the_pages_locale(arabic_guide):
    with translation.override("en"):  # the reader's language does not decide it
        response = arabic_guide.print_view(request_for(arabic_guide))
        html = BeautifulSoup(response.render().content, "html.parser")
    assert html.html["lang"] == "ar" and html.html["dir"] == "rtl"
    assert "guides-print--rtl" in html.body["class"]
    norwegian = GuidePage.objects.get(slug="rtl-guide", locale__language_code="nb")
    with translation.override("en"):
        response = norwegian.print_view(request_for(norwegian))
        html = BeautifulSoup(response.render().content, "html.parser")
    assert html.html["lang"] == "nb" and html.html["dir"] == "ltr"
    assert "guides-print--rtl" not in html.body["class"]
    # Its words are the page's language too, not the reader's.
    assert html.select_one(".guides-print__toc h2").get_text(strip=True) == "Innhold"


def test_the_arabic_pdf_is_tagged_in_arabic_and_has_the_arabic_words(arabic_guide, arabic_pdf):
    assert 'dir="rtl"' in print_html(arabic_guide.live_revision).split(">", 2)[1]
    catalog = arabic_pdf.trailer["/Root"]
    assert catalog["/Lang"] == "ar"
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert arabic_pdf.metadata.title.startswith(AR_TITLE)
    text = letters(" ".join(page.extract_text() for page in arabic_pdf.pages))
    for words in (AR_TITLE, *AR_CHAPTERS, *AR_STEPS, *AR_CHECK):
        wanted = letters(words)
        assert wanted in text or wanted[::-1] in text, words


def test_page_numbers_running_header_and_step_numbers_are_on_the_mirrored_side(
    arabic_guide, arabic_pdf, django_capture_on_commit_callbacks
):
    norwegian = GuidePage.objects.get(slug="rtl-guide", locale__language_code="nb")
    with django_capture_on_commit_callbacks(execute=True):
        norwegian.save_revision().publish()
    with GuidePdf.objects.get(page=norwegian).file.open("rb") as file:
        norwegian_pdf = PdfReader(io.BytesIO(file.read()))
    width = float(arabic_pdf.pages[0].mediabox.width)
    total = len(arabic_pdf.pages)
    assert total > 1

    def number_x(reader, index):
        # In a right-to-left line "1 / 3" reads from the right: pypdf gives "3 / 1".
        number, pages = index + 1, len(reader.pages)
        wanted = {f"{number} / {pages}", f"{pages} / {number}"}
        return next(x for text, x, y in placed_text(reader.pages[index]) if text in wanted)

    assert number_x(arabic_pdf, 0) < width / 2 < number_x(norwegian_pdf, 0)
    assert number_x(arabic_pdf, 1) < width / 2 < number_x(norwegian_pdf, 1)
    # The running header (the title, from the second page on), at the top on the start side.
    height = float(arabic_pdf.pages[1].mediabox.height)
    top_ar = [x for text, x, y in placed_text(arabic_pdf.pages[1]) if y > height - 45]
    top_nb = [x for text, x, y in placed_text(norwegian_pdf.pages[1]) if y > height - 45]
    assert top_ar and min(top_ar) > width / 2
    assert top_nb and max(top_nb) < width / 2
    # The numbered steps: the number stands at the start of the line, right of the step in Arabic.
    runs = placed_text(arabic_pdf.pages[1])
    step_x = {text: x for text, x, y in runs if text in AR_STEPS}
    number_x_ar = [x for text, x, y in runs if text in ("1", "2")]
    assert len(step_x) == 2 and len(number_x_ar) == 2
    assert min(number_x_ar) > max(step_x.values())
    runs = placed_text(norwegian_pdf.pages[1])
    step_x = [x for text, x, y in runs if text == "Ring boligkontoret"]
    assert step_x and [x for text, x, y in runs if text == "1"][0] < step_x[0]


PHYSICAL = re.compile(
    r"(margin|padding|border)-(left|right)|(?<![-\w])(left|right)\s*:"
    r"|text-align:\s*(left|right)|float:\s*(left|right)|clear:\s*(left|right)"
)
ALLOWED: set[str] = set()  # "file:line" of a physical side that must stay physical


@pytest.mark.parametrize("name", ["guides.css", "guides-print.css"])
def test_guides_css_uses_logical_sides_only(name):
    found = [
        f"{name}:{number}: {line.strip()}"
        for number, line in enumerate((CSS / name).read_text().splitlines(), start=1)
        if PHYSICAL.search(line) and f"{name}:{number}" not in ALLOWED
    ]
    assert found == []


def test_the_physical_side_check_finds_a_physical_side():
    assert PHYSICAL.search(".x { margin-left: 1rem; }")
    assert PHYSICAL.search(".x { position: absolute; left: 0; }")
    assert PHYSICAL.search(".x { text-align: right; }")
    assert not PHYSICAL.search(".x { margin-inline-start: 1rem; inset-inline-start: 0; }")
    assert not PHYSICAL.search("@page { @top-left { content: none; } }")
