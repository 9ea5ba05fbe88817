"""Reminders to units that have not reported, and a daily digest of late units.

Both run from the background tasks ``forms_ext.tasks.send_inventory_reminders``
and ``send_inventory_digest``, queued every 15 minutes by
``manage.py enqueue_inventory_reminders`` (cron). Each is safe to run as often
as wanted, and by two workers at once:

- :func:`send_reminders` e-mails, once per period and unit (a ``ReminderSent``
  row, unique), the reporters of each expected unit without a report, from
  ``remind_hours_before`` hours before the period is due until it is due;
- :func:`send_late_digest` e-mails each coordinator, once per local day (a
  ``LateDigestSent`` row, unique) from ``FORMS_EXT_INVENTORY_DIGEST_TIME``, the
  units they coordinate without a report in a period whose due time passed in
  the last 24 hours.

The e-mails are in the recipient's preferred language (their admin language)
and hold a link and the names of units, never answers. The claim and the
e-mail share a transaction: an e-mail that fails is tried again on the next run.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.users.models import UserProfile

from ..conf import settings as app_settings
from ..models import (
    InventoryPage,
    InventoryReport,
    LateDigestSent,
    OrganisationUnit,
    ReminderSent,
    ReportingPeriod,
    UnitRole,
)
from .periods import period_for, period_label, recent_periods, zone
from .reports import REPORT_ROLES, expected_units


def live_inventories() -> list[InventoryPage]:
    """Each live inventory once, in its original language (the first page of its key)."""
    first: dict[Any, InventoryPage] = {}
    for page in InventoryPage.objects.live().order_by("pk"):
        first.setdefault(page.translation_key, page)
    return list(first.values())


def people_reaching(unit: OrganisationUnit, roles) -> QuerySet:
    """Active users with an e-mail address and one of ``roles`` in ``unit`` or above it."""
    step = OrganisationUnit.steplen
    paths = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    return (
        get_user_model()
        .objects.filter(
            is_active=True, unit_roles__role__in=list(roles), unit_roles__unit__path__in=paths
        )
        .exclude(email="")
        .distinct()
    )


def language_of(user) -> str:
    language = UserProfile.get_for_user(user).get_preferred_language()
    return (
        language if language in dict(django_settings.LANGUAGES) else django_settings.LANGUAGE_CODE
    )


def page_url(inventory: InventoryPage, language: str) -> str:
    """The inventory's address in ``language`` if it is published in it."""
    translated = (
        Page.objects.live()
        .filter(translation_key=inventory.translation_key, locale__language_code=language)
        .first()
    )
    return (translated or inventory).get_full_url() or ""


def unreported(inventory: InventoryPage, period: ReportingPeriod) -> QuerySet[OrganisationUnit]:
    """The expected units without a report in ``period``."""
    reported = InventoryReport.objects.filter(period=period).values("unit_id")
    return expected_units(inventory).exclude(pk__in=reported).order_by("path")


