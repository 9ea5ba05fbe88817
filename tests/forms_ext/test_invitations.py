"""Invitations in the admin: from a CSV file, sent in the background, revoked, new links."""

import datetime
import smtplib
import uuid
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from forms_ext.invitations import read_invitation_file, send_invitations
from forms_ext.models import (
    Audience,
    Invitation,
    OrganisationUnit,
    SurveyPage,
    SurveySubmission,
)
from forms_ext.submissions import store_submission
from tests.utils import home_page, make_survey

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "name,email,phone,language,unit,case\n"
    "Kari Testesen,kari@fjordvik.example,400 00 001,nb,nav-nord,A-1\n"
    "Ola Eksempel,ola@fjordvik.example,,en,,A-2\n"
    "\n"
    "Per Prøvesen,,401 00 002,,nattherberget-nord,\n"
)


@pytest.fixture(autouse=True)
def fresh_cache():
    """A used confirmation is remembered in the cache: forget those of other tests."""
    cache.clear()


def user(name):
    return get_user_model().objects.get(username=name)


def admin_client(username):
    """A client logged in as ``username``, whose admin speaks English."""
    account = user(username)
    profile = UserProfile.get_for_user(account)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(account)
    return client


@pytest.fixture
def survey():
    page = make_survey(
        [
            {"label": "Case", "field_type": "hidden", "required": False},
            {"label": "Name", "field_type": "singleline"},
        ],
        slug="invited",
        parent=home_page("en"),
    )
    SurveyPage.objects.filter(pk=page.pk).update(
        audience=Audience.INVITED, owner_unit=OrganisationUnit.objects.get(code="fjordvik-nord")
    )
    return SurveyPage.objects.get(pk=page.pk)


def invite(page, days=30, **fields):
    fields.setdefault("email", f"{uuid.uuid4().hex[:8]}@fjordvik.example")
    return Invitation.objects.create(
        page=page, expires_at=timezone.now() + datetime.timedelta(days=days), **fields
    )


def url(page, rest=""):
    return f"/admin/forms_ext/invitations/{page.pk}/{rest}"


def upload(client, page, content: bytes, expires=None):
    expires = expires or (timezone.localdate() + datetime.timedelta(days=10))
    return client.post(
        url(page, "upload/"),
        {"file": SimpleUploadedFile("people.csv", content, "text/csv"), "expires": expires},
    )


# Reading the file


def read(page, text, encoding="utf-8", username="koordinator-nord"):
    return read_invitation_file(text.encode(encoding), page, user(username))


def test_good_file_reads_names_units_languages_and_hidden_values(survey):
    parsed = read(survey, GOOD_CSV)
    assert parsed.is_valid, [row.errors for row in parsed.rows]
    kari, ola, per = parsed.rows
    assert (kari.name, kari.email, kari.phone, kari.language) == (
        "Kari Testesen",
        "kari@fjordvik.example",
        "400 00 001",
        "nb",
    )
    assert kari.unit.code == "nav-nord" and kari.prefill == {"case": "A-1"}
    assert ola.unit is None and ola.language == "en"
    assert per.line == 5, "the blank line is skipped but counted"


def test_windows_1252_with_semicolons_is_read(survey):
    text = "navn;e-post;enhet\nBjørn Ærlig;bjorn@fjordvik.example;nav-nord\n"
    parsed = read(survey, text, encoding="cp1252")
    assert parsed.is_valid
    assert parsed.rows[0].name == "Bjørn Ærlig"


def test_bad_rows_are_each_explained(survey):
    invite(survey, email="taken@fjordvik.example")
    text = (
        "name,email,unit,language\n"
        "A,not-an-address,,\n"
        "B,b@fjordvik.example,no-such-unit,\n"
        "C,c@fjordvik.example,fjordvik-sor,\n"
        "D,b@fjordvik.example,,\n"
        "E,TAKEN@fjordvik.example,,\n"
        "F,f@fjordvik.example,,xx\n"
        "G,,,\n"
    )
    parsed = read(survey, text)
    errors = {row.line: " ".join(row.errors) for row in parsed.rows}
    assert not parsed.is_valid
    assert "not a valid e-mail address" in errors[2]
    assert "Unknown unit code “no-such-unit”" in errors[3]
    assert "not one of your units" in errors[4]
    assert "already invited" in errors[5]
    assert "already invited" in errors[6]
    assert "Unknown language" in errors[7]
    assert "e-mail address or a phone number" in errors[8]


