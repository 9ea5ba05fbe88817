import pytest

from forms_ext.conf import settings as forms_ext_settings
from forms_ext.models import OrganisationUnit
from tests.factories import OrganisationUnitFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/forms_ext/organisationunit/add/"


def test_descendants_include_the_unit_and_everything_below():
    root = OrganisationUnitFactory(kind="municipality")
    district = OrganisationUnitFactory(parent=root, kind="district")
    provider = OrganisationUnitFactory(parent=district)
    other = OrganisationUnitFactory(parent=root)
    assert set(district.descendants_and_self()) == {district, provider}
    assert other not in district.descendants_and_self()


def test_admin_adds_a_unit_under_its_parent(admin_client):
    district = OrganisationUnit.objects.get(code="fjordvik-nord")
    response = admin_client.post(
        ADD_URL,
        {
            "name": "Kirkens Bymisjon Nord",
            "code": "bymisjon-nord",
            "kind": "provider",
            "parent": district.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrganisationUnit.objects.get(code="bymisjon-nord")
    assert unit.get_parent() == district


def test_admin_moves_a_unit_to_another_district(admin_client):
    unit = OrganisationUnit.objects.get(code="nattherberget-nord")
    south = OrganisationUnit.objects.get(code="fjordvik-sor")
    url = f"/admin/snippets/forms_ext/organisationunit/edit/{unit.pk}/"
    response = admin_client.post(
        url, {"name": unit.name, "code": unit.code, "kind": unit.kind, "parent": south.pk}
    )
    assert response.status_code == 302
    assert OrganisationUnit.objects.get(pk=unit.pk).get_parent() == south


def test_admin_cannot_move_a_unit_under_itself(admin_client):
    district = OrganisationUnit.objects.get(code="fjordvik-nord")
    child = OrganisationUnit.objects.get(code="nav-nord")
    url = f"/admin/snippets/forms_ext/organisationunit/edit/{district.pk}/"
    response = admin_client.post(
        url, {"name": district.name, "code": district.code, "kind": "district", "parent": child.pk}
    )
    assert response.status_code == 200
    assert OrganisationUnit.objects.get(pk=district.pk).get_parent().code == "fjordvik"


def test_duplicate_code_is_refused_with_a_message(admin_client):
    response = admin_client.post(
        ADD_URL, {"name": "Kopi", "code": "fjordvik-nord", "kind": "district"}
    )
    assert response.status_code == 200
    assert OrganisationUnit.objects.filter(code="fjordvik-nord").count() == 1


def test_app_settings_have_defaults_and_refuse_unknown_names(settings):
    assert forms_ext_settings.TIME_ZONE == "Europe/Oslo"
    settings.FORMS_EXT_MIN_PUBLIC_COUNT = 10
    assert forms_ext_settings.MIN_PUBLIC_COUNT == 10
    with pytest.raises(AttributeError):
        forms_ext_settings.NO_SUCH_SETTING  # noqa: B018
