"""The API's URLs, built from ``views.ENDPOINTS`` (the OpenAPI document reads the same list)."""

from django.urls import path

from .openapi import OPENAPI_ROUTE
from .views import ENDPOINTS, openapi_document

urlpatterns = [
    *(path(endpoint.route, endpoint.view, name=endpoint.name) for endpoint in ENDPOINTS),
    path(OPENAPI_ROUTE, openapi_document, name="forms_ext_api_openapi"),
]
