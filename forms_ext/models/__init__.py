"""The models of forms_ext: units, surveys, submissions, invitations and export jobs."""

from .invitations import CallAttempt, Invitation
from .jobs import ExportJob
from .submissions import Answer, Channel, SurveyDraft, SurveySubmission, SurveyVersion
from .surveys import Audience, SurveyField, SurveyPage
from .units import OrganisationUnit, UnitRole

__all__ = [
    "Answer",
    "Audience",
    "CallAttempt",
    "Channel",
    "ExportJob",
    "Invitation",
    "OrganisationUnit",
    "SurveyDraft",
    "SurveyField",
    "SurveyPage",
    "SurveySubmission",
    "SurveyVersion",
    "UnitRole",
]
