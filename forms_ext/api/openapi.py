"""The OpenAPI 3.1 description of the API, built from ``views.ENDPOINTS``.

Paths, parameters, answers and errors come from the endpoints' own
declarations (the same list the URLconf is built from); the answers' shapes are
the JSON Schemas below, next to the views that produce them.
"""

from __future__ import annotations

import re

from .views import ENDPOINTS, MAX_DAYS, PAGE_SIZE, Endpoint

OPENAPI_ROUTE = "openapi.json"
PREFIX = "/api/v1/"

NUMBER = {"type": ["number", "null"]}
CELL = {
    "type": "object",
    "description": "A value; null when no unit reported, or when suppressed.",
    "properties": {"value": NUMBER, "suppressed": {"type": "boolean"}},
    "required": ["value", "suppressed"],
}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, dict] = {
    "Error": {
        "type": "object",
        "properties": {"error": {"type": "string"}},
        "required": ["error"],
    },
    "Inventory": {
        "type": "object",
        "properties": {
            "key": {"type": "string", "format": "uuid"},
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "frequency": {"enum": ["daily", "weekly", "monthly", "yearly_week"]},
        },
        "required": ["key", "slug", "title", "frequency"],
    },
    "InventoryList": {
        "type": "object",
        "properties": {"inventories": {"type": "array", "items": ref("Inventory")}},
        "required": ["inventories"],
    },
    "Question": {
        "type": "object",
        "properties": {
            "key": {"type": "string"},
            "label": {"type": "string"},
            "type": {"type": "string"},
            "options": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
                },
            },
        },
        "required": ["key", "label", "type"],
    },
    "Schema": {
        "type": "object",
        "properties": {"questions": {"type": "array", "items": ref("Question")}},
    },
    "Report": {
        "type": "object",
        "properties": {
            "unit": {
                "type": "object",
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            },
            "period": {"type": "string", "examples": ["2026-11-23", "2026-W48"]},
            "first_reported_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
            "late": {"type": "boolean"},
            "stale": {"type": "boolean", "description": "Not a report of today's period."},
            "values": {
                "type": "object",
                "description": "Answers by question key; see the schema for labels.",
            },
        },
        "required": ["unit", "period", "updated_at", "values"],
    },
    "Current": {
        "type": "object",
        "properties": {
            "inventory": ref("Inventory"),
            "schema": ref("Schema"),
            "reports": {"type": "array", "items": ref("Report")},
        },
        "required": ["inventory", "schema", "reports"],
    },
    "History": {
        "type": "object",
        "properties": {
            "inventory": ref("Inventory"),
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "count": {"type": "integer"},
            "schema": ref("Schema"),
            "reports": {"type": "array", "items": ref("Report"), "maxItems": PAGE_SIZE},
        },
        "required": ["inventory", "page", "pages", "count", "reports"],
    },
    "Cell": CELL,
    "Table": {
        "type": "object",
        "properties": {
            "key": {"type": "string"},
            "caption": {"type": "string"},
            "columns": {"type": "array", "items": {"type": "string"}},
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "label": {"type": "string"},
                        "cells": {"type": "array", "items": ref("Cell")},
                        "total": {"oneOf": [ref("Cell"), {"type": "null"}]},
                    },
                },
            },
            "column_totals": {"type": ["array", "null"], "items": ref("Cell")},
            "suppressed_below": {"type": ["integer", "null"]},
        },
        "required": ["key", "columns", "rows"],
    },
    "Aggregates": {
        "type": "object",
        "properties": {
            "inventory": ref("Inventory"),
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"},
            "level": {"type": ["integer", "null"]},
            "reported_values_only": {"const": True},
            "current": ref("Table"),
            "questions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "label": {"type": "string"},
                        "kind": {"enum": ["number", "choice"]},
                        "tables": {"type": "array", "items": ref("Table")},
                    },
                },
            },
        },
        "required": ["inventory", "current", "questions"],
    },
}

ERRORS = {
    400: "A parameter is not valid.",
    401: "No token, or an unknown or revoked one.",
    403: "The inventory or unit is outside the client's scope.",
    404: "No such inventory, unit or page.",
}


def openapi_path(route: str) -> str:
    """``inventories/<str:ref>/current/`` as OpenAPI writes it (``{ref}``), with the prefix."""
    return PREFIX + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def operation(endpoint: Endpoint) -> dict:
    responses = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": ref(endpoint.response)}},
        }
    }
    for status in endpoint.errors:
        responses[str(status)] = {
            "description": ERRORS[status],
            "content": {"application/json": {"schema": ref("Error")}},
        }
    return {
        "operationId": endpoint.name,
        "summary": endpoint.summary,
        "parameters": [
            {
                "name": p.name,
                "in": p.where,
                "required": p.required or p.where == "path",
                "description": p.description,
                "schema": p.schema,
            }
            for p in endpoint.params
        ],
        "responses": responses,
    }


def document() -> dict:
    """The whole OpenAPI 3.1 document."""
    paths = {openapi_path(e.route): {"get": operation(e)} for e in ENDPOINTS}
    paths[openapi_path(OPENAPI_ROUTE)] = {
        "get": {
            "operationId": "forms_ext_api_openapi",
            "summary": "This description.",
            "security": [],
            "responses": {"200": {"description": "The OpenAPI document."}},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Boportal inventories",
            "version": "1",
            "description": (
                "Read-only access to inventories: the current state, the history and the "
                "aggregates of the units a client may read. Send the client's token as "
                f"'Authorization: Bearer <token>'. Ranges are at most {MAX_DAYS} days."
            ),
        },
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
    }
