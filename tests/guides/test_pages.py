"""Guide, brochure and index pages: chapters, contents, "you are here", related guides."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.blocks import GuideBodyBlock
from guides.models import BrochurePage, GuideIndexPage, GuidePage, KeyFigure
from guides.outline import anchor_slug, guide_outline
from tests.utils import home_page

from .html import get_page, soup, text

pytestmark = pytest.mark.django_db

CHAPTERS = [
    "Om boplanen",
    "Leie privat",
    "Kjøpe med startlån",
    "Bostøtte",
    "Bli boende",
    "Din boplan",
]


def toc_links(html):
    return [(text(a), a["href"]) for a in html.select(".guides-toc__link")]


def test_demo_guide_opens_on_its_first_chapter_with_the_contents(client):
    html = get_page(client, "/guides/boplan/")
    assert text(html.find("h1")) == "Boplan – veien videre fra kommunal bolig"
    assert len(html.find_all("h1")) == 1
    assert "Du har fått en kommunal bolig" in text(html.find(class_="guides-lead"))
    assert [label for label, _href in toc_links(html)] == CHAPTERS
    assert toc_links(html)[1] == ("Leie privat", "/guides/boplan/leie-privat/")
    assert text(html.select_one(".guides-chapter h2")) == "Om boplanen"
    assert "Boligkontoret i Fjordvik" in text(html.find(class_="guides-contact"))


def test_the_contents_mark_the_chapter_the_reader_is_on(client):
    html = get_page(client, "/guides/boplan/leie-privat/")
    current = html.select('.guides-toc [aria-current="page"]')
    assert [text(link) for link in current] == ["Leie privat"]
    assert text(html.find("title")).startswith("Leie privat – Boplan")
    assert "guides-toc__item--current" in current[0].parent["class"]


def test_step_navigation_leads_to_the_previous_and_next_chapter(client):
    with_translation = get_page(client, "/en/guides/boplan/leie-privat/")
    pager = with_translation.find(class_="guides-pager")
    assert text(pager.find(class_="guides-pager__position")) == "Chapter 2 of 6"
    assert pager.find("a", rel="prev")["href"] == "/en/guides/boplan/"
    assert pager.find("a", rel="next")["href"] == "/en/guides/boplan/startlan/"
    last = get_page(client, "/guides/boplan/din-boplan/").find(class_="guides-pager")
    assert last.find("a", rel="next") is None


def test_first_chapter_has_one_address_and_unknown_chapters_are_not_found(client):
    response = client.get("/guides/boplan/om-boplanen/")
    assert response.status_code == 302
    assert response["Location"] == "/guides/boplan/"
    assert client.get("/guides/boplan/finnes-ikke/").status_code == 404


def test_contents_anchors_match_the_headings(client):
    html = get_page(client, "/guides/boplan/startlan/")
    sections = html.select(".guides-toc__sections a")
    assert [(text(a), a["href"]) for a in sections] == [
        ("Dokumenter til søknaden om startlån", "#dokumenter")
    ]
    target = html.find(id="dokumenter")
    assert target.name == "h3" and text(target) == "Dokumenter til søknaden om startlån"


@pytest.mark.parametrize("url", ["/guides/boplan/din-boplan/", "/guides/boplan/print/"])
def test_every_id_on_a_guide_page_is_unique(client, url):
    ids = re.findall(r'\sid="([^"]+)"', client.get(url).content.decode())
    assert len(ids) > 50
    assert len(ids) == len(set(ids))


def test_english_translation_speaks_english(client):
    html = get_page(client, "/en/guides/boplan/")
    assert html.find("html")["lang"] == "en"
    assert text(html.find("h1")) == "Housing plan – moving on from a municipal flat"
    assert text(html.find(id="guides-toc-title")) == "Contents"
    assert toc_links(html)[-1] == ("Your housing plan", "/en/guides/boplan/din-boplan/")


def test_guide_index_lists_its_guides_and_brochures(client):
    html = get_page(client, "/en/guides/")
    titles = [text(a) for a in html.select(".guides-list__link")]
    assert titles == ["Housing plan – moving on from a municipal flat"]
    norwegian = get_page(client, "/guides/")
    assert [text(a) for a in norwegian.select(".guides-list__link")] == [
        "På vei hjem",
        "Boplan – veien videre fra kommunal bolig",
    ]


def test_guides_index_is_in_the_main_menu(client):
    html = get_page(client, "/en/")
    assert html.select_one('.bp-nav a[href="/en/guides/"]')


def test_brochure_shows_its_content_on_one_page(client):
    html = get_page(client, "/guides/pa-vei-hjem/")
    assert text(html.find("h1")) == "På vei hjem"
    headings = [text(h) for h in html.select(".guides-brochure__body h2.guides-heading")]
    assert headings == ["Før du flytter inn", "Husleie og bostøtte", "Når noe er vanskelig"]
    assert html.find("a", href="/guides/pa-vei-hjem/print/")


def test_related_guides_are_the_chosen_pages_or_else_the_siblings(client):
    guide = get_page(client, "/guides/boplan/")
    related = guide.find(class_="guides-related")
    assert [text(a) for a in related.select("a")] == ["På vei hjem"]
    brochure = get_page(client, "/guides/pa-vei-hjem/")
    siblings = brochure.find(class_="guides-related")
    assert [text(a) for a in siblings.select("a")] == ["Boplan – veien videre fra kommunal bolig"]


def test_a_related_guide_without_a_translation_is_left_out(client):
    html = get_page(client, "/en/guides/boplan/")
    assert html.find(class_="guides-related") is None


def test_public_guide_pages_carry_no_per_visitor_state(client):
    for url in ["/guides/boplan/", "/guides/boplan/din-boplan/", "/guides/boplan/print/"]:
        response = client.get(url)
        assert response.cookies == {}, url
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert soup(response.content).find("form", method="post") is None


@pytest.mark.parametrize("url", ["/guides/", "/guides/boplan/din-boplan/", "/guides/pa-vei-hjem/"])
def test_guide_pages_load_nothing_from_another_host(client, url):
    html = client.get(url).content.decode()
    loaded = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)="([^"]+)"', html)
    assert "/static/guides/js/guides.js" in loaded
    assert [address for address in loaded if re.match(r"^(https?:)?//", address)] == []


def count_queries(client, url: str) -> int:
    client.get(url)  # warm the site's caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_guide_page_queries_do_not_grow_with_its_key_figures(client, guide):
    before = count_queries(client, "/guides/boplan/startlan/")
    chapter = guide.body[2].value["body"]
    for number in range(3):
        figure = KeyFigure.objects.create(
            name=f"Tall {number}", amount=number, source="Test", review_by="2030-01-01"
        )
        chapter.append(("key_figure", {"figure": figure, "label": f"Tall {number}", "note": ""}))
    guide.save_revision().publish()
    html = get_page(client, "/guides/boplan/startlan/")
    assert len(html.select(".guides-figure")) == 4
    assert count_queries(client, "/guides/boplan/startlan/") == before
    assert before <= 22


def test_editors_may_add_only_guides_and_brochures_under_an_index(guide):
    index = guide.get_parent().specific
    assert set(index.specific_class.allowed_subpage_models()) == {GuidePage, BrochurePage}
    assert not GuidePage.can_create_at(home_page())
    assert GuideIndexPage.can_create_at(home_page())
    assert GuidePage.allowed_subpage_models() == []
    assert BrochurePage.allowed_subpage_models() == []


def test_chapter_addresses_must_be_unique_and_not_the_print_view():
    block = GuideBodyBlock()
    chapter = {"title": "Kapittel", "body": [{"type": "text", "value": "<p>Tekst</p>"}]}
    for slugs in (["leie", "leie"], ["print"]):
        value = block.to_python(
            [{"type": "chapter", "value": {**chapter, "slug": slug}} for slug in slugs]
        )
        with pytest.raises(ValidationError) as refused:
            block.clean(value)
        message = " ".join(str(error) for error in refused.value.non_block_errors)
        assert f"Each chapter needs its own address; these are taken: {slugs[0]}." in message


def test_chapter_and_section_anchors_are_ascii_unique_and_never_a_route():
    body = GuideBodyBlock().to_python(
        [
            {"type": "chapter", "value": {"title": "Bostøtte", "slug": "", "body": []}},
            {"type": "chapter", "value": {"title": "Bostøtte", "slug": "", "body": []}},
            {"type": "chapter", "value": {"title": "Print", "slug": "", "body": []}},
            {"type": "chapter", "value": {"title": "الدعم", "slug": "", "body": []}},
        ]
    )
    assert [chapter.slug for chapter in guide_outline(body)] == [
        "bostotte",
        "bostotte-2",
        "print-2",
        "chapter-4",
    ]
    assert anchor_slug("Søk om startlån og tilskudd") == "sok-om-startlan-og-tilskudd"


def test_guide_is_found_by_the_site_search(client):
    html = get_page(client, "/search/?q=depositumsgaranti")
    assert "Boplan – veien videre fra kommunal bolig" in [
        text(a) for a in html.select(".bp-results__title a")
    ]


def test_preview_shows_the_first_chapter(rf, admin_user, guide):
    request = rf.get("/guides/boplan/")
    request.user = admin_user
    response = guide.serve_preview(request, guide.default_preview_mode)
    response.render()
    assert text(soup(response.content).select_one(".guides-chapter h2")) == "Om boplanen"
