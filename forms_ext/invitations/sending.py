"""Sending invitations by e-mail in the background, each with a new personal link.

:func:`queue_invitations` marks invitations queued and, once the transaction has
committed, enqueues :func:`send_invitations` in batches. The task makes each
link's secret at send time (only its hash is stored, and an earlier link ends),
writes the e-mail in the invitation's language and records "sent", or "failed"
with a short error.
"""

from __future__ import annotations

from functools import partial
from smtplib import SMTPException

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Page

from ..models import Invitation
from .audience import open_invitations

SEND_BATCH = 100


def sendable(invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """The invitations that can be e-mailed: open and with an address."""
    return invitations.filter(open_invitations()).exclude(email="")


def queue_invitations(invitations: QuerySet[Invitation]) -> int:
    """Mark the sendable ``invitations`` queued and send them in the background, after commit."""
    with transaction.atomic():
        ids = list(sendable(invitations).values_list("pk", flat=True))
        Invitation.objects.filter(pk__in=ids).update(
            delivery=Invitation.Delivery.QUEUED, delivery_error=""
        )
        for start in range(0, len(ids), SEND_BATCH):
            batch = ids[start : start + SEND_BATCH]
            transaction.on_commit(partial(send_invitations.enqueue, batch))
    return len(ids)


def invitation_link(invitation: Invitation, token: str, addresses: dict | None = None) -> str:
    """The personal link: the survey in the invitation's language if it is published in it.

    ``addresses`` keeps the survey's address per language across a batch of invitations.
    """
    addresses = {} if addresses is None else addresses
    key = (invitation.page_id, invitation.language)
    if key not in addresses:
        page = invitation.page
        translated = (
            Page.objects.live()
            .filter(translation_key=page.translation_key, locale__language_code=invitation.language)
            .first()
            if invitation.language
            else None
        )
        addresses[key] = (translated or page).get_full_url()
    if not addresses[key]:
        raise ValueError("The survey has no public address.")
    return f"{addresses[key]}?{urlencode({'invitation': token})}"


def invitation_message(
    invitation: Invitation, token: str, addresses: dict | None = None
) -> EmailMessage:
    """The e-mail of one invitation, in its language: a greeting, the link and its expiry."""
    page = invitation.page
    language = invitation.language or page.locale.language_code
    with translation.override(language):
        values = {
            "name": invitation.name,
            "title": page.title,
            "link": invitation_link(invitation, token, addresses),
            "date": date_format(invitation.last_day, "DATE_FORMAT"),
            "sender": page.owner_unit.name
            if page.owner_unit
            else django_settings.WAGTAIL_SITE_NAME,
        }
        greeting = _("Hello %(name)s,") % values if invitation.name else _("Hello,")
        body = (
            _(
                "You are invited to answer the survey “%(title)s”. "
                "Open your personal link to answer:\n\n%(link)s\n\n"
                "The link works until %(date)s and takes one answer. Please do not share it.\n\n"
                "Sent by %(sender)s."
            )
            % values
        )
        subject = _("Invitation: %(title)s") % values
    return EmailMessage(subject, f"{greeting}\n\n{body}\n", None, [invitation.email])


def send_one(invitation: Invitation, connection, addresses: dict) -> str:
    """Send one queued invitation with a new link; store the outcome; return it."""
    if not invitation.email or not invitation.is_open:
        Invitation.objects.filter(pk=invitation.pk).update(delivery=Invitation.Delivery.NOT_SENT)
        return Invitation.Delivery.NOT_SENT
    token = invitation.new_token()
    try:
        validate_email(invitation.email)
        message = invitation_message(invitation, token, addresses)
        message.connection = connection
        message.send()
    except (SMTPException, OSError, ValueError, ValidationError) as error:
        Invitation.objects.filter(pk=invitation.pk).update(
            delivery=Invitation.Delivery.FAILED, delivery_error=short_error(error)
        )
        return Invitation.Delivery.FAILED
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=invitation.token_hash,
        delivery=Invitation.Delivery.SENT,
        delivery_error="",
        sent_at=timezone.now(),
    )
    return Invitation.Delivery.SENT


def short_error(error: Exception) -> str:
    """The error as stored with the invitation: technical, short, in no particular language."""
    text = "invalid e-mail address" if isinstance(error, ValidationError) else str(error)
    return f"{type(error).__name__}: {text}"[:255]


@task()
def send_invitations(invitation_ids: list[int]) -> dict[str, int]:
    """E-mail the queued invitations among ``invitation_ids``; return counts by outcome.

    Each invitation gets a new secret at send time (an earlier link ends) and is
    marked sent, or failed with a short error. An invitation answered, revoked or
    expired meanwhile goes back to "not sent".
    """
    invitations = Invitation.objects.select_related(
        "page", "page__owner_unit", "page__locale", "unit", "submission"
    ).filter(pk__in=invitation_ids, delivery=Invitation.Delivery.QUEUED)
    counts = {"sent": 0, "failed": 0, "not_sent": 0}
    connection = get_connection()
    try:
        connection.open()
    except (SMTPException, OSError) as error:
        failed = invitations.update(
            delivery=Invitation.Delivery.FAILED, delivery_error=short_error(error)
        )
        return {**counts, "failed": failed}
    addresses: dict = {}
    try:
        for invitation in invitations:
            counts[send_one(invitation, connection, addresses)] += 1
    finally:
        connection.close()
    return counts
