"""The personal plan's PDF: made from what the browser posts, stored nowhere, logged nowhere."""

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

URL = "/en/guides/boplan/pdf/plan/"
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


def csrf_client():
    client = Client(enforce_csrf_checks=True)
    token = client.get(URL).json()["csrfToken"]
    return client, token


def test_the_plan_pdf_holds_what_was_posted_and_nothing_is_stored(guide, caplog, tmp_path):
    data, goal, step = plan_post(guide)
    client, token = csrf_client()
    pdfs_before = GuidePdf.objects.count()
    with caplog.at_level(logging.DEBUG):
        response = client.post(URL, data | {"csrfmiddlewaretoken": token})
    assert response.status_code == 200, response.content[:300]
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


def test_the_plan_is_refused_without_csrf_too_large_or_not_matching_the_page(guide):
    data, _goal, step = plan_post(guide)
    client, token = csrf_client()
    assert client.post(URL, data).status_code == 403
    too_long = data | {"bring": "x" * 25_000, "csrfmiddlewaretoken": token}
    assert client.post(URL, too_long).status_code == 413
    other = data | {"plan": "not-a-block", "csrfmiddlewaretoken": token}
    response = client.post(URL, other)
    assert response.status_code == 400
    assert "Nothing you wrote was stored" in soup(response.content).get_text()
    bad_date = data | {f"date-{step.id}": "tomorrow", "csrfmiddlewaretoken": token}
    assert client.post(URL, bad_date).status_code == 400


def test_the_plan_block_offers_the_download_outside_the_plan_hidden_without_script(client):
    html = soup(client.get("/en/guides/boplan/din-boplan/").content)
    box = html.find(attrs={"data-plan-pdf-for": True})
    plan = html.find(id=box["data-plan-pdf-for"])
    assert box.has_attr("hidden") and box.find_parent(attrs={"data-guides-plan": True}) is None
    assert box["data-plan-pdf-url"] == URL
    assert plan is not None and plan.has_attr("data-guides-plan")
    assert html.find("script", src="/static/guides/js/plan-pdf.js") is not None


def test_find_plan_finds_the_block_inside_a_chapter(guide):
    data, _goal, _step = plan_post(guide)
    english = guide.get_translation(Locale.objects.get(language_code="en"))
    assert find_plan(english, data["plan"]) is not None
    assert find_plan(english, "nope") is None


@override_settings(GUIDES_PDF_RENDERER="guides.pdf.DummyRenderer")
def test_the_plan_endpoint_only_answers_get_and_post(client):
    assert client.put(URL).status_code == 405
