import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/settings/cms/sitesettings/",
    "/admin/settings/cms/navigationsettings/",
    "/admin/snippets/forms_ext/organisationunit/",
]


def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_open_for_the_superuser(admin_client, url):
    response = admin_client.get(url, follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_send_anonymous_visitors_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize(
    "url",
    ["/admin/settings/cms/sitesettings/", "/admin/snippets/forms_ext/organisationunit/"],
)
def test_editors_without_the_permission_are_refused(client, url):
    editor = UserFactory(username="plain-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(url, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
