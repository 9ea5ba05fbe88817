import pytest

from guides.conf import settings as guides_settings


def test_unknown_setting_is_refused_with_its_name():
    with pytest.raises(AttributeError, match="guides has no setting 'NO_SUCH'"):
        guides_settings.NO_SUCH  # noqa: B018
