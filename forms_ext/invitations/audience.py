"""Who may answer a survey, and who manages its invitations and calls.

A survey's audience (``SurveyPage.audience``) decides whom the flow admits: anyone
(public), logged-in reporters of the survey's units, or holders of a personal
invitation link. What the flow learns about the person answering is kept in a
:class:`Respondent`: the unit, the channel and recorder of the answer, the
invitation and its prefilled hidden values. A draft remembers its respondent
(:meth:`Respondent.binding`), so a resume link works for that person only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings as django_settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..models import (
    Audience,
    Channel,
    Invitation,
    OrganisationUnit,
    SurveyDraft,
    SurveySubmission,
    UnitRole,
)
from ..models.invitations import hash_token
from ..permissions import units_for

# Names the flow uses in forms and drafts; answer keys never start with "_".
UNIT_FIELD = "_unit"  # a reporter's choice of unit, on the first step
SECRET_FIELD = "_invitation"  # noqa: S105 (the name of the form field carrying the secret)
LINK_KEY = "_link"  # in a draft: the hash of the link that started it
USER_KEY = "_by"  # in a draft: the reporter or interviewer who started it
INVITATION_KEY = "_invitation_id"  # in a draft: the interview's invitation

ANSWER_ROLES = (UnitRole.Role.REPORTER, UnitRole.Role.COORDINATOR)
MANAGE_ROLES = (UnitRole.Role.COORDINATOR,)


def conf(name: str, default: Any) -> Any:
    """A ``FORMS_EXT_<name>`` setting of this module (forms_ext.conf does not list them yet)."""
    return getattr(django_settings, f"FORMS_EXT_{name}", default)


# Who answers


@dataclass
class Respondent:
    """The person answering a survey and what their answer carries."""

    channel: str = Channel.WEB
    user: Any = None
    invitation: Invitation | None = None
    secret: str = ""
    units: list[OrganisationUnit] = field(default_factory=list)
    language: str = ""

    @property
    def is_private(self) -> bool:
        """Whether pages served to this respondent are personal (never cached)."""
        return self.invitation is not None or self.user is not None

    def binding(self) -> dict[str, Any]:
        """What a draft keeps so that only this respondent can resume it."""
        bound: dict[str, Any] = {}
        if self.invitation is not None and self.channel == Channel.INTERVIEW:
            bound[INVITATION_KEY] = self.invitation.pk
        elif self.invitation is not None:
            bound[LINK_KEY] = self.invitation.token_hash
        if self.user is not None:
            bound[USER_KEY] = self.user.pk
        return bound

    def owns(self, data: dict[str, Any]) -> bool:
        return all(data.get(key) == value for key, value in self.binding().items())

    def unit_for(self, data: dict[str, Any]) -> OrganisationUnit | None:
        """The unit the answer belongs to; None means the survey's owner."""
        if self.invitation is not None:
            return self.invitation.unit
        if len(self.units) == 1:
            return self.units[0]
        chosen = data.get(UNIT_FIELD)
        return next((unit for unit in self.units if unit.code == chosen), None)

    def prefill(self, fields: list) -> dict[str, str]:
        """The invitation's values of the survey's hidden questions (no other keys)."""
        values = (self.invitation.prefill or {}) if self.invitation is not None else {}
        return {
            f.clean_name: str(values[f.clean_name])[:255]
            for f in fields
            if f.field_type == "hidden" and f.clean_name in values
        }

    def submission_fields(self) -> dict[str, Any]:
        return {"channel": self.channel, "recorded_by": self.user, "invitation": self.invitation}


def reporter_units(user, page) -> list[OrganisationUnit]:
    """The units ``user`` may answer ``page`` for: their reporter or coordinator units under
    the survey's owner."""
    units = units_for(user, ANSWER_ROLES)
    if page.owner_unit_id:
        owner = OrganisationUnit.objects.get(pk=page.owner_unit_id)
        units = units.filter(path__startswith=owner.path)
    return list(units.order_by("path"))


def find_invitation(page, secret: str = "", token_hash: str = "") -> Invitation | None:
    """The invitation to ``page`` (in any of its languages) of a link's secret or its hash."""
    if secret:
        token_hash = hash_token(secret) if len(secret) <= 100 else ""
    if not token_hash:
        return None
    return (
        Invitation.objects.select_related("unit", "submission")
        .filter(token_hash=token_hash, page__translation_key=page.translation_key)
        .first()
    )


# Who manages invitations and calls


def may_manage_invitations(user, page) -> bool:
    """Superusers and coordinators of the survey's owner unit or a unit above it."""
    if getattr(user, "is_superuser", False):
        return True
    if not page.owner_unit_id:
        return False
    return units_for(user, MANAGE_ROLES).filter(pk=page.owner_unit_id).exists()


def interview_invitations(user, page) -> QuerySet[Invitation]:
    """The survey's invitations in the units where ``user`` is a coordinator or reporter."""
    invitations = Invitation.objects.filter(page=page)
    if getattr(user, "is_superuser", False):
        return invitations
    units = units_for(user, ANSWER_ROLES)
    return invitations.filter(Q(unit__in=units) | Q(unit=None, page__owner_unit__in=units))


