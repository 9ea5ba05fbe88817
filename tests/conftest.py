import pytest

from cms.demo import seed_site


def pytest_collection_modifyitems(config, items):
    """Mark the browser tests, so that `-m "not browser"` skips them."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo municipality once; every test then runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        seed_site(lambda message: None)
