"""The site's branding in the print view and the PDF: logo, municipality name, accent colour."""

import io
import re

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from pypdf import PdfReader
from wagtail.images import get_image_model

from cms.models import SiteSettings
from guides.branding import Branding
from guides.pdf import RefusedResource, SiteURLFetcher, WeasyPrintRenderer
from guides.pdf.documents import print_html, site_origin

from .html import get_page

pytestmark = pytest.mark.django_db

LOGO_SIZE = (240, 120)  # the print view asks for height-80: 160 × 80 in the PDF
LOGO_RGB = (12, 140, 90)
ACCENT = "#6b1d4f"


@pytest.fixture
def branded(guide):
    """The demo site with a logo (a PNG made here) and an accent colour of its own."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", LOGO_SIZE, LOGO_RGB).save(buffer, format="PNG")
    logo = get_image_model().objects.create(
        title="Fjordvik logo", file=ImageFile(buffer, name="fjordvik-logo.png")
    )
    site_settings = SiteSettings.for_site(guide.get_site())
    site_settings.logo = logo
    site_settings.accent_colour = ACCENT
    site_settings.save()
    # The files stay in the tests' media folder: Wagtail caches renditions by image id,
    # and SQLite gives the next test's image the same id.
    return logo


def render(page):
    """The page's PDF made from its live revision by WeasyPrint, and what was refused."""
    result = WeasyPrintRenderer().render(print_html(page.live_revision), site_origin(page))
    return PdfReader(io.BytesIO(result.pdf)), result.refused


def images_of(page) -> list:
    """The image XObjects of one PDF page."""
    xobjects = page["/Resources"].get("/XObject", {})
    found = []
    for name in xobjects:
        xobject = xobjects[name].get_object()
        if xobject.get("/Subtype") == "/Image":
            found.append(xobject)
    return found


def test_the_print_view_shows_the_logo_with_the_municipality_as_its_text(client, branded):
    html = get_page(client, "/guides/boplan/print/")
    logo = html.select_one(".guides-print__header img.guides-print__logo")
    assert logo["alt"] == "Fjordvik kommune"
    assert logo["src"].startswith("/media/images/") and logo["height"] == "80"
    assert any(f"--bp-accent: {ACCENT};" in (style.string or "") for style in html("style"))


def test_without_a_logo_the_print_view_has_the_name_only(client):
    html = get_page(client, "/guides/boplan/print/")
    assert html.select_one(".guides-print__header img") is None
    assert html.select_one(".guides-print__site-name").get_text(strip=True) == "Fjordvik kommune"


def test_the_pdf_carries_the_logo_fetched_as_a_media_rendition(brochure, branded):
    reader, refused = render(brochure)
    assert refused == []
    first = reader.pages[0]
    logos = [
        image for image in images_of(first) if (image["/Width"], image["/Height"]) == (160, 80)
    ]
    assert logos, "the logo's rendition is not an image of the first page"
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "nb"
    # The logo is a figure of the tagged structure, with the municipality as its text.
    assert "Fjordvik kommune" in [str(alt) for alt in structure_alts(catalog["/StructTreeRoot"])]


def test_the_pdf_uses_the_accent_colour(brochure, branded):
    reader, _refused = render(brochure)
    accent = [int(ACCENT[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    stream = reader.pages[0].get_contents().get_data().decode("latin-1")
    colours = [
        [float(part) for part in match.groups()]
        for match in re.finditer(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", stream)
    ]
    assert any(all(abs(a - b) < 0.002 for a, b in zip(c, accent, strict=True)) for c in colours)


def test_only_the_media_files_are_let_through_and_a_colour_must_be_hex():
    """The logo comes in as a media file; the rest of the site stays refused."""
    fetcher = SiteURLFetcher("http://localhost", max_bytes=1024)
    for url in ["http://localhost/admin/", "http://localhost/media/../etc/passwd"]:
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)
    assert Branding(accent="red; } body { display: none").accent == ""
    assert Branding(accent=ACCENT).accent == ACCENT


def structure_alts(node, depth: int = 0) -> list:
    """Every /Alt of the structure tree under ``node``."""
    node = node.get_object()
    alts = [node["/Alt"]] if "/Alt" in node else []
    kids = node.get("/K", [])
    kids = kids if isinstance(kids, list) else [kids]
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if depth < 40 and hasattr(kid, "get") and ("/K" in kid or "/Alt" in kid):
            alts += structure_alts(kid, depth + 1)
    return alts