def open_invitations(now: datetime.datetime | None = None) -> Q:
    """Invitations whose link still takes an answer."""
    return Q(revoked_at=None, expires_at__gt=now or timezone.now(), submission__isnull=True)


def state_filter(state: str) -> Q:
    now = timezone.now()
    return {
        "open": open_invitations(now),
        "answered": Q(submission__isnull=False),
        "expired": Q(revoked_at=None, expires_at__lte=now, submission__isnull=True),
        "revoked": Q(revoked_at__isnull=False, submission__isnull=True),
    }.get(state, Q())


# Admitting respondents: the part of the survey flow that follows the audience

# Why the flow turns someone away: (title, explanation, status).
REFUSALS = {
    "invalid": (
        _("This link does not work"),
        _(
            "Check that you copied the whole link from your invitation. If it still does not "
            "work, ask the sender for a new link."
        ),
        403,
    ),
    "invited_only": (
        _("This survey is by invitation"),
        _("Only people with a personal invitation can answer it. Use the link you were sent."),
        403,
    ),
    "expired": (
        _("This invitation has expired"),
        _("The link worked until %(date)s. Ask the sender if you still want to answer."),
        410,
    ),
    "revoked": (
        _("This invitation is no longer valid"),
        _("The sender has withdrawn this link. If you got a newer invitation, use that one."),
        410,
    ),
    "answered": (
        _("This invitation has already been answered"),
        _("Each invitation takes one answer, and we have received yours. Thank you."),
        410,
    ),
    "no_role": (
        _("This survey is for reporters"),
        _(
            "Your account has no reporter role in the units this survey is for. "
            "Ask your coordinator if you should have one."
        ),
        403,
    ),
    "not_yours": (
        _("This form was started by someone else"),
        _("A saved form can only be continued by the person who started it."),
        403,
    ),
}


class AudienceMixin:
    """The survey flow's checks of who may answer, on every step and on the receipt.

    Sets ``self.respondent``; needs ``page``, ``request`` and ``redirect()`` of the flow.
    """

    def admit(self, draft: SurveyDraft | None, secret: str) -> HttpResponse | None:
        """Decide who is answering (``self.respondent``), or return the page that turns them
        away. Override to admit respondents another way."""
        if getattr(self.request, "is_preview", False):
            return None
        if self.page.audience == Audience.REPORTERS:
            return self.admit_reporter(draft)
        bound = draft.data.get(LINK_KEY) if draft is not None else None
        if bound or secret:
            return self.admit_invited(draft, secret, bound or "")
        if self.page.audience == Audience.INVITED:
            return self.refuse("invited_only")
        return None

    def admit_reporter(self, draft: SurveyDraft | None) -> HttpResponse | None:
        user = self.request.user
        if not user.is_authenticated:
            login_url = conf("LOGIN_URL", "wagtailadmin_login")
            return redirect_to_login(self.request.get_full_path(), resolve_url(login_url))
        units = reporter_units(user, self.page)
        if not units:
            return self.refuse("no_role")
        self.respondent = Respondent(channel=Channel.REPORTER, user=user, units=units)
        if draft is not None and not self.respondent.owns(draft.data):
            return self.refuse("not_yours")
        return None

    def admit_invited(self, draft, secret: str, bound: str) -> HttpResponse | None:
        invitation = find_invitation(
            self.page, secret=secret if not bound else "", token_hash=bound
        )
        if invitation is None:
            return self.refuse("invalid")
        if invitation.is_answered and (draft is not None or self.request.method == "POST"):
            # a second tab or a replay: the answer is in, show its receipt
            return self.redirect(receipt=str(invitation.submission.token))
        for reason in ("answered", "revoked", "expired"):
            if getattr(invitation, f"is_{reason}"):
                return self.refuse(reason, invitation)
        self.respondent = Respondent(
            invitation=invitation, secret=secret, language=invitation.language
        )
        return None

    def admit_receipt(self, submission: SurveySubmission) -> HttpResponse | None:
        """Reporters see receipts of their units' answers; invited surveys only invited ones."""
        if getattr(self.request, "is_preview", False):
            return None
        if self.page.audience == Audience.REPORTERS:
            refused = self.admit_reporter(None)
            if refused is not None:
                return refused
            mine = {unit.pk for unit in self.respondent.units}
            allowed = (
                submission.unit_id in mine or submission.recorded_by_id == self.request.user.pk
            )
            return None if allowed else self.refuse("no_role")
        if self.page.audience == Audience.INVITED and submission.invitation_id is None:
            return self.refuse("invited_only")
        return None

    def refuse(self, reason: str, invitation=None) -> HttpResponse:
        """A page saying why this person cannot answer, in the invitation's language if known."""
        title, text, status = REFUSALS[reason]
        language = getattr(invitation, "language", "") or translation.get_language()
        if language not in dict(django_settings.LANGUAGES):
            language = translation.get_language()
        with translation.override(language):
            context = self.page.get_context(self.request)
            date = date_format(invitation.last_day, "DATE_FORMAT") if invitation else ""
            context.update(title=title, text=str(text) % {"date": date}, reason=reason)
            response = TemplateResponse(
                self.request, "forms_ext/survey_page_closed.html", context, status=status
            )
            response.render()
        patch_cache_control(response, private=True, no_store=True)
        return response
