"""Notifications of new answers: after commit, a link only, allow-listed domains only."""

import uuid

import pytest
from django.core import mail

from forms_ext.notifications import allowed_recipients
from forms_ext.submissions import store_submission
from tests.utils import make_survey

pytestmark = pytest.mark.django_db


def test_only_addresses_in_allowed_domains_are_used(settings):
    settings.FORMS_EXT_NOTIFY_DOMAINS = ["fjordvik.example"]
    addresses = "kari@fjordvik.example, ola@gmail.example; bad-address, KARL@FJORDVIK.EXAMPLE"
    assert allowed_recipients(addresses) == ["kari@fjordvik.example", "KARL@FJORDVIK.EXAMPLE"]


def test_new_answer_sends_a_link_without_the_answers(settings, django_capture_on_commit_callbacks):
    settings.FORMS_EXT_NOTIFY_DOMAINS = ["fjordvik.example"]
    survey = make_survey([{"label": "Name", "field_type": "singleline"}], slug="notify")
    survey.notify_to = "koordinator@fjordvik.example, outsider@example.org"
    survey.save()
    fields = list(survey.get_form_fields())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        store_submission(survey, fields, {"name": "Kari Nordmann"}, str(uuid.uuid4()), "nb")
    assert mail.outbox == [], "nothing is sent before the transaction commits"

    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["koordinator@fjordvik.example"]
    assert f"/admin/forms/submissions/{survey.pk}/" in message.body
    assert "Kari" not in message.body + message.subject


def test_no_allowed_domain_sends_nothing(settings, django_capture_on_commit_callbacks):
    settings.FORMS_EXT_NOTIFY_DOMAINS = []
    survey = make_survey([{"label": "Name", "field_type": "singleline"}], slug="quiet")
    survey.notify_to = "koordinator@fjordvik.example"
    survey.save()
    with django_capture_on_commit_callbacks(execute=True):
        store_submission(
            survey, list(survey.get_form_fields()), {"name": "x"}, str(uuid.uuid4()), "nb"
        )
    assert mail.outbox == []
