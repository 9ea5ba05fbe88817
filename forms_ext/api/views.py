"""The endpoints of the JSON API, each declared once in ``ENDPOINTS``.

Every answer is JSON; errors are ``{"error": "..."}`` with 400, 401 (no or a
revoked token), 403 (an inventory or unit outside the client's scope) or 404.
A unit outside the client's scope never appears in an answer: every query
starts from :func:`.auth.units_of`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..inventories.aggregates import CHOICE_TYPES, option_list
from ..inventories.periods import bounds, local_date
from ..inventories.queries import latest_reports
from ..inventories.reports import expected_units
from ..inventories.tables import build_dashboard
from ..models import InventoryReport
from . import auth

PAGE_SIZE = 100
#: The longest range one request may ask for.
MAX_DAYS = 731
#: Answers the API never gives: files are private, headings are not answers.
LEFT_OUT = ("file", "info", "heading", "pagebreak")


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict = field(default_factory=lambda: {"type": "string"})
    where: str = "query"
    required: bool = False


@dataclass(frozen=True)
class Endpoint:
    """One endpoint: its route (Django path syntax), view, and what OpenAPI says of it."""

    route: str
    name: str
    view: Callable
    summary: str
    params: tuple[Param, ...] = ()
    response: str = ""  # the name of a schema in openapi.SCHEMAS
    errors: tuple[int, ...] = (401,)


def api_view(view: Callable) -> Callable:
    """Authenticate, then turn :class:`.auth.ApiError` into a JSON answer."""

    @wraps(view)
    @require_GET
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            client = auth.client_from(request)
            response = JsonResponse(view(request, client, *args, **kwargs))
        except auth.ApiError as error:
            response = JsonResponse({"error": error.message}, status=error.status)
            if error.status == 401:
                response["WWW-Authenticate"] = 'Bearer realm="boportal"'
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


# Values


def number(value: Any) -> int | float | None:
    try:
        plain = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return int(plain) if plain == plain.to_integral_value() else float(plain)


def schema_of(inventory) -> list[dict]:
    """The questions, by key: label, type and, for choices, the options' codes and labels."""
    questions = []
    for survey_field in inventory.get_form_fields():
        if survey_field.field_type in LEFT_OUT:
            continue
        question = {
            "key": survey_field.clean_name,
            "label": survey_field.label,
            "type": survey_field.field_type,
        }
        if survey_field.field_type in CHOICE_TYPES:
            options = option_list(survey_field)
            question["options"] = [{"code": c, "label": label} for c, label in options]
        questions.append(question)
    return questions


def values_of(form_data: dict, schema: list[dict]) -> dict[str, Any]:
    values = {}
    for question in schema:
        value = form_data.get(question["key"])
        values[question["key"]] = number(value) if question["type"] == "number" else value
    return values


def report_json(report: InventoryReport, schema: list[dict], current_key: str = "") -> dict:
    data = {
        "unit": {"code": report.unit.code, "name": report.unit.name},
        "period": report.period.key,
        "first_reported_at": report.first_reported_at.isoformat(),
        "updated_at": report.updated_at.isoformat(),
        "late": report.late,
        "values": values_of(report.submission.form_data, schema),
    }
    if current_key:
        data["stale"] = report.period.key != current_key
    return data


def inventory_json(inventory) -> dict:
    return {
        "key": str(inventory.translation_key),
        "slug": inventory.slug,
        "title": inventory.title,
        "frequency": inventory.frequency,
    }


# Parameters


def day_param(request: HttpRequest, name: str, default: datetime.date) -> datetime.date:
    raw = request.GET.get(name)
    if not raw:
        return default
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        message = _("'%(name)s' must be a date, YYYY-MM-DD.") % {"name": name}
        raise auth.ApiError(400, message) from error


def range_params(request: HttpRequest, days: int = 30) -> tuple[datetime.date, datetime.date]:
    last = day_param(request, "to", local_date(timezone.now()))
    first = day_param(request, "from", last - datetime.timedelta(days=days - 1))
    if first > last:
        raise auth.ApiError(400, _("'from' must not be after 'to'."))
    if (last - first).days >= MAX_DAYS:
        raise auth.ApiError(400, _("Ask for at most %(days)s days at a time.") % {"days": MAX_DAYS})
    return first, last


