"""The models of forms_ext: units, surveys, submissions, invitations, export jobs, inventories."""

from .api import ApiClient
from .inventories import (
    Frequency,
    InventoryPage,
    InventoryReport,
    LateDigestSent,
    ReminderSent,
    ReportChange,
    ReportingPeriod,
)
from .inventory_totals import InventoryTotal
from .invitations import CallAttempt, Invitation
from .jobs import ExportJob
from .submissions import Answer, Channel, SurveyDraft, SurveySubmission, SurveyVersion
from .surveys import Audience, SurveyField, SurveyPage
from .templates import Sector, SurveyTemplate, TemplateKind
from .units import OrganisationUnit, UnitRole

__all__ = [
    "Answer",
    "ApiClient",
    "Audience",
    "CallAttempt",
    "Channel",
    "ExportJob",
    "Frequency",
    "InventoryPage",
    "InventoryReport",
    "InventoryTotal",
    "Invitation",
    "LateDigestSent",
    "OrganisationUnit",
    "ReminderSent",
    "ReportChange",
    "ReportingPeriod",
    "Sector",
    "SurveyDraft",
    "SurveyField",
    "SurveyPage",
    "SurveySubmission",
    "SurveyTemplate",
    "SurveyVersion",
    "TemplateKind",
    "UnitRole",
]
