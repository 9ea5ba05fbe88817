"""Page-tree helpers for the tests."""

from wagtail.models import Locale, Page

from cms.models import HomePage


def home_page(language_code: str = "nb") -> HomePage:
    """The demo home page in one language."""
    return HomePage.objects.get(locale=Locale.objects.get(language_code=language_code))


def publish_child(parent: Page, page: Page) -> Page:
    """Add ``page`` under ``parent`` and publish it."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
