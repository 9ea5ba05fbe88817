"""Helpers for the tests: the demo's pages, users and units, and pages made for a test."""

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


def make_survey(questions: list[dict], slug: str = "survey", parent: Page | None = None):
    """Publish a survey with these questions (each a dict of SurveyField attributes)."""
    from forms_ext.models import SurveyField, SurveyPage

    page = SurveyPage(title=slug.replace("-", " ").title(), slug=slug)
    (parent or home_page()).add_child(instance=page)
    page.form_fields = [
        SurveyField(sort_order=order, **{"required": True, **question})
        for order, question in enumerate(questions)
    ]
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def make_inventory(
    questions: list[dict],
    slug: str = "inventory",
    parent: Page | None = None,
    expected_units=(),
    **schedule,
):
    """Publish an inventory with these questions, expecting reports from ``expected_units``;
    ``schedule`` sets InventoryPage fields (frequency, opens_at, due_at, owner_unit, ...)."""
    from forms_ext.models import InventoryPage, SurveyField

    page = InventoryPage(title=slug.replace("-", " ").title(), slug=slug, **schedule)
    (parent or home_page()).add_child(instance=page)
    page.form_fields = [
        SurveyField(sort_order=order, **{"required": True, **question})
        for order, question in enumerate(questions)
    ]
    page.expected_units = list(expected_units)
    page.save_revision().publish()
    return InventoryPage.objects.get(pk=page.pk)


def user(username: str):
    """A demo user by name."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def unit(code: str):
    """A demo organisation unit by its code."""
    from forms_ext.models import OrganisationUnit

    return OrganisationUnit.objects.get(code=code)


def logged_in(username: str):
    """A test client logged in as a demo user."""
    from django.test import Client

    client = Client()
    client.force_login(user(username))
    return client
