import pytest
from django.conf import settings
from django.utils.module_loading import import_string


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests, so that `-m "not browser"` skips them."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# The inventories' demo (40 providers, ~2,000 reports) is left out of the shared demo: the
# inventory tests build their own inventories and count every report and unit they see.
# tests/cms/test_demo_inventories.py runs that step inside its tests.
# So is the elderly-care survey made from its template (24 answers of district Nord): the
# answer tests count every answer of a district. tests/cms/test_demo_templates.py runs it.
STEPS_LEFT_OUT = {
    "cms.demo_inventories.seed_inventories",
    "cms.demo_templates.seed_elderly_care_survey",
}


def build_demo() -> None:
    """Build the demo municipality (what ``seed_demo`` builds) where it is missing."""
    from wagtail.models import Locale, Page

    if not Page.objects.filter(depth=1).exists():  # emptied by a transactional test
        locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    for step in settings.BOPORTAL_DEMO_STEPS:
        if step not in STEPS_LEFT_OUT:
            import_string(step)(lambda message: None)
    english_admin()


def english_admin() -> None:
    """Every demo user's admin speaks English, the language the tests' assertions read.

    The public site keeps its languages by address (Norwegian without a prefix).
    """
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    for user in get_user_model().objects.all():
        profile = UserProfile.get_for_user(user)
        if profile.preferred_language != "en":
            profile.preferred_language = "en"
            profile.save(update_fields=["preferred_language"])


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Code called outside a request (readers, tasks, forms) speaks English in the tests;
    a request still speaks the language of its address or of the user's admin."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty local-memory cache: no page stored and no rate counted
    by another test, whose database changes were rolled back without a signal. (A Redis
    cache is not flushed: it may be shared.)"""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            cache.clear()


@pytest.fixture
def demo_after_flush(transactional_db):
    """For a transactional test: the demo, rebuilt if an earlier such test emptied the database."""
    build_demo()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo municipality once; every test then runs in a rolled-back transaction.

    A transactional test (``django_db(transaction=True)``) empties the database
    when it ends; pytest-django runs those after all others, so they must not
    rely on the demo data.
    """
    with django_db_blocker.unblock():
        build_demo()


@pytest.fixture
def admin_client_en(admin_user, client):
    """A client logged in as a superuser whose admin speaks English."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin_user)
    return client
