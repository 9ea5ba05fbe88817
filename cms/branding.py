"""The site's branding for the apps that print: ``GUIDES_BRANDING`` names ``guides_branding``."""

from guides.branding import Branding

from .models import SiteSettings


def guides_branding(site) -> Branding:
    """The municipality's name, logo and accent colour from the site settings of ``site``."""
    site_settings = SiteSettings.for_site(site)
    return Branding(
        name=site_settings.municipality_name,
        logo=site_settings.logo,
        accent=site_settings.accent_colour,
    )
