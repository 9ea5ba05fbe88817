import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, SiteSettings
from forms_ext.models import OrganisationUnit

pytestmark = pytest.mark.django_db


def test_demo_site_has_a_home_page_in_every_language():
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == [
        "ar",
        "en",
        "nb",
        "nn",
        "sv",
    ]
    assert HomePage.objects.live().count() == 5
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.title == "Bolig i Fjordvik"


def test_wagtails_welcome_page_is_gone():
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


def test_seed_demo_again_changes_nothing_and_keeps_edits(capsys):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+47 99 99 99 99"
    settings.save()
    call_command("seed_demo")  # the steps the tests' demo leaves out (tests/conftest.py)
    pages_before = Page.objects.count()

    call_command("seed_demo")

    assert Page.objects.count() == pages_before
    assert SiteSettings.objects.get(pk=settings.pk).phone == "+47 99 99 99 99"
    assert "Login:  admin / demo" in capsys.readouterr().out


def test_demo_users_log_in_with_the_demo_password(client):
    assert client.login(username="admin", password="demo")
    assert get_user_model().objects.get(username="admin").is_superuser
    editor = get_user_model().objects.get(username="editor")
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]


def test_seed_demo_says_when_a_password_was_changed(capsys):
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("a much better password")
    admin.save()
    call_command("seed_demo")
    assert "admin / demo (password changed since; not reset)" in capsys.readouterr().out


@override_settings(BOPORTAL_DEMO_ALLOWED=False)
def test_seed_demo_is_refused_when_demo_content_is_off():
    with pytest.raises(CommandError, match="refused"):
        call_command("seed_demo")


def test_demo_units_form_a_tree_of_districts_and_providers():
    fjordvik = OrganisationUnit.objects.get(code="fjordvik")
    districts = fjordvik.get_children().filter(kind="district")
    assert [d.name for d in districts] == ["Bydel Nord", "Bydel Sentrum", "Bydel Sør"]
    assert fjordvik.descendants_and_self().count() == 11