def test_unknown_column_is_refused_rather_than_ignored(survey):
    parsed = read(survey, "name,email,shoe_size\nA,a@fjordvik.example,44\n")
    assert not parsed.rows
    assert "Unknown column “shoe_size”" in parsed.errors[0]
    assert "case" in parsed.errors[0], "the hidden question's key is named as allowed"


def test_size_and_row_limits(survey, settings):
    settings.FORMS_EXT_INVITATION_MAX_ROWS = 2
    many = "email\n" + "".join(f"p{n}@fjordvik.example\n" for n in range(3))
    assert "more than 2 rows" in read(survey, many).errors[0]
    big = b"email\n" + b"x" * 2_000_001
    assert "larger than 2.0 MB" in read_invitation_file(big, survey, user("admin")).errors[0]


def test_binary_file_is_refused(survey):
    parsed = read_invitation_file(b"email\n\x00\x81\x8d", survey, user("admin"))
    assert "not a text file" in parsed.errors[0]


# The upload in the admin


def test_upload_previews_then_creates_all_at_once_and_logs_the_count(survey):
    client = admin_client("koordinator-nord")
    preview = upload(client, survey, GOOD_CSV.encode())
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Create 3 invitations" in html
    assert not Invitation.objects.filter(page=survey).exists(), "nothing before confirmation"
    payload = preview.context["confirm"]["payload"].value()
    expires = preview.context["confirm"]["expires"].value()
    created = client.post(url(survey, "upload/"), {"payload": payload, "expires": expires})
    assert created.status_code == 302
    invitations = Invitation.objects.filter(page=survey).order_by("name")
    assert [i.name for i in invitations] == ["Kari Testesen", "Ola Eksempel", "Per Prøvesen"]
    kari = invitations[0]
    assert kari.unit.code == "nav-nord" and kari.prefill == {"case": "A-1"}
    assert kari.created_by == user("koordinator-nord")
    assert kari.delivery == "not_sent" and kari.token_hash is None
    assert timezone.localtime(kari.expires_at).date() == timezone.localdate() + datetime.timedelta(
        days=11
    )
    entry = PageLogEntry.objects.get(page=survey, action="forms_ext.invitations_create")
    assert entry.data == {"count": 3}
    assert "Kari" not in str(entry.data)
    with translation.override("en"):  # the log message is worded when read
        assert "3 invitations created" in entry.message


def test_a_confirmation_sent_twice_creates_once(survey):
    client = admin_client("koordinator-nord")
    confirm = upload(client, survey, b"name,phone\nKari,400 00 001\n").context["confirm"]
    data = {"payload": confirm["payload"].value(), "expires": confirm["expires"].value()}
    client.post(url(survey, "upload/"), data)
    client.post(url(survey, "upload/"), data)
    assert Invitation.objects.filter(page=survey).count() == 1


def test_upload_with_errors_creates_nothing_and_offers_no_confirmation(survey):
    client = admin_client("koordinator-nord")
    response = upload(client, survey, b"name,email\nA,bad\nB,b@fjordvik.example\n")
    html = response.content.decode()
    assert response.status_code == 400
    assert "1 row has errors" in html and "not a valid e-mail address" in html
    assert 'name="payload"' not in html
    assert not Invitation.objects.filter(page=survey).exists()