def int_param(request: HttpRequest, name: str, default: int | None, low: int, high: int):
    raw = request.GET.get(name)
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise auth.ApiError(
            400,
            _("'%(name)s' must be a whole number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return int(raw)


# Views


@api_view
def inventory_list(request, client):
    inventories = client.inventories.order_by("translation_key", "pk")
    first = {}
    for page in inventories:
        first.setdefault(page.translation_key, page)
    return {"inventories": [inventory_json(page) for page in first.values()]}


@api_view
def current(request, client, ref):
    inventory = auth.inventory_for(client, ref)
    schema = schema_of(inventory)
    units = expected_units(inventory).filter(pk__in=auth.units_of(client).values("pk"))
    reports = latest_reports(inventory, units).order_by("unit__path")
    current_key = bounds(inventory, local_date(timezone.now())).key
    return {
        "inventory": inventory_json(inventory),
        "schema": {"questions": schema},
        "reports": [report_json(report, schema, current_key) for report in reports],
    }


@api_view
def history(request, client, ref):
    inventory = auth.inventory_for(client, ref)
    first, last = range_params(request)
    units = auth.units_of(client)
    if request.GET.get("unit"):
        units = _one_unit(units, request.GET["unit"])
    reports = (
        InventoryReport.objects.filter(
            inventory_key=inventory.translation_key,
            unit__in=units,
            period__first_day__lte=last,
            period__last_day__gte=first,
        )
        .select_related("unit", "period", "submission")
        .order_by("-period_starts_at", "unit__path")
    )
    page_number = int_param(request, "page", 1, 1, 10**6)
    try:
        page = Paginator(reports, PAGE_SIZE).page(page_number)
    except EmptyPage as error:
        raise auth.ApiError(404, _("There is no such page.")) from error
    schema = schema_of(inventory)
    return {
        "inventory": inventory_json(inventory),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "page": page.number,
        "pages": page.paginator.num_pages,
        "count": page.paginator.count,
        "schema": {"questions": schema},
        "reports": [report_json(report, schema) for report in page.object_list],
    }


def _one_unit(scope, code: str):
    from ..models import OrganisationUnit

    if not OrganisationUnit.objects.filter(code=code).exists():
        raise auth.ApiError(404, _("No unit has this code."))
    unit = scope.filter(code=code).first()
    if unit is None:
        raise auth.ApiError(403, _("This unit is outside the client's scope."))
    return unit.descendants_and_self()


@api_view
def aggregates(request, client, ref):
    inventory = auth.inventory_for(client, ref)
    first, last = range_params(request)
    depth = int_param(request, "level", None, 1, 10)
    dashboard = build_dashboard(
        inventory, auth.units_of(client), first, last, depth=depth, public=client.public
    )
    return {
        "inventory": inventory_json(inventory),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "level": depth,
        "reported_values_only": True,
        "current": dashboard.current.as_json(),
        "questions": [
            {
                "key": question.key,
                "label": question.label,
                "kind": question.kind,
                "tables": [table.as_json() for table in tables],
            }
            for question, tables in dashboard.questions
        ],
    }


def openapi_document(request):
    from .openapi import document

    return JsonResponse(document(), json_dumps_params={"indent": 1})


REF = Param("ref", "The inventory's key (a UUID) or slug.", where="path", required=True)
DATE = {"type": "string", "format": "date"}
RANGE = (
    Param("from", "First local day, YYYY-MM-DD (default: 30 days before 'to').", DATE),
    Param("to", "Last local day, YYYY-MM-DD (default: today).", DATE),
)

ENDPOINTS = [
    Endpoint(
        "inventories/",
        "forms_ext_api_inventories",
        inventory_list,
        "The inventories this client may read.",
        response="InventoryList",
    ),
    Endpoint(
        "inventories/<str:ref>/current/",
        "forms_ext_api_current",
        current,
        "The latest report of each unit in the client's scope, with the questions' schema.",
        (REF,),
        "Current",
        (401, 403, 404),
    ),
    Endpoint(
        "inventories/<str:ref>/history/",
        "forms_ext_api_history",
        history,
        "Every report of the units in scope whose period overlaps the range, newest first, "
        f"{PAGE_SIZE} a page.",
        (
            REF,
            *RANGE,
            Param("unit", "Only this unit (its code) and the units below it."),
            Param("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
        ),
        "History",
        (400, 401, 403, 404),
    ),
    Endpoint(
        "inventories/<str:ref>/aggregates/",
        "forms_ext_api_aggregates",
        aggregates,
        "Totals per period of number questions and counts per option of choice questions, "
        "reported values only, as on the dashboards (small counts suppressed for public "
        "clients).",
        (
            REF,
            *RANGE,
            Param(
                "level",
                "Roll up to the units at this depth of the tree (1 municipality, 2 district).",
                {"type": "integer", "minimum": 1},
            ),
        ),
        "Aggregates",
        (400, 401, 403, 404),
    ),
]
