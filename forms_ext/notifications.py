"""Telling staff that an answer has arrived: a link, never the answers."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from .conf import settings as app_settings


def allowed_recipients(addresses: str) -> list[str]:
    """The addresses from ``addresses`` whose domain is in FORMS_EXT_NOTIFY_DOMAINS."""
    domains = {domain.lower().lstrip("@") for domain in app_settings.NOTIFY_DOMAINS}
    candidates = [item.strip() for item in (addresses or "").replace(";", ",").split(",")]
    return [
        address
        for address in candidates
        if "@" in address and address.rsplit("@", 1)[1].lower() in domains
    ]


@task()
def notify_new_submission(submission_id: int) -> int:
    """E-mail the survey's allow-listed recipients a link to the new submission.

    Runs after the submission's transaction has committed; returns how many
    addresses were sent to.
    """
    from .models import SurveySubmission

    submission = SurveySubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        return 0
    page = submission.page.specific
    recipients = allowed_recipients(getattr(page, "notify_to", ""))
    if not recipients:
        return 0
    link = django_settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailforms:list_submissions", args=[page.pk]
    )
    subject = _("New answer to “%(title)s”") % {"title": page.title}
    body = _(
        "A new answer has arrived. Read it in the admin (you may need to log in):\n%(link)s\n"
    ) % {"link": link}
    send_mail(subject, body, None, recipients)
    return len(recipients)
