"""Versions, drafts, submissions and their typed answers.

Answers are stored one row per value in ``Answer``, with a column per type
(code, text, number, date, date-time), keyed by the survey's translation key
and the question's stable key, so that the database filters, counts and sums
them with indexes, whatever the version or language of the form answered.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import AbstractFormSubmission


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SurveyVersion(models.Model):
    """The definition of a survey as published: the questions every submission answered."""

    survey_key = models.UUIDField(_("survey"), db_index=True)
    number = models.PositiveIntegerField(_("version"))
    schema = models.JSONField(_("definition"))
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey version")
        constraints = [
            models.UniqueConstraint(fields=["survey_key", "number"], name="unique_survey_version")
        ]
        ordering = ["survey_key", "number"]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def fields(self) -> list[dict]:
        return self.schema.get("fields", [])


class SurveyDraft(models.Model):
    """Answers given so far in a multi-step survey, reachable only through its private link."""

    token = models.CharField(max_length=64, unique=True, default=new_token)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    step = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("draft answer")

    def __str__(self) -> str:
        return f"draft {self.pk}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class Channel(models.TextChoices):
    """How an answer reached the survey."""

    WEB = "web", _("by the respondent")
    INTERVIEW = "interview", _("by an interviewer")
    REPORTER = "reporter", _("by a reporter")
    IMPORT = "import", _("imported")


class SurveySubmission(AbstractFormSubmission):
    """One person's answer to a survey, in the version and language they answered.

    Unlike Wagtail's own submissions, these outlive the page: deleting a survey
    page leaves its answers (found by ``survey_key``) for their owners to export.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "forms_ext.OrganisationUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("unit"),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, db_index=True)
    survey_key = models.UUIDField(_("survey"), db_index=True)
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.PROTECT, related_name="submissions", null=True
    )
    token = models.UUIDField(_("receipt"), unique=True, default=uuid.uuid4)
    language = models.CharField(_("language"), max_length=10, blank=True)
    channel = models.CharField(
        _("answered"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("The interviewer or reporter who entered the answer."),
    )
    invitation = models.OneToOneField(
        "forms_ext.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
        verbose_name=_("invitation"),
    )

    class Meta:
        verbose_name = _("survey submission")
        verbose_name_plural = _("survey submissions")
        ordering = ["-submit_time"]

    def __str__(self) -> str:
        return f"{self.survey_key} #{self.pk}"


class Answer(models.Model):
    """One typed value of one answer: the rows that sums, counts and filters run on."""

    submission = models.ForeignKey(
        SurveySubmission, on_delete=models.CASCADE, related_name="answers"
    )
    survey_key = models.UUIDField()
    key = models.CharField(max_length=255)
    part = models.CharField(max_length=100, blank=True)
    # NULL, not "", marks a column this answer does not use: an empty string is a value.
    code = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    text = models.TextField(null=True, blank=True)  # noqa: DJ001
    number = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    datetime = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        indexes = [
            models.Index(fields=["survey_key", "key", "code"], name="answer_code_idx"),
            models.Index(fields=["survey_key", "key", "number"], name="answer_number_idx"),
            models.Index(fields=["survey_key", "key", "date"], name="answer_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key}={self.code or self.text or self.number or self.date or self.datetime}"
