"""The PDF's state in the page editor: a side panel of guides and brochures."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission
from wagtail.users.models import UserProfile

from guides.models import GuidePdf
from guides.pdf.state import State, pdf_state

from .html import soup, text

pytestmark = pytest.mark.django_db


def link(node, words: str):
    """The first link in ``node`` whose text contains ``words``."""
    return next((a for a in node.find_all("a") if words in text(a)), None)


def panel(client, page):
    """The PDF side panel of the page's editor, and its toggle."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = soup(response.content)
    return (
        html.select_one('[data-side-panel="guide-pdf"]'),
        html.select_one('[data-side-panel-toggle="guide-pdf"]'),
    )


@pytest.fixture
def ready_pdf(guide):
    """The demo guide's PDF, made from its live revision and stored."""
    pdf, _created = GuidePdf.objects.update_or_create(
        page=guide,
        defaults={
            "status": "ready",
            "revision_id": guide.live_revision_id,
            "rendered_at": timezone.now(),
            "size": 12345,
            "error": "",
        },
    )
    pdf.file.save("boplan.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    yield pdf
    pdf.file.delete(save=False)


def test_the_editor_of_the_demo_guide_shows_a_ready_pdf_with_its_link(
    admin_client_en, guide, ready_pdf
):
    side, toggle = panel(admin_client_en, guide)
    assert side is not None and toggle is not None
    assert "Ready" in text(side) and "12.1 KB" in text(side)
    assert "the published one" in text(side)
    assert link(side, "Download the PDF")["href"] == ready_pdf.file.url
    revision = side.find("a", href=lambda h: h and "/revisions/" in h)
    assert revision["href"].endswith(f"/revisions/{guide.live_revision_id}/view/")
    form = side.find("form")
    assert form["method"] == "post"
    assert form["action"] == reverse("guides_pdf_render", args=[ready_pdf.pk])
    assert form.find("button", string=lambda s: s and "Make the PDF again" in s)


def test_a_failed_pdf_shows_its_reason_and_flags_the_toggle(admin_client_en, guide):
    GuidePdf.objects.update_or_create(
        page=guide,
        defaults={
            "status": "failed",
            "revision_id": guide.live_revision_id,
            "error": "The PDF took longer than 60 seconds and was stopped.",
        },
    )
    side, toggle = panel(admin_client_en, guide)
    assert "Failed" in text(side)
    assert "took longer than 60 seconds" in text(side.select_one(".help-critical"))
    assert text(toggle.select_one("[data-side-panel-toggle-counter]")) == "1"


def test_a_newer_publication_shows_out_of_date_and_keeps_the_earlier_file(
    admin_client_en, guide, ready_pdf
):
    guide.save_revision().publish()  # queues a new rendering; the tasks run after commit
    guide.refresh_from_db()
    assert pdf_state(guide).state == State.OUT_OF_DATE
    side, _toggle = panel(admin_client_en, guide)
    assert "Out of date" in text(side)
    assert link(side, "Download the earlier PDF")["href"] == ready_pdf.file.url


def test_a_page_not_published_yet_has_no_pdf_and_no_button(admin_client_en, guide):
    draft = guide.copy(update_attrs={"slug": "boplan-utkast", "title": "Utkast"}, keep_live=False)
    side, _toggle = panel(admin_client_en, draft)
    assert "Not published yet" in text(side)
    assert side.find("form") is None and side.find("a", download=True) is None


@override_settings(GUIDES_PDF_RENDERER="guides.pdf.DummyRenderer")
def test_make_again_from_the_editor_comes_back_to_the_editor(
    admin_client_en, guide, ready_pdf, django_capture_on_commit_callbacks
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    render_url = reverse("guides_pdf_render", args=[ready_pdf.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_en.post(render_url, {"next": edit_url})
    assert response.status_code == 302 and response["Location"] == edit_url
    elsewhere = admin_client_en.post(render_url, {"next": "https://example.org/"})
    assert elsewhere["Location"] == reverse("guides_pdfs")


def test_an_editor_who_may_not_publish_sees_the_state_but_no_button(client, guide, ready_pdf):
    writers = Group.objects.create(name="Writers")
    writers.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=writers, page=guide, permission_type="change")
    user = get_user_model().objects.create_user("skribent", password="x")  # noqa: S106
    user.groups.add(writers)
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language="en"
    )
    assert not guide.permissions_for_user(user).can_publish()
    client.force_login(user)
    side, _toggle = panel(client, guide)
    assert "Ready" in text(side) and side.find("form") is None