def test_confirmation_checks_the_file_again(survey):
    client = admin_client("koordinator-nord")
    preview = upload(client, survey, GOOD_CSV.encode())
    invite(survey, email="kari@fjordvik.example")  # someone else was quicker
    confirm = preview.context["confirm"]
    response = client.post(
        url(survey, "upload/"),
        {"payload": confirm["payload"].value(), "expires": confirm["expires"].value()},
    )
    assert response.status_code == 400
    assert Invitation.objects.filter(page=survey).count() == 1


def test_tampered_confirmation_creates_nothing(survey):
    client = admin_client("koordinator-nord")
    response = client.post(
        url(survey, "upload/"), {"payload": "email\nx@fjordvik.example", "expires": "2999-01-01"}
    )
    assert response.status_code == 302
    assert not Invitation.objects.filter(page=survey).exists()


def test_expiry_in_the_past_is_refused(survey):
    client = admin_client("koordinator-nord")
    response = upload(client, survey, GOOD_CSV.encode(), expires=datetime.date(2000, 1, 1))
    assert response.status_code == 400
    assert "Choose today or a later day." in response.content.decode()


# Sending


def test_sending_mails_each_a_new_link_that_works(survey, django_capture_on_commit_callbacks):
    kari = invite(survey, name="Kari Testesen", email="kari@fjordvik.example")
    gone = invite(survey, revoked_at=timezone.now())
    client = admin_client("koordinator-nord")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(survey, "send/"), {"scope": "unsent"})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["kari@fjordvik.example"]]
    message = mail.outbox[0]
    assert survey.title in message.subject
    assert "Hello Kari Testesen," in message.body
    link = next(line for line in message.body.splitlines() if "?invitation=" in line)
    assert link.startswith(survey.full_url)
    kari.refresh_from_db()
    assert kari.delivery == "sent" and kari.sent_at and kari.token_hash
    gone.refresh_from_db()
    assert gone.delivery == "not_sent"
    path = link.split("://", 1)[1].split("/", 1)[1]
    html = Client().get(f"/{path}").content.decode()
    assert 'name="_invitation"' in html
    entry = PageLogEntry.objects.get(page=survey, action="forms_ext.invitations_send")
    assert entry.data == {"count": 1}


def test_nothing_is_sent_before_the_transaction_commits(survey, django_capture_on_commit_callbacks):
    kari = invite(survey)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client("koordinator-nord").post(url(survey, "send/"), {"scope": "unsent"})
    kari.refresh_from_db()
    assert kari.delivery == "queued"
    assert mail.outbox == [] and len(callbacks) == 1


def test_only_the_selected_are_sent(survey, django_capture_on_commit_callbacks):
    chosen, other = invite(survey), invite(survey)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client("koordinator-nord").post(
            url(survey, "send/"), {"scope": "selected", "selected": [chosen.pk, "x"]}
        )
    assert [message.to for message in mail.outbox] == [[chosen.email]]
    other.refresh_from_db()
    assert other.delivery == "not_sent"


def test_a_bad_address_fails_alone_with_a_short_error(survey, django_capture_on_commit_callbacks):
    bad = invite(survey, email="kari@@fjordvik.example")
    good = invite(survey)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client("koordinator-nord").post(url(survey, "send/"), {"scope": "unsent"})
    bad.refresh_from_db()
    good.refresh_from_db()
    assert (bad.delivery, good.delivery) == ("failed", "sent")
    assert bad.delivery_error == "ValidationError: invalid e-mail address"
    assert bad.token_hash is None
    listing = admin_client("koordinator-nord").get(url(survey)).content.decode()
    assert "queued: 0 · sent: 1 · failed: 1" in listing


def test_mail_server_refusal_marks_failed_and_keeps_the_old_link(survey):
    invitation = invite(survey)
    old_secret = invitation.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=invitation.token_hash, delivery="queued"
    )
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPRecipientsRefused({invitation.email: (550, b"no such user")}),
    ):
        result = send_invitations.call([invitation.pk])
    assert result == {"sent": 0, "failed": 1, "not_sent": 0}
    invitation.refresh_from_db()
    assert invitation.delivery == "failed"
    assert invitation.delivery_error.startswith("SMTPRecipientsRefused")
    assert Invitation.for_token(old_secret) == invitation, "a failed mail ends no link"


