import pytest
from django.conf import settings
from django.utils.module_loading import import_string


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests, so that `-m "not browser"` skips them."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo municipality once; every test then runs in a rolled-back transaction.

    A transactional test (``django_db(transaction=True)``) empties the database
    when it ends; pytest-django runs those after all others, so they must not
    rely on the demo data.
    """
    with django_db_blocker.unblock():
        for step in settings.BOPORTAL_DEMO_STEPS:
            import_string(step)(lambda message: None)


@pytest.fixture
def admin_client_en(admin_user, client):
    """A client logged in as a superuser whose admin speaks English."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin_user)
    return client
