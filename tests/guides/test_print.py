"""The print view of guides and brochures, and the print stylesheet."""

import re
from pathlib import Path

import pytest
from wagtail.models import Locale

from .html import get_page, text

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "guides" / "static" / "guides" / "css"


def test_print_view_has_the_site_name_and_title_and_no_navigation(client):
    html = get_page(client, "/guides/boplan/print/")
    assert text(html.find("title")) == "Boplan – veien videre fra kommunal bolig – Fjordvik kommune"
    assert text(html.find(class_="guides-print__site")) == "Fjordvik kommune"
    assert text(html.find("h1")) == "Boplan – veien videre fra kommunal bolig"
    assert html.find("nav") is None
    assert html.find(class_="bp-nav") is None and html.find("form") is None
    assert html.find(class_="guides-toc") is None and html.find(class_="guides-pager") is None
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_print_view_has_every_chapter_in_order_with_its_contents(client):
    html = get_page(client, "/guides/boplan/print/")
    chapters = html.select("section.guides-print__chapter > h2")
    assert [text(h2) for h2 in chapters] == [
        "Om boplanen",
        "Leie privat",
        "Kjøpe med startlån",
        "Bostøtte",
        "Bli boende",
        "Din boplan",
    ]
    contents = html.select(".guides-print__toc a")
    assert [a["href"] for a in contents] == [f"#{h2['id']}" for h2 in chapters]
    assert "Dokumenter til søknaden om startlån" in text(html.find(id="dokumenter"))


def test_print_view_opens_every_answer_and_says_where_it_was_printed_from(client, guide):
    html = get_page(client, "/en/guides/boplan/print/")
    assert all(details.has_attr("open") for details in html.find_all("details"))
    source = text(html.find(class_="guides-print__source"))
    english = guide.get_translation(Locale.objects.get(language_code="en"))
    assert f"Printed from {english.get_full_url()}." in source
    site_root = guide.get_site().root_url
    assert f'--guides-site-root: "{site_root}"' in html.find("style").string


def test_print_view_speaks_the_pages_language(client):
    html = get_page(client, "/en/guides/boplan/print/")
    assert html.find("html")["lang"] == "en"
    assert text(html.select_one(".guides-print__toc h2")) == "Contents"
    assert text(html.find(class_="guides-print__tools").find("a")) == "Back to the web page"


def test_brochure_print_view_is_one_document_for_two_sides(client):
    html = get_page(client, "/guides/pa-vei-hjem/print/")
    assert "guides-print--brochure" in html.body["class"]
    assert html.find(class_="guides-print__chapter") is None
    assert "Når noe er vanskelig" in text(html.find("main"))


def test_guide_pages_link_to_their_print_view(client):
    html = get_page(client, "/guides/boplan/bostotte/")
    assert html.select_one('.guides-toc__print a[href="/guides/boplan/print/"]')
    assert html.find("link", href="/static/guides/css/guides-print.css")["media"] == "print"


def test_print_stylesheet_breaks_chapters_prints_addresses_and_sizes_a4():
    css = (CSS / "guides-print.css").read_text()
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    assert re.search(r"@page brochure\s*\{", css)
    assert re.search(r"\.guides-print__chapter\s*\{\s*break-before:\s*page", css)
    assert 'content: " (" attr(href) ")"' in css
    assert 'var(--guides-site-root, "") attr(href)' in css
    assert ".guides-toc, .guides-pager" in css


def test_print_view_of_a_draft_page_is_not_served(client, guide):
    guide.unpublish()
    assert client.get("/guides/boplan/print/").status_code == 404
