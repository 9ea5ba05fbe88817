"""Reminders to units that have not reported (once), and coordinators' digest of late units."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from wagtail.users.models import UserProfile

from forms_ext.inventories import submit_report
from forms_ext.inventories.reminders import language_of, send_late_digest, send_reminders
from forms_ext.models import ReminderSent, UnitRole
from tests.utils import home_page, make_inventory, unit, user

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
QUESTIONS = [{"label": "Vacant beds", "field_type": "number"}]


def at(day, hour, minute=0):
    """2026-11-<day> <hour>:<minute> in Oslo (UTC+1)."""
    return datetime.datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)


@pytest.fixture
def inventory():
    units = [unit(code) for code in ("nattherberget-nord", "nav-nord", "familiehuset-sor")]
    return make_inventory(
        QUESTIONS,
        slug="vacancies",
        parent=home_page("en"),
        expected_units=units,
        remind_hours_before=2,
    )


@pytest.fixture(autouse=True)
def published_long_ago(inventory):
    """Periods before an inventory was published are nobody's late reports."""
    type(inventory).objects.filter(pk=inventory.pk).update(
        first_published_at=datetime.datetime(2026, 1, 1, tzinfo=UTC)
    )


def report(inventory, code, moment, by="rapportor-nord"):
    fields = list(inventory.get_form_fields())
    answers = {"vacant_beds": Decimal(1)}
    submit_report(inventory, unit(code), user(by), answers, fields, now=moment)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_reminders_go_to_the_reporters_of_exactly_the_units_that_have_not_reported(inventory):
    report(inventory, "nattherberget-nord", at(23, 7))
    assert send_reminders(at(23, 7, 59)) == 0, "not yet: two hours before 10:00 is 08:00"
    assert mail.outbox == []
    assert send_reminders(at(23, 8, 15)) == 2  # nav-nord and familiehuset-sor
    assert set(ReminderSent.objects.values_list("unit__code", flat=True)) == {
        "nav-nord",
        "familiehuset-sor",
    }
    # rapportor-nord reaches nav-nord from the district; rapportor-sor reaches Familiehuset.
    assert recipients() == ["rapportor-nord@fjordvik.example", "rapportor-sor@fjordvik.example"]
    message = next(m for m in mail.outbox if m.to == ["rapportor-nord@fjordvik.example"])
    assert "NAV Nord" in message.body
    assert f"{inventory.url}?unit={unit('nav-nord').pk}" in message.body
    assert "Nattherberget" not in message.body


def test_a_unit_is_reminded_once_per_period_and_not_after_the_due_time(inventory):
    assert send_reminders(at(23, 8, 15)) == 3
    sent = len(mail.outbox)
    assert send_reminders(at(23, 8, 30)) == 0
    assert send_reminders(at(23, 9, 45)) == 0
    assert len(mail.outbox) == sent
    assert send_reminders(at(23, 10, 30)) == 0, "past due: the digest's turn"
    assert send_reminders(at(24, 8, 15)) == 3, "a new day, a new period"


def test_e_mails_are_written_in_the_recipients_admin_language_or_the_default():
    profile = UserProfile.get_for_user(user("rapportor-sor"))
    profile.preferred_language = "sv"
    profile.save()
    assert language_of(user("rapportor-sor")) == "sv"
    profile.preferred_language = "xx"
    profile.save()
    assert language_of(user("rapportor-sor")) == "nb"


def test_no_reminders_without_remind_hours(inventory):
    type(inventory).objects.filter(pk=inventory.pk).update(remind_hours_before=None)
    assert send_reminders(at(23, 8, 15)) == 0


def test_the_digest_tells_each_coordinator_of_their_late_units_only_once_a_day(inventory):
    report(inventory, "nattherberget-nord", at(23, 9))
    assert send_late_digest(at(23, 11)) == 0, "before FORMS_EXT_INVENTORY_DIGEST_TIME (12:00)"
    assert send_late_digest(at(23, 12, 5)) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {
        "koordinator-nord@fjordvik.example",
        "koordinator-sor@fjordvik.example",
    }
    north = by_address["koordinator-nord@fjordvik.example"].body
    assert "NAV Nord" in north
    assert "Familiehuset" not in north, "Sør's units are not in Nord's digest"
    assert "Nattherberget" not in north, "it reported on time (and yesterday's due is a day old)"
    assert "Familiehuset Sør" in by_address["koordinator-sor@fjordvik.example"].body
    assert "Vacant beds" not in north and "1" not in north.split("\n")[0]
    assert send_late_digest(at(23, 15)) == 0
    assert len(mail.outbox) == 2


@override_settings(FORMS_EXT_INVENTORY_DIGEST_TIME="08:00")
def test_no_digest_before_anything_is_due_and_none_for_those_with_nothing_late(inventory):
    type(inventory).objects.filter(pk=inventory.pk).update(first_published_at=at(23, 1))
    assert send_late_digest(at(23, 9)) == 0, "published today, and nothing is due before 10:00"
    report(inventory, "familiehuset-sor", at(23, 9), by="rapportor-sor")
    assert send_late_digest(at(23, 10, 30)) == 1
    assert [m.to for m in mail.outbox] == [["koordinator-nord@fjordvik.example"]]


def test_a_coordinator_above_the_districts_gets_every_late_unit(inventory):
    chief = get_user_model().objects.create_user("sjef", "sjef@fjordvik.example")
    UnitRole.objects.create(user=chief, unit=unit("fjordvik"), role="coordinator")
    send_late_digest(at(23, 12, 5))
    body = next(m for m in mail.outbox if m.to == ["sjef@fjordvik.example"]).body
    assert all(name in body for name in ("Nattherberget Nord", "NAV Nord", "Familiehuset Sør"))


def test_the_command_queues_both_tasks(inventory, capsys):
    call_command("enqueue_inventory_reminders")
    output = capsys.readouterr().out
    assert "send_inventory_reminders" in output and "send_inventory_digest" in output
