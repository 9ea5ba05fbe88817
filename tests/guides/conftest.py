"""Fixtures of the guides tests: the demo guide and brochure."""

import pytest

from guides.models import BrochurePage, GuidePage


@pytest.fixture
def guide():
    """The demo boplan guide, in Norwegian."""
    return GuidePage.objects.get(slug="boplan", locale__language_code="nb")


@pytest.fixture
def brochure():
    """The demo brochure "På vei hjem"."""
    return BrochurePage.objects.get(slug="pa-vei-hjem", locale__language_code="nb")
