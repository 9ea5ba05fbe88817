"""Personal invitations to a survey, and the calls an interviewer makes to a respondent.

An invitation is one person's way into a survey: one answer per link (the
submission points back at it with a unique key), an expiry date, revocable,
and hidden values carried into the answer (a unit code, a case number). Only a
hash of the link's secret is kept: the link itself lives in the e-mail, and a
coordinator who needs it again makes a new one, which ends the old.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conf import settings as app_settings


def hash_token(token: str) -> str:
    """The stored form of an invitation's secret."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """One person invited to answer one survey."""

    class Delivery(models.TextChoices):
        NOT_SENT = "not_sent", _("not sent")
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    page = models.ForeignKey(
        "forms_ext.SurveyPage",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("survey"),
    )
    unit = models.ForeignKey(
        "forms_ext.OrganisationUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("unit"),
        help_text=_("The unit the answer will belong to; the survey's owner if empty."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    prefill = models.JSONField(
        _("prefilled values"),
        default=dict,
        blank=True,
        help_text=_("Values of the survey's hidden questions, by their keys."),
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.NOT_SENT
    )
    delivery_error = models.CharField(_("delivery error"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name or self.email or self.phone or f"#{self.pk}"

    def new_token(self) -> str:
        """Give the invitation a new secret (ending any earlier link) and return it.

        The caller saves the invitation; only the hash is stored.
        """
        token = secrets.token_urlsafe(24)
        self.token_hash = hash_token(token)
        return token

    @classmethod
    def for_token(cls, token: str | None) -> Invitation | None:
        if not token or len(token) > 100:
            return None
        return cls.objects.filter(token_hash=hash_token(token)).first()

    @property
    def last_day(self) -> datetime.date:
        """The last day the link works, in FORMS_EXT_TIME_ZONE (it expires when the day ends)."""
        moment = self.expires_at - datetime.timedelta(microseconds=1)
        return moment.astimezone(ZoneInfo(app_settings.TIME_ZONE)).date()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_answered(self) -> bool:
        return hasattr(self, "submission") and self.submission is not None

    @property
    def is_open(self) -> bool:
        """Whether the link still takes an answer."""
        return not (self.is_expired or self.is_revoked or self.is_answered)


class CallAttempt(models.Model):
    """One phone call by an interviewer to an invited respondent."""

    class Outcome(models.TextChoices):
        NO_ANSWER = "no_answer", _("no answer")
        CALL_BACK = "call_back", _("call back")
        REFUSED = "refused", _("refused")
        COMPLETED = "completed", _("completed")

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="calls", verbose_name=_("invitation")
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    call_back_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("For the next call only, for example “after 16”. No answers here."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("interviewer"),
    )

    class Meta:
        verbose_name = _("call attempt")
        verbose_name_plural = _("call attempts")
        ordering = ["invitation", "at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"