def test_unreachable_mail_server_fails_the_batch(survey):
    invitation = invite(survey, delivery="queued")
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.open", side_effect=OSError("refused")
    ):
        send_invitations.call([invitation.pk])
    invitation.refresh_from_db()
    assert (invitation.delivery, invitation.delivery_error) == ("failed", "OSError: refused")


def test_invitation_answered_while_queued_is_not_sent(survey):
    invitation = invite(survey, delivery="queued")
    store_submission(
        survey, list(survey.get_form_fields()), {}, str(uuid.uuid4()), "en", invitation=invitation
    )
    assert send_invitations.call([invitation.pk])["not_sent"] == 1
    assert mail.outbox == []


def test_link_leads_to_the_survey_in_the_invitation_s_language(survey):
    from wagtail.models import Locale

    norwegian = survey.copy_for_translation(
        Locale.objects.get(language_code="nb"), copy_parents=True
    )
    norwegian.save_revision().publish()
    invitation = invite(survey, language="nb", delivery="queued")
    send_invitations.call([invitation.pk])
    assert f"{norwegian.full_url}?invitation=" in mail.outbox[0].body


# The list, revoking and new links


def test_list_searches_filters_and_links_the_answer(survey):
    answered = invite(survey, name="Kari Testesen", email="kari@fjordvik.example")
    submission = store_submission(
        survey, list(survey.get_form_fields()), {}, str(uuid.uuid4()), "en", invitation=answered
    )
    invite(survey, name="Ola Eksempel", delivery="failed", delivery_error="SMTPException: 421")
    invite(survey, name="Per Prøvesen", days=-1)
    client = admin_client("koordinator-nord")
    html = client.get(url(survey)).content.decode()
    assert f'href="/admin/forms_ext/submissions/{submission.pk}/"' in html
    assert "SMTPException: 421" in html
    names = lambda response: {i.name for i in response.context["object_list"]}  # noqa: E731
    assert names(client.get(url(survey), {"q": "kari@"})) == {"Kari Testesen"}
    assert names(client.get(url(survey), {"delivery": "failed"})) == {"Ola Eksempel"}
    assert names(client.get(url(survey), {"state": "expired"})) == {"Per Prøvesen"}
    assert names(client.get(url(survey), {"state": "answered"})) == {"Kari Testesen"}
    assert names(client.get(url(survey), {"state": "open"})) == {"Ola Eksempel"}


def test_list_pages_with_a_bounded_number_of_queries(survey, django_assert_max_num_queries):
    Invitation.objects.bulk_create(
        Invitation(
            page=survey,
            name=f"Person {n:03d}",
            email=f"p{n}@fjordvik.example",
            unit=OrganisationUnit.objects.get(code="nav-nord"),
            expires_at=timezone.now() + datetime.timedelta(days=3),
        )
        for n in range(120)
    )
    client = admin_client("koordinator-nord")
    client.get(url(survey))  # warm up sessions and caches
    with django_assert_max_num_queries(25):
        response = client.get(url(survey), {"p": 2})
    assert len(response.context["object_list"]) == 50
    assert "Page 2 of 3" in response.content.decode()


def test_revoking_asks_first_then_ends_the_link(survey):
    invitation = invite(survey)
    secret = invitation.new_token()
    invitation.save()
    client = admin_client("koordinator-nord")
    confirm = client.get(url(survey, f"{invitation.pk}/revoke/"))
    assert "Revoke the invitation" in confirm.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert client.post(url(survey, f"{invitation.pk}/revoke/")).status_code == 302
    invitation.refresh_from_db()
    assert invitation.is_revoked
    assert Client().get(f"{survey.url}?invitation={secret}").status_code == 410
    assert PageLogEntry.objects.filter(page=survey, action="forms_ext.invitations_revoke").exists()