# Reminders


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind the units that have not reported yet; return how many units were reminded."""
    now = now or timezone.now()
    reminded = 0
    for inventory in live_inventories():
        if not inventory.remind_hours_before:
            continue
        period = period_for(inventory, now)
        since = period.due_at - datetime.timedelta(hours=inventory.remind_hours_before)
        if period.is_open(now) and since <= now < period.due_at:
            reminded += remind_units(inventory, period, now)
    return reminded


def remind_units(inventory: InventoryPage, period: ReportingPeriod, now) -> int:
    count = 0
    waiting = unreported(inventory, period).exclude(
        pk__in=ReminderSent.objects.filter(period=period).values("unit_id")
    )
    for unit in waiting:
        with transaction.atomic():
            _sent, claimed = ReminderSent.objects.get_or_create(
                period=period, unit=unit, defaults={"sent_at": now}
            )
            if claimed:
                for user in people_reaching(unit, REPORT_ROLES):
                    reminder_message(inventory, period, unit, user).send()
                count += 1
    return count


def reminder_message(inventory, period, unit, user) -> EmailMessage:
    """The reminder to one reporter, in their language: the unit, the period, a link."""
    language = language_of(user)
    with translation.override(language):
        subject = _("Reminder: report to “%(title)s”") % {"title": inventory.title}
        body = _(
            "%(unit)s has not reported for %(period)s yet. The report is expected by "
            "%(time)s.\n\nReport here (you may need to log in):\n%(link)s\n"
        ) % {
            "unit": unit.name,
            "period": period_label(period),
            "time": period.due_at.astimezone(zone()).strftime("%H:%M"),
            "link": f"{page_url(inventory, language)}?unit={unit.pk}",
        }
    return EmailMessage(subject, body, None, [user.email])


# The daily digest of late units


def late_units(now: datetime.datetime) -> list[tuple[InventoryPage, ReportingPeriod, Any]]:
    """(inventory, period, unit) for each expected unit without a report in a period whose
    due time passed in the 24 hours before ``now`` (so each period is in one day's digest),
    leaving out periods that closed before the inventory was first published."""
    late = []
    a_day_ago = now - datetime.timedelta(days=1)
    for inventory in live_inventories():
        published = inventory.first_published_at or now
        for period in recent_periods(inventory, 2, now):
            if a_day_ago < period.due_at <= now and period.closes_at > published:
                late += [(inventory, period, unit) for unit in unreported(inventory, period)]
    return late


def digest_time() -> datetime.time:
    return datetime.time.fromisoformat(app_settings.INVENTORY_DIGEST_TIME)


def send_late_digest(now: datetime.datetime | None = None) -> int:
    """E-mail each coordinator the late units they coordinate, once a local day; return how
    many coordinators got one."""
    now = now or timezone.now()
    local = now.astimezone(zone())
    if local.time() < digest_time():
        return 0
    late = late_units(now)
    if not late:
        return 0
    reach: dict[Any, list[str]] = defaultdict(list)
    roles = UnitRole.objects.filter(
        role=UnitRole.Role.COORDINATOR, user__is_active=True
    ).select_related("user", "unit")
    for role in roles.exclude(user__email=""):
        reach[role.user].append(role.unit.path)
    sent = 0
    for user, paths in reach.items():
        theirs = [item for item in late if item[2].path.startswith(tuple(paths))]
        if theirs and _claim_and_send(user, local.date(), theirs, now):
            sent += 1
    return sent


def _claim_and_send(user, day: datetime.date, late: list, now) -> bool:
    with transaction.atomic():
        _sent, claimed = LateDigestSent.objects.get_or_create(
            user=user, day=day, defaults={"sent_at": now}
        )
        if claimed:
            digest_message(user, day, late).send()
    return claimed


def digest_message(user, day: datetime.date, late: list) -> EmailMessage:
    """The digest to one coordinator, in their language: per inventory and period, the units
    that have not reported, and a link to the inventory's answers."""
    grouped: dict[tuple, list[str]] = defaultdict(list)
    for inventory, period, unit in late:
        grouped[(inventory, period)].append(unit.name)
    base = django_settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(language_of(user)):
        blocks = [
            _("%(title)s, %(period)s:\n%(units)s\n%(link)s")
            % {
                "title": inventory.title,
                "period": period_label(period),
                "units": "\n".join(f"- {name}" for name in names),
                "link": base + reverse("wagtailforms:list_submissions", args=[inventory.pk]),
            }
            for (inventory, period), names in grouped.items()
        ]
        date = date_format(day, "DATE_FORMAT")
        subject = _("Units that have not reported, %(date)s") % {"date": date}
        body = _(
            "These units you coordinate have not reported on time:\n\n%(blocks)s\n\n"
            "The links lead to the answers in the admin (you may need to log in).\n"
        ) % {"blocks": "\n\n".join(blocks)}
    return EmailMessage(subject, body, None, [user.email])
