"""Letter links: codes, the public redirect, counting opens, QR codes and the letter paragraph."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db.models import QuerySet
from django.utils import timezone, translation
from wagtail.models import Locale

from guides import links
from guides.models import LetterLink, LinkOpen
from guides.models.links import CODE_ALPHABET

from .html import soup, text

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def make_link(page, language: str | None = None, **fields) -> LetterLink:
    locale = Locale.objects.get(language_code=language) if language else None
    return LetterLink.objects.create(page=page, locale=locale, **fields)


def test_codes_are_six_unambiguous_characters_and_unique(guide):
    made = [make_link(guide).code for _n in range(50)]
    assert len(set(made)) == 50
    for code in made:
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)


def test_code_is_read_case_insensitively():
    assert links.normalise_code(" 7kq2xd ") == "7KQ2XD"
    assert links.normalise_code("7KQ2X0") is None  # 0 is not in the alphabet
    assert links.normalise_code("7KQ2X") is None


def test_link_redirects_to_the_guide_and_sets_no_cookie(client, guide):
    link = make_link(guide, district="nord")
    response = client.get(f"/l/{link.code.lower()}")
    assert response.status_code == 302
    assert response["Location"] == "/guides/boplan/"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Set-Cookie" not in str(response.serialize_headers())


def test_link_redirects_to_the_translation_and_its_chapter(client, guide):
    link = make_link(guide, "en", section="startlan")
    response = client.get(f"/l/{link.code}")
    assert response["Location"] == "/en/guides/boplan/startlan/"


def test_a_section_anchor_leads_to_its_chapter_and_heading(guide):
    chapter = next(c for c in guide.outline if c.number > 1 and c.sections)
    link = make_link(guide, section=chapter.sections[0].anchor)
    assert links.destination(link) == (
        f"/guides/boplan/{chapter.slug}/#{chapter.sections[0].anchor}"
    )


def test_a_language_without_a_live_translation_opens_the_guide_in_that_languages_site(
    client, guide
):
    """The Norwegian guide stands in under /sv/, with a notice in Swedish (``fallback``)."""
    link = make_link(guide, "sv")
    assert client.get(f"/l/{link.code}")["Location"] == "/sv/guides/boplan/"


@pytest.mark.parametrize("change", [{"active": False}, {"expires_on": datetime.date(2020, 1, 1)}])
def test_a_retired_link_shows_a_friendly_page_pointing_to_the_guide(client, guide, change):
    link = make_link(guide, **change)
    response = client.get(f"/l/{link.code}")
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not response.cookies
    page = soup(response.content)
    assert page.find("a", href="/guides/boplan/")
    assert not LinkOpen.objects.filter(link=link).exists()


def test_an_unknown_code_is_a_friendly_404(client):
    response = client.get("/l/ZZZZZZ")
    assert response.status_code == 404
    with translation.override("nb"):  # the address has no prefix: Norwegian Bokmål
        expected = translation.gettext("This link no longer works")
    assert expected in text(soup(response.content).find("h1"))


def test_opens_are_counted_once_per_link_and_day(client, guide):
    link = make_link(guide)
    client.get(f"/l/{link.code}")
    client.get(f"/l/{link.code}")
    assert list(LinkOpen.objects.filter(link=link).values_list("day", "count")) == [
        (timezone.localdate(), 2)
    ]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    links.count_open(link, tomorrow)
    assert LinkOpen.objects.get(link=link, day=tomorrow).count == 1


def test_counting_after_a_lost_insert_race_still_adds_one(guide, monkeypatch):
    """Another request inserts the day's row between this one's update and its insert."""
    link = make_link(guide)
    day = timezone.localdate()
    real_update = QuerySet.update

    def rival_inserts_first(self, **kwargs):
        monkeypatch.setattr(QuerySet, "update", real_update)
        LinkOpen.objects.create(link=link, day=day, count=1)
        return 0

    monkeypatch.setattr(QuerySet, "update", rival_inserts_first)
    links.count_open(link, day)
    assert list(LinkOpen.objects.filter(link=link).values_list("count", flat=True)) == [2]


def test_nothing_about_the_reader_is_stored(client, guide):
    link = make_link(guide)
    client.get(f"/l/{link.code}", HTTP_USER_AGENT="Secret-Agent/1.0", REMOTE_ADDR="203.0.113.9")
    names = {field.name for model in (LetterLink, LinkOpen) for field in model._meta.fields}
    assert names & {"ip", "ip_address", "user_agent", "referrer", "session"} == set()
    row = LinkOpen.objects.filter(link=link).values().get()
    assert set(row) == {"id", "link_id", "day", "count"}
    assert "203.0.113.9" not in str(row) and "Secret-Agent" not in str(row)


def test_qr_svg_has_a_title_and_parses(guide):
    link = make_link(guide, "en")
    root = ET.fromstring(links.qr_svg(link))  # noqa: S314 - our own SVG
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == f"QR code for http://testserver/l/{link.code}"


def test_qr_png_is_a_png_scaled_for_print(guide):
    link = make_link(guide)
    png = links.qr_png(link)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width >= 25 * links.QR_PNG_SCALE  # at least 25 modules, 10 px each


def test_paragraph_in_english_names_the_translated_guide_and_the_link(guide):
    link = make_link(guide, "en")
    with translation.override("nb"):  # the admin's language does not matter
        paragraph = links.letter_paragraph(link)
    assert paragraph.startswith("Read the guide “Housing plan – moving on from a municipal flat”")
    assert f"http://testserver/l/{link.code}" in paragraph


def test_paragraph_is_written_in_the_links_language(guide, monkeypatch):
    """The text is translated in Norwegian for a Norwegian link, whatever the admin speaks."""
    monkeypatch.setattr(links, "gettext", lambda s: f"[{translation.get_language()}] {s}")
    with translation.override("en"):
        paragraph = links.letter_paragraph(make_link(guide, "nb"))
    assert paragraph.startswith("[nb] Read the guide “Boplan – veien videre fra kommunal bolig”")


def test_neutralise_prefixes_formula_cells():
    assert [links.neutralise(v) for v in ["=1+1", "+4", "-2", "@x", "\tx", "nord", 3]] == [
        "'=1+1",
        "'+4",
        "'-2",
        "'@x",
        "'\tx",
        "nord",
        3,
    ]
    lines = "".join(links.csv_lines(["a"], [["=HYPERLINK()"]]))
    assert lines.splitlines()[1] == "'=HYPERLINK()"
