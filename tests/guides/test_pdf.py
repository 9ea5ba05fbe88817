"""The PDF of a published guide: made from the live revision on publish, stored, served."""

import io
import time

import pytest
from django.test import override_settings
from pypdf import PdfReader

from guides.models import GuidePdf
from guides.pdf import DummyRenderer, PdfRenderer, WeasyPrintRenderer
from guides.pdf.stored import render_and_store

pytestmark = pytest.mark.django_db

DUMMY = override_settings(GUIDES_PDF_RENDERER="guides.pdf.DummyRenderer")


class FailIfCalledRenderer(PdfRenderer):
    """Stands for a renderer that a reader's request must never reach."""

    def render(self, html, base_url):
        raise AssertionError("rendered in the request")


def publish(page, **changes):
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def bookmarks(outline) -> list[str]:
    """The titles of all bookmarks, depth first."""
    titles = []
    for item in outline:
        titles += bookmarks(item) if isinstance(item, list) else [item.title]
    return titles


@pytest.fixture
def rendered_guide(guide, django_capture_on_commit_callbacks):
    """The boplan guide published again, its PDF made by WeasyPrint (once per test)."""
    with django_capture_on_commit_callbacks(execute=True):
        guide = publish(guide)
    return guide, GuidePdf.objects.get(page=guide)


def test_publishing_makes_a_tagged_pdf_of_the_live_revision(rendered_guide):
    guide, pdf = rendered_guide
    assert pdf.status == "ready" and pdf.revision_id == guide.live_revision_id
    data = pdf.file.read()
    assert pdf.size == len(data) and data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "nb"
    assert reader.metadata.title == f"{guide.title} – Fjordvik kommune"
    titles = bookmarks(reader.outline)
    assert titles[0] == guide.title
    text = pdf_text(data)
    for heading in ["Om boplanen", "Leie privat", "Kjøpe med startlån", "Bostøtte", "Din boplan"]:
        assert heading in text and heading in titles
    assert "Dokumenter til søknaden om startlån" in text
    assert "Fjordvik kommune" in text and "1 / " in text  # branding and page numbers


def test_the_pdf_is_served_from_storage_and_a_new_publication_replaces_it(
    client, rendered_guide, django_capture_on_commit_callbacks
):
    guide, pdf = rendered_guide
    with override_settings(GUIDES_PDF_RENDERER=f"{__name__}.FailIfCalledRenderer"):
        response = client.get("/guides/boplan/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.getvalue() == pdf.file.open("rb").read()
    old_name = pdf.file.name
    with DUMMY, django_capture_on_commit_callbacks(execute=True):
        guide = publish(guide, title="Boplan – ny utgave")
    pdf.refresh_from_db()
    assert pdf.revision_id == guide.live_revision_id and pdf.status == "ready"
    assert b"Boplan \xe2\x80\x93 ny utgave" in pdf.file.open("rb").read()
    assert not pdf.file.storage.exists(old_name)


def test_a_reader_never_waits_for_the_renderer(client, guide, django_capture_on_commit_callbacks):
    GuidePdf.objects.filter(page=guide).delete()
    with (
        override_settings(GUIDES_PDF_RENDERER=f"{__name__}.FailIfCalledRenderer"),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        response = client.get("/guides/boplan/pdf/")
        again = client.get("/guides/boplan/pdf/")
    assert response.status_code == again.status_code == 503
    assert response["Retry-After"] == "60" and response["Cache-Control"] == "no-store"
    assert "PDF" in response.content.decode()
    assert len(queued) == 1  # one rendering queued for both requests, none run
    pdf = GuidePdf.objects.get(page=guide)
    assert pdf.status == "queued" and pdf.revision_id == guide.live_revision_id
    with DUMMY:
        queued[0]()
    assert client.get("/guides/boplan/pdf/").status_code == 200


def test_unpublishing_deletes_the_file_and_marks_it_stale(
    guide, django_capture_on_commit_callbacks
):
    with DUMMY, django_capture_on_commit_callbacks(execute=True):
        guide = publish(guide)
    pdf = GuidePdf.objects.get(page=guide)
    name = pdf.file.name
    guide.unpublish()
    pdf.refresh_from_db()
    assert pdf.status == "stale" and not pdf.file and not pdf.file.storage.exists(name)


def test_a_superseded_revision_is_not_rendered(guide, django_capture_on_commit_callbacks):
    with DUMMY, django_capture_on_commit_callbacks(execute=True):
        old = publish(guide).live_revision_id
        publish(guide)
    DummyRenderer.calls.clear()
    with DUMMY:
        assert render_and_store(guide.pk, old) == "superseded"
    assert DummyRenderer.calls == []


class SleepingRenderer(WeasyPrintRenderer):
    target = staticmethod(lambda html, base_url, max_bytes: time.sleep(30))


class GreedyRenderer(WeasyPrintRenderer):
    target = staticmethod(lambda html, base_url, max_bytes: bytearray(2048 * 1024 * 1024))


@pytest.mark.parametrize(
    ("renderer", "message"),
    [("SleepingRenderer", "took longer than 1 seconds"), ("GreedyRenderer", "more than 64 MB")],
)
def test_a_rendering_over_its_limits_is_stopped_and_marked_failed(
    guide, django_capture_on_commit_callbacks, renderer, message
):
    started = time.monotonic()
    with (
        override_settings(
            GUIDES_PDF_RENDERER=f"{__name__}.{renderer}",
            GUIDES_PDF_TIMEOUT=1,
            GUIDES_PDF_MEMORY_MB=64,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        guide = publish(guide)
    assert time.monotonic() - started < 10
    pdf = GuidePdf.objects.get(page=guide)
    assert pdf.status == "failed" and message in pdf.error
