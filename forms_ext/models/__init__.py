"""The models of forms_ext: organisation units, surveys and their submissions."""

from .submissions import Answer, SurveyDraft, SurveySubmission, SurveyVersion
from .surveys import SurveyField, SurveyPage
from .units import OrganisationUnit, UnitRole

__all__ = [
    "Answer",
    "OrganisationUnit",
    "SurveyDraft",
    "SurveyField",
    "SurveyPage",
    "SurveySubmission",
    "SurveyVersion",
    "UnitRole",
]
