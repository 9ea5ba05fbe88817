"""The PDF renderer loads only the site's own static and media files: everything else is refused."""

import io

import pytest
from pypdf import PdfReader
from wagtail.models import Page

from guides.pdf import RefusedResource, SiteURLFetcher, WeasyPrintRenderer
from guides.pdf.documents import site_origin

pytestmark = pytest.mark.django_db

ORIGIN = "http://localhost"
PASSWD = "root:x:0:0"


@pytest.fixture
def fetcher(settings):
    settings.GUIDES_PDF_MAX_RESOURCE_BYTES = 5 * 1024 * 1024
    return SiteURLFetcher(ORIGIN, max_bytes=5 * 1024 * 1024)


def test_the_sites_own_static_files_are_fetched(fetcher):
    response = fetcher.fetch(f"{ORIGIN}/static/guides/css/guides-print.css")
    assert b"@page" in response.read() and response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        f"{ORIGIN}/static/../../etc/passwd",
        f"{ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{ORIGIN}/media/..%2f..%2fetc/passwd",
        f"{ORIGIN}/guides/boplan/",  # a page of the site, or a redirect: not a file
        f"{ORIGIN}/l/ABCDEF",
        "http://localhost.example.com/static/guides/css/guides.css",
        "data:text/plain,hello",
    ],
)
def test_everything_else_is_refused(fetcher, url):
    with pytest.raises(RefusedResource):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_an_oversized_static_file_is_refused():
    small = SiteURLFetcher(ORIGIN, max_bytes=100)
    with pytest.raises(RefusedResource, match="larger than 100 bytes"):
        small.fetch(f"{ORIGIN}/static/guides/css/guides-print.css")


HOSTILE = """<!DOCTYPE html><html lang="nb"><head><title>Hostile</title>
<style>@import url("file:///etc/passwd"); @import "http://example.com/evil.css";
body { background: url("/static/../../etc/passwd"); }</style>
<link rel="stylesheet" href="/static/%2e%2e/%2e%2e/etc/passwd"></head>
<body><h1>Editor content</h1>
<img src="file:///etc/passwd" alt="a"><img src="http://example.com/x.png" alt="b">
<img src="/guides/boplan/" alt="c"><object data="file:///etc/passwd"></object>
<iframe src="file:///etc/passwd"></iframe><p>Tekst etter bildene</p></body></html>"""


def test_hostile_editor_html_and_css_reach_no_file_and_no_host(guide):
    result = WeasyPrintRenderer().render(HOSTILE, site_origin(guide))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(result.pdf)).pages)
    assert "Tekst etter bildene" in text and PASSWD not in text and "root:" not in text
    refused = set(result.refused)
    assert "file:///etc/passwd" in refused
    assert "http://example.com/evil.css" in refused and "http://example.com/x.png" in refused
    assert f"{site_origin(guide)}/guides/boplan/" in refused


def test_the_site_origin_is_the_pages_site(guide):
    assert site_origin(guide) == Page.objects.get(pk=guide.pk).get_site().root_url.rstrip("/")
