"""Reading HTML in the guides tests as a reader would: parsed, with its text collapsed."""

from bs4 import BeautifulSoup
from django.utils import translation


def soup(html) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def render_block(block, raw: dict, language: str = "en", **context) -> BeautifulSoup:
    """Render ``block`` with the value built from ``raw``, as a guide's chapter would.

    English by default, so that the tests read the source strings whatever the
    catalogues say.
    """
    with translation.override(language):
        value = block.to_python(raw)
        return soup(block.render(value, context={"heading_level": 3, **context}))


def text(node) -> str:
    """The text of a node with its white space collapsed."""
    return " ".join(node.get_text(" ").split())


def get_page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return soup(response.content)
