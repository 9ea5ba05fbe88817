import pytest

from tests.factories import StandardPageFactory
from tests.utils import home_page

pytestmark = pytest.mark.django_db


def results(response) -> str:
    """The list of results, without the menus around it."""
    html = response.content.decode()
    return html.split('<ol class="bp-results"')[1].split("</ol>")[0] if "bp-results" in html else ""


def test_search_finds_published_pages_in_the_readers_language(client):
    found = results(client.get("/search/", {"q": "Husbanken"}))
    assert 'href="/boligkontoret/"' in found
    assert "/en/" not in found


def test_search_in_english_finds_the_english_page(client):
    response = client.get("/en/search/", {"q": "Husbanken"})
    assert 'href="/en/boligkontoret/"' in results(response)
    assert "1 result for “Husbanken”." in response.content.decode()


def test_search_leaves_out_drafts(client):
    StandardPageFactory(parent=home_page(), title="Hemmelig utkast", slug="utkast", live=False)
    assert results(client.get("/search/", {"q": "Hemmelig"})) == ""


def test_empty_search_shows_the_form_only(client):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert "result" not in response.content.decode().split("</form>")[-1]


def test_search_paginates_and_tolerates_bad_page_numbers(client):
    for number in range(12):
        page = StandardPageFactory(parent=home_page(), title=f"Nattherberge {number}")
        page.save_revision().publish()
    first = client.get("/search/", {"q": "Nattherberge"}).content.decode()
    assert 'rel="next"' in first
    last = client.get("/search/", {"q": "Nattherberge", "page": "999"}).content.decode()
    assert 'rel="prev"' in last and 'rel="next"' not in last
    junk = client.get("/search/", {"q": "Nattherberge", "page": "x"})
    assert junk.status_code == 200


def test_overlong_query_is_cut_not_refused(client):
    response = client.get("/search/", {"q": "bolig " * 200})
    assert response.status_code == 200
