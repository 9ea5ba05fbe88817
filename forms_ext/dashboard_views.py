"""Admin dashboards of inventories: totals over periods and units, as charts and tables.

Coordinators and viewers see the inventories their units report to and, on each
dashboard, only the reports of their own units (``units_for(user, SEE_ANSWERS)``);
a superuser sees all. The range is the last 7, 30 or 90 days or any two dates;
the roll-up groups the units by their ancestor at a level of the unit tree.
The figures come from :func:`.inventories.tables.build_dashboard`, the same the
dashboard block and the JSON API show.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Min, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from .inventories.charts import panels
from .inventories.periods import local_date
from .inventories.tables import build_dashboard
from .models import InventoryPage, OrganisationUnit
from .permissions import SEE_ANSWERS, units_for

RANGES = [
    ("7", gettext_lazy("Last 7 days")),
    ("30", gettext_lazy("Last 30 days")),
    ("90", gettext_lazy("Last 90 days")),
    ("custom", gettext_lazy("From and to dates")),
]
LEVELS = [
    ("", gettext_lazy("No roll-up: all my units together")),
    ("1", gettext_lazy("Municipality")),
    ("2", gettext_lazy("District or sector")),
    ("3", gettext_lazy("Service or provider")),
]
#: The longest custom range, so that one request cannot aggregate years of daily reports.
MAX_DAYS = 731


class RangeForm(forms.Form):
    """The dashboard's period range and roll-up level (a GET form)."""

    range = forms.ChoiceField(label=gettext_lazy("Period"), choices=RANGES, required=False)
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=AdminDateInput)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=AdminDateInput)
    level = forms.ChoiceField(label=gettext_lazy("Roll up to"), choices=LEVELS, required=False)

    def clean(self):
        data = super().clean()
        if data.get("range") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give both dates, or choose a range."))
            if start > end:
                raise forms.ValidationError(_("The first date must come before the last."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("Choose at most two years."))
        return data

    def days(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The first and last local day chosen (the last 30 days when nothing valid is)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("range") == "custom":
            return data["start"], data["end"]
        length = int(data.get("range") or 30)
        return today - datetime.timedelta(days=length - 1), today

    def depth(self) -> int | None:
        level = self.cleaned_data.get("level") if self.is_valid() else ""
        return int(level) if level else None


def inventories_for(user) -> QuerySet[InventoryPage]:
    """One page per inventory (its first) with an expected unit the user sees answers of."""
    first = InventoryPage.objects.order_by().values("translation_key").annotate(first=Min("pk"))
    pages = InventoryPage.objects.filter(pk__in=first.values("first")).order_by("title")
    if user.is_superuser:
        return pages
    units = units_for(user, SEE_ANSWERS)
    return pages.filter(Q(expected_units__in=units) | Q(owner_unit__in=units)).distinct()


class DashboardMixin(WagtailAdminTemplateMixin):
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or units_for(user, SEE_ANSWERS).exists()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardIndexView(DashboardMixin, TemplateView):
    """The inventories whose dashboards the user may read."""

    template_name = "forms_ext/inventory/dashboard_index.html"
    page_title = gettext_lazy("Dashboards")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(inventories=inventories_for(self.request.user), **kwargs)


class DashboardView(DashboardMixin, TemplateView):
    """One inventory's dashboard over a range of periods, for the user's units only."""

    template_name = "forms_ext/inventory/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        # Admin URLs are only reached by logged-in users with admin access.
        self.inventory = get_object_or_404(InventoryPage, pk=kwargs["page_id"])
        visible = inventories_for(request.user)
        if not visible.filter(translation_key=self.inventory.translation_key).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Dashboard: %(title)s") % {"title": self.inventory.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("forms_ext_dashboards"), "label": _("Dashboards")},
            {"url": "", "label": self.inventory.title},
        ]

    def get_context_data(self, **kwargs):
        form = RangeForm(self.request.GET or {"range": "30"})
        first, last = form.days(local_date(timezone.now()))
        units = units_for(self.request.user, SEE_ANSWERS)
        if self.request.user.is_superuser:
            units = OrganisationUnit.objects.all()
        dashboard = build_dashboard(self.inventory, units, first, last, depth=form.depth())
        return super().get_context_data(
            inventory=self.inventory,
            form=form,
            first=first,
            last=last,
            dashboard=dashboard,
            panels=panels(dashboard),
            **kwargs,
        )


urlpatterns = [
    path("", DashboardIndexView.as_view(), name="forms_ext_dashboards"),
    path("<int:page_id>/", DashboardView.as_view(), name="forms_ext_dashboard"),
]


class DashboardsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or units_for(user, SEE_ANSWERS).exists()
