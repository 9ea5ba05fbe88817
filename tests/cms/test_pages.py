import re

import pytest
from django.test import RequestFactory

from cms import views
from cms.models import AccessibilityStatementPage, StandardPage
from tests.factories import StandardPageFactory
from tests.utils import home_page

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/boligkontoret/", "/personvern/", "/tilgjengelighet/", "/search/?q=bolig"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_the_accessible_layout(client, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb" dir="ltr">' in html
    assert 'class="bp-skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_load_nothing_from_another_host(client, url):
    html = client.get(url).content.decode()
    loaded = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)="([^"]+)"', html)
    assert loaded, "expected the page to load at least its stylesheet"
    assert [address for address in loaded if re.match(r"^(https?:)?//", address)] == []


@pytest.mark.parametrize(
    ("url", "lang", "title"),
    [
        ("/en/", "en", "Housing in Fjordvik"),
        ("/nn/", "nn", "Bustad i Fjordvik"),
        ("/sv/boligkontoret/", "sv", "Bostadskontoret"),
        ("/en/boligkontoret/", "en", "The housing office"),
    ],
)
def test_translations_are_served_under_their_language_prefix(client, url, lang, title):
    html = client.get(url).content.decode()
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert f"<h1>{title}</h1>" in html or f'<h1 class="bp-hero__title">{title}</h1>' in html


def test_language_menu_links_each_published_translation(client):
    html = client.get("/boligkontoret/").content.decode()
    for href, lang in [("/en/boligkontoret/", "en"), ("/sv/boligkontoret/", "sv")]:
        assert f'href="{href}" lang="{lang}"' in html
    assert 'href="/boligkontoret/" lang="nb" hreflang="nb" aria-current="true"' in html


def test_an_unpublished_translation_gives_way_to_the_norwegian_page_with_a_notice(client):
    english = StandardPage.objects.get(locale__language_code="en", slug="boligkontoret")
    norwegian = StandardPage.objects.get(locale__language_code="nb", slug="boligkontoret")
    english.unpublish()
    html = client.get("/boligkontoret/").content.decode()
    assert 'href="/en/boligkontoret/"' in html  # the switcher still offers English
    stand_in = client.get("/en/boligkontoret/").content.decode()
    assert norwegian.title in stand_in
    assert english.title not in stand_in
    assert 'class="bp-language-notice" lang="en"' in stand_in
    assert "This page is not yet available in English. You are reading it in" in stand_in


def test_main_menu_shows_the_page_in_the_readers_language(client):
    html = client.get("/en/").content.decode()
    nav = html.split('class="bp-nav"')[1].split("</nav>")[0]
    assert '<a class="bp-nav__link" href="/en/boligkontoret/">The housing office</a>' in nav


def test_main_menu_marks_the_current_section(client):
    html = client.get("/boligkontoret/").content.decode()
    assert 'href="/boligkontoret/" aria-current="page"' in html


def test_footer_shows_contact_details_and_links(client):
    html = client.get("/").content.decode()
    footer = html.split('<footer class="bp-footer">')[1]
    assert "Fjordvik kommune" in footer
    assert 'href="tel:+4721000000"' in footer
    assert 'href="/personvern/"' in footer
    assert 'href="/tilgjengelighet/"' in footer


def test_accessibility_statement_states_conformance_and_known_problems(client):
    html = client.get("/en/tilgjengelighet/").content.decode()
    assert "partially conforms to the requirements of WCAG 2.1, level AA" in html
    assert "Older brochures as PDF" in html
    assert "mailto:tilgjengelighet@fjordvik.example" in html


def test_accessibility_statement_is_a_page_type_editors_can_add():
    assert AccessibilityStatementPage.can_create_at(home_page())


def test_draft_page_is_not_served(client):
    page = StandardPageFactory(parent=home_page(), slug="utkast", live=False)
    assert client.get(page.url_path.replace("/home", "", 1)).status_code == 404


def test_unknown_address_gets_the_404_page(client):
    response = client.get("/en/finnes-ikke/")
    assert response.status_code == 404
    assert "We cannot find this page" in response.content.decode()
    assert 'href="/en/search/"' in response.content.decode()


def test_server_error_page_renders_without_the_database():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_right_to_left_language_sets_dir_on_html(rf):
    from django.template.response import TemplateResponse
    from django.utils import translation

    with translation.override("ar"):
        response = TemplateResponse(rf.get("/"), "404.html", {}).render()
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_sitemap_lists_pages_in_every_language(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/boligkontoret/</loc>" in xml
    assert "/sv/boligkontoret/</loc>" in xml


@pytest.mark.parametrize(("url", "most"), [("/", 14), ("/en/", 21), ("/boligkontoret/", 15)])
def test_pages_need_a_bounded_number_of_queries(client, django_assert_max_num_queries, url, most):
    client.get(url)  # warm the per-process caches, as a running server has them
    with django_assert_max_num_queries(most):
        client.get(url)
