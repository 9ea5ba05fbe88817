"""Site-wide views: search, health check and error pages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Locale, Page

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def search(request: HttpRequest) -> TemplateResponse:
    """Search the live, public pages in the reader's language."""
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().specific().filter(locale=Locale.get_active())
        results = pages.search(query)
    paginator = Paginator(results, SEARCH_RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request, "cms/search.html", {"search_query": query, "search_results": page}
    )


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """Tell a load balancer whether this app server can reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page without context processors that could fail again."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)
