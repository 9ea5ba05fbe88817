"""File uploads: checked, kept in private storage, downloaded only with the right."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from forms_ext.field_types.files import upload_storage
from forms_ext.models import Answer, SurveySubmission
from tests.factories import UserFactory
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def survey():
    return make_survey(
        [
            {"label": "Name", "field_type": "singleline"},
            {"label": "Documents", "field_type": "pagebreak", "required": False},
            {"label": "Tax return", "field_type": "file"},
        ],
        slug="uploads",
        parent=home_page("en"),
    )


def send(client, survey, content=PDF, name="skattemelding.pdf"):
    tok = str(uuid.uuid4())
    client.post(survey.url, {"token": tok, "step": 0, "name": "Kari"})
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(survey.url, {"token": tok, "step": 1, "tax_return": upload})
    return tok, response


def test_uploaded_file_is_stored_privately_with_the_submission(client, survey):
    tok, response = send(client, survey)
    assert response.status_code == 302 and "receipt=" in response.url
    submission = SurveySubmission.objects.get(token=tok)
    stored = Answer.objects.get(submission=submission, key="tax_return").text
    assert stored.endswith("/skattemelding.pdf")
    assert upload_storage().open(stored).read() == PDF
    location = Path(upload_storage().path(stored)).resolve()
    assert Path(django_settings.MEDIA_ROOT).resolve() not in location.parents
    with pytest.raises(NotImplementedError):
        upload_storage().url(stored)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Files of this type cannot be sent"),
        ("fake.pdf", b"<html><script>alert(1)</script>", "does not match its type"),
    ],
)
def test_files_of_the_wrong_type_or_content_are_refused(client, survey, name, content, message):
    tok, response = send(client, survey, content=content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SurveySubmission.objects.filter(token=tok).exists()


def test_too_large_file_is_refused(client, survey, settings):
    settings.FORMS_EXT_UPLOAD_MAX_MB = 0.00001  # about 10 bytes
    _tok, response = send(client, survey)
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()


def test_download_is_for_users_who_may_see_the_answers(client, admin_client, survey):
    tok, _response = send(client, survey)
    submission = SurveySubmission.objects.get(token=tok)
    url = f"/admin/forms_ext/uploads/{submission.pk}/tax_return/"

    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="skattemelding.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"

    assert client.get(url).status_code == 302  # anonymous: to the login
    staff = UserFactory(username="staff-without-surveys")
    admin_only = Group.objects.create(name="Admin access only")
    admin_only.permissions.add(Permission.objects.get(codename="access_admin"))
    staff.groups.add(admin_only)
    client.force_login(staff)
    refused = client.get(url)
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's "no permission"
    assert admin_client.get(f"/admin/forms_ext/uploads/{submission.pk}/name/").status_code == 404
