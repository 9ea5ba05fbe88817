"""The personal plan's PDF: made from what the browser posts, stored nowhere, logged nowhere.

The endpoint needs no CSRF token and no cookie; it is limited in size and rate.
"""

import io
import logging

import pytest
from django.test import Client, override_settings
from pypdf import PdfReader
from wagtail.models import Locale

from guides.models import GuidePdf
from guides.pdf_forms import find_plan

from .html import soup

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Ring Kari på NAV torsdag <b>kl. 10</b>"


def plan_post(guide, **extra):
    english = guide.get_translation(Locale.objects.get(language_code="en"))
    chapter = [
        c for c in english.body if any(b.block_type == "personal_plan" for b in c.value["body"])
    ][0]
    block = next(b for b in chapter.value["body"] if b.block_type == "personal_plan")
    goal = block.value["goals"].bound_blocks[0]
    step = goal.value["steps"].bound_blocks[0]
    data = {
        "plan": block.id,
        "goal": goal.id,
        f"done-{step.id}": "on",
        f"date-{step.id}": "2026-03-05",
        f"note-{step.id}": SECRET_NOTE,
        "helper": "Kari Nordmann",
        "bring": "Lønnsslipper",
    }
    return data | extra, goal, step


def plan_url(guide) -> str:
    english = guide.get_translation(Locale.objects.get(language_code="en"))
    return f"/plan-pdf/{english.pk}/"


def test_the_plan_pdf_holds_what_was_posted_and_nothing_is_stored(guide, caplog, tmp_path):
    data, goal, step = plan_post(guide)
    client = Client(enforce_csrf_checks=True)  # no token, no cookie: none is needed
    pdfs_before = GuidePdf.objects.count()
    with caplog.at_level(logging.DEBUG):
        response = client.post(plan_url(guide), data)
    assert response.status_code == 200, response.content[:300]
    assert response.cookies == {} and not client.cookies
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert SECRET_NOTE in text  # autoescaped: the tags are text, not markup
    assert goal.value["label"] in text and step.value["text"] in text and "Kari Nordmann" in text
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert GuidePdf.objects.count() == pdfs_before
    assert "Kari" not in caplog.text and "NAV torsdag" not in caplog.text


def test_the_plan_is_refused_too_large_or_not_matching_the_page(guide):
    data, _goal, step = plan_post(guide)
    client, url = Client(enforce_csrf_checks=True), plan_url(guide)
    too_long = data | {"bring": "x" * 25_000}
    assert client.post(url, too_long).status_code == 413
    other = data | {"plan": "not-a-block"}
    response = client.post(url, other)
    assert response.status_code == 400
    assert "Nothing you wrote was stored" in soup(response.content).get_text()
    bad_date = data | {f"date-{step.id}": "tomorrow"}
    assert client.post(url, bad_date).status_code == 400


@override_settings(
    GUIDES_PDF_RENDERER="guides.pdf.DummyRenderer", GUIDES_PLAN_PDF_RATE_PER_CLIENT=3
)
def test_a_client_beyond_its_rate_gets_429_in_the_pages_language(guide, client):
    data, _goal, _step = plan_post(guide)
    url = plan_url(guide)
    assert [client.post(url, data).status_code for _ in range(3)] == [200, 200, 200]
    response = client.post(url, data)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert response["Cache-Control"] == "no-store"
    html = soup(response.content)
    assert html.find("html")["lang"] == "en"  # the English page's language, not Bokmål
    assert "Wait a minute" in html.get_text()
    other = Client(REMOTE_ADDR="192.0.2.7")  # another client still gets its PDF
    assert other.post(url, data).status_code == 200


@override_settings(
    GUIDES_PDF_RENDERER="guides.pdf.DummyRenderer",
    GUIDES_PLAN_PDF_RATE_PER_CLIENT=5,
    GUIDES_PLAN_PDF_RATE_TOTAL=4,
)
def test_all_clients_together_are_limited_too_and_no_address_is_kept(guide):
    from django.core.cache import cache

    data, _goal, _step = plan_post(guide)
    url = plan_url(guide)
    addresses = [f"198.51.100.{n}" for n in range(1, 6)]
    codes = [Client(REMOTE_ADDR=address).post(url, data).status_code for address in addresses]
    assert codes == [200, 200, 200, 200, 429]
    kept = " ".join(str(key) for key in cache._cache)  # the local-memory cache's own keys
    assert "guides:rate:plan-pdf" in kept
    assert not any(address in kept for address in addresses)


def test_the_plan_block_offers_the_download_outside_the_plan_hidden_without_script(client):
    response = client.get("/en/guides/boplan/din-boplan/")
    html = soup(response.content)
    box = html.find(attrs={"data-plan-pdf-for": True})
    plan = html.find(id=box["data-plan-pdf-for"])
    assert box.has_attr("hidden") and box.find_parent(attrs={"data-guides-plan": True}) is None
    assert box["data-plan-pdf-url"] == f"/plan-pdf/{response.context['page'].pk}/"
    assert plan is not None and plan.has_attr("data-guides-plan")
    assert html.find("script", src="/static/guides/js/plan-pdf.js") is not None


def test_find_plan_finds_the_block_inside_a_chapter(guide):
    data, _goal, _step = plan_post(guide)
    english = guide.get_translation(Locale.objects.get(language_code="en"))
    assert find_plan(english, data["plan"]) is not None
    assert find_plan(english, "nope") is None


@override_settings(GUIDES_PDF_RENDERER="guides.pdf.DummyRenderer")
def test_the_plan_endpoint_only_answers_post(client, guide):
    assert client.get(plan_url(guide)).status_code == 405
    assert client.put(plan_url(guide)).status_code == 405
    assert client.post("/plan-pdf/999999/", {}).status_code == 404