def test_new_link_is_shown_once_and_ends_the_old(survey):
    invitation = invite(survey)
    old = invitation.new_token()
    invitation.save()
    client = admin_client("koordinator-nord")
    response = client.post(url(survey, f"{invitation.pk}/new-link/"))
    link = response.context["link"]
    assert link in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    new = link.split("?invitation=")[1]
    assert Client().get(f"{survey.url}?invitation={old}").status_code == 403
    assert Client().get(f"{survey.url}?invitation={new}").status_code == 200
    assert link not in client.get(url(survey, f"{invitation.pk}/")).content.decode()


def test_answered_invitation_gets_no_new_link(survey):
    invitation = invite(survey)
    store_submission(
        survey, list(survey.get_form_fields()), {}, str(uuid.uuid4()), "en", invitation=invitation
    )
    before = Invitation.objects.get(pk=invitation.pk).token_hash
    admin_client("koordinator-nord").post(url(survey, f"{invitation.pk}/new-link/"))
    assert Invitation.objects.get(pk=invitation.pk).token_hash == before


# Who may manage invitations


def test_survey_list_shows_the_managed_surveys(survey):
    html = admin_client("koordinator-nord").get("/admin/forms_ext/invitations/").content.decode()
    assert survey.title in html
    html = admin_client("koordinator-sor").get("/admin/forms_ext/invitations/").content.decode()
    assert survey.title not in html


@pytest.mark.parametrize("username", ["admin", "koordinator-nord"])
def test_coordinators_of_the_owner_and_superusers_manage(survey, username):
    assert admin_client(username).get(url(survey)).status_code == 200


@pytest.mark.parametrize("username", ["koordinator-sor", "rapportor-nord", "leser-nord", "editor"])
def test_others_reach_no_invitation_endpoint(survey, username, django_capture_on_commit_callbacks):
    invitation = invite(survey)
    client = admin_client(username)
    for path in ["", "results/", "upload/", f"{invitation.pk}/", f"{invitation.pk}/revoke/"]:
        response = client.get(url(survey, path))
        assert (response.status_code, response.url) == (302, "/admin/"), path
    with django_capture_on_commit_callbacks(execute=True):
        for path in ["send/", f"{invitation.pk}/revoke/", f"{invitation.pk}/new-link/"]:
            assert client.post(url(survey, path), {"scope": "unsent"}).status_code == 302
        upload(client, survey, GOOD_CSV.encode())
    invitation.refresh_from_db()
    assert (invitation.revoked_at, invitation.token_hash, invitation.delivery) == (
        None,
        None,
        "not_sent",
    )
    assert Invitation.objects.filter(page=survey).count() == 1
    assert mail.outbox == []


def test_invitation_of_another_survey_is_not_found_through_this_one(survey):
    other = make_survey([{"label": "Q", "field_type": "singleline"}], slug="other-survey")
    foreign = invite(other)
    response = admin_client("admin").get(url(survey, f"{foreign.pk}/"))
    assert response.status_code == 404


def test_anonymous_is_sent_to_log_in(survey):
    response = Client().get(url(survey))
    assert response.status_code == 302 and "/admin/login/" in response.url


# The demo


def test_demo_invitations_and_a_second_seed_changes_no_count():
    from cms.demo_surveys import seed_surveys

    page = SurveyPage.objects.get(slug="tenant-follow-up")
    counts = lambda: (  # noqa: E731
        page.invitations.count(),
        page.invitations.filter(revoked_at__isnull=False).count(),
        page.invitations.filter(expires_at__lte=timezone.now()).count(),
        page.invitations.filter(delivery="sent").count(),
        SurveySubmission.objects.filter(page=page, invitation__isnull=False).count(),
        SurveySubmission.objects.filter(page=page).count(),
    )
    before = counts()
    assert page.interviews and page.audience == "public"
    assert before[:5] == (12, 1, 1, 7, 3)
    assert before[5] == 52, "answered invitations reuse existing demo answers"
    assert all(
        e.endswith("@fjordvik.example") for e in page.invitations.values_list("email", flat=True)
    )
    seed_surveys(lambda message: None)
    assert counts() == before
