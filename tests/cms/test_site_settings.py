import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Site

from cms.blocks import LinkBlock
from cms.colours import contrast_ratio, validate_accent_colour
from cms.models import SiteSettings
from tests.utils import home_page


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#1e5aa0", "#000000", "#767676"])
def test_dark_enough_accent_colours_are_accepted(colour):
    validate_accent_colour(colour)


@pytest.mark.parametrize(
    ("colour", "message"),
    [("#ffcc00", "too light"), ("#777777", "too light"), ("blue", "six hexadecimal digits")],
)
def test_unreadable_or_malformed_accent_colours_are_refused(colour, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        validate_accent_colour(colour)


@pytest.mark.django_db
def test_admin_refuses_a_light_accent_colour_and_keeps_the_form(admin_client_en):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/cms/sitesettings/{site.pk}/"
    form = {
        "municipality_name": "Fjordvik kommune",
        "accent_colour": "#ffee00",
        "footer_links-count": "0",
        "phone": "+47 21 00 00 01",
    }
    response = admin_client_en.post(url, form)
    assert response.status_code == 200
    assert "too light" in response.content.decode()
    assert 'value="+47 21 00 00 01"' in response.content.decode()
    assert SiteSettings.for_site(site).accent_colour == "#1e5aa0"


@pytest.mark.django_db
def test_accent_colour_reaches_every_page(client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.accent_colour = "#7a1f5c"
    settings.save()
    assert "--bp-accent: #7a1f5c;" in client.get("/").content.decode()


@pytest.mark.django_db
def test_link_block_needs_a_page_or_an_address_with_a_label():
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": None, "url": "", "label": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": None, "url": "https://nav.no", "label": ""}))
    value = block.clean(block.to_python({"page": home_page().pk, "url": "", "label": ""}))
    assert value["page"].pk == home_page().pk
