"""Editors see the state of each guide's PDF and may ask for it to be made again."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from guides.models import GuidePdf

from .html import soup, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_pdf(guide):
    pdf, _created = GuidePdf.objects.update_or_create(
        page=guide,
        defaults={
            "status": "failed",
            "error": "The PDF took longer than 60 seconds and was stopped.",
        },
    )
    return pdf


def test_the_listing_shows_each_pdfs_state_and_error(admin_client_en, failed_pdf, guide):
    response = admin_client_en.get(reverse("guides_pdfs"))
    assert response.status_code == 200
    row = next(tr for tr in soup(response.content).select("tbody tr") if guide.title in text(tr))
    assert "Failed" in text(row) and "took longer than 60 seconds" in text(row)
    assert row.find("button", string=lambda s: s and "Make the PDF again" in s) is not None


@override_settings(GUIDES_PDF_RENDERER="guides.pdf.DummyRenderer")
def test_make_again_queues_a_rendering(
    admin_client_en, failed_pdf, django_capture_on_commit_callbacks
):
    url = reverse("guides_pdf_render", args=[failed_pdf.pk])
    assert admin_client_en.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_en.post(url)
    assert response.status_code == 302
    failed_pdf.refresh_from_db()
    assert failed_pdf.status == "ready" and failed_pdf.error == ""


def test_a_user_who_may_not_publish_cannot_make_it_again(client, failed_pdf):
    reader = get_user_model().objects.get(username="leser-nord")
    client.force_login(reader)
    response = client.post(reverse("guides_pdf_render", args=[failed_pdf.pk]))
    assert response.status_code in (302, 403)
    failed_pdf.refresh_from_db()
    assert failed_pdf.status == "failed"
    listing = client.get(reverse("guides_pdfs"))
    assert listing.status_code in (302, 403) or "Make the PDF again" not in listing.content.decode()
