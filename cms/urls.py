from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .sitemaps import MultilingualSitemap

handler500 = "cms.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}),
    path("healthz", views.health, name="health"),
    path("l/", include("guides.link_urls")),  # letter links, without a language prefix
    path("api/v1/", include("forms_ext.api.urls")),  # inventories' JSON API, bearer tokens
    path("plan-pdf/", include("guides.plan_urls")),  # a personal plan's PDF, no CSRF token
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Norwegian Bokmål, the default, has no prefix, so that links in letters stay
# short (/guides/boplan/); other languages are /nn/, /sv/, /en/.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
