"""Admin of API clients: create one (its token shown once), edit its scope, revoke it.

A Wagtail ``ModelViewSet``, so the model permissions (add, change, delete API
client: superusers by default) decide who manages clients. The token exists in
clear only in the answer to the creation; the database keeps its hash.
"""

from __future__ import annotations

from django import forms
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from ..models import ApiClient, InventoryPage
from .openapi import OPENAPI_ROUTE, PREFIX
from .views import ENDPOINTS

FIELDS = ["name", "units", "inventories", "public", "active"]


class ApiClientForm(forms.ModelForm):
    class Meta:
        model = ApiClient
        fields = FIELDS
        widgets = {
            "units": forms.CheckboxSelectMultiple,
            "inventories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = self.fields["units"].queryset.order_by("path")
        # One page per inventory: its translations share reports and are read together.
        first_pages = InventoryPage.objects.order_by("translation_key", "pk").distinct()
        self.fields["inventories"].queryset = InventoryPage.objects.filter(
            pk__in=[p.pk for p in _first_per_key(first_pages)]
        ).order_by("title")


def _first_per_key(pages):
    first = {}
    for page in pages:
        first.setdefault(page.translation_key, page)
    return first.values()


class ApiClientIndexView(generic.IndexView):
    @cached_property
    def header_buttons(self):
        url = reverse("forms_ext_api_docs")
        docs = HeaderButton(_("API documentation"), url=url, icon_name="help")
        return [*super().header_buttons, docs]


class ApiClientCreateView(generic.CreateView):
    """Creates the client with a new token and shows the token once, instead of redirecting."""

    def save_instance(self):
        self.token = self.form.instance.new_token()
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def save_action(self):
        context = self.get_context_data(client=self.object, token=self.token)
        context["page_title"] = _("The token of %(name)s") % {"name": self.object.name}
        response = TemplateResponse(self.request, "forms_ext/admin/api_client_token.html", context)
        response["Cache-Control"] = "no-store"
        return response


class ApiClientViewSet(ModelViewSet):
    """Where superusers (or whoever has the model's permissions) manage API clients."""

    model = ApiClient
    name = "api_clients"
    icon = "key"
    menu_label = gettext_lazy("API clients")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["name", "token_hint", "public", "active", "last_used_at", "created_by"]
    list_filter = ["active", "public"]
    search_fields = ["name"]
    index_view_class = ApiClientIndexView
    add_view_class = ApiClientCreateView

    def get_form_class(self, for_update=False):
        return ApiClientForm


class ApiDocsView(WagtailAdminTemplateMixin, TemplateView):
    """A short page for people: how to call the API, each endpoint, the OpenAPI link."""

    template_name = "forms_ext/admin/api_docs.html"
    page_title = gettext_lazy("API documentation")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        from .openapi import openapi_path

        endpoints = [(openapi_path(e.route), e) for e in ENDPOINTS]
        return super().get_context_data(
            endpoints=endpoints,
            openapi_url=PREFIX + OPENAPI_ROUTE,
            base=self.request.build_absolute_uri(PREFIX),
            **kwargs,
        )
