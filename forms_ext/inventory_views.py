"""Views of inventories: the current list (a page route), the status board and the exports.

- ``<inventory url>current/`` (:func:`current_list`, from ``InventoryPage.serve``): the
  latest report of every unit the reader may see; for staff (any role reaching an
  expected unit) or, with ``list_audience`` "public", for anyone.
- Admin → Inventories (:class:`InventoryIndexView`) → an inventory's status board
  (:class:`StatusBoardView`): coordinators and viewers, their units only.
- Exports of the current list and of the history (:func:`inventory_export`), the
  rows of the user's units only.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Min, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView

from .conf import settings as app_settings
from .exports import export_formats
from .exports.jobs import start_export
from .filters import UnitFilter
from .inventories.current import CurrentList, list_units
from .inventories.exporting import inventory_columns, inventory_export_response
from .inventories.periods import period_for
from .inventories.reports import expected_units, source_of
from .inventories.status import ICONS, State, status_board, units_in_state
from .invitations import conf
from .models import InventoryPage, OrganisationUnit, SurveySubmission
from .models.inventories import ListAudience
from .permissions import SEE_ANSWERS, submissions_for, units_for
from .submission_views import may_see_any_answers

EXPORT_KINDS = ("current", "history")


def board_units(page: InventoryPage, user: Any) -> QuerySet[OrganisationUnit]:
    """The expected units whose reports ``user`` may see as answers (coordinator, viewer)."""
    return expected_units(page).filter(pk__in=units_for(user, SEE_ANSWERS).values("pk"))


def export_links(page: InventoryPage, kind: str, params: QueryDict | None = None) -> list[dict]:
    """A link per export format, keeping the list's filters (not its page or "as of")."""
    query = params.copy() if params is not None else QueryDict(mutable=True)
    for name in ("page", "as_of"):
        query.pop(name, None)
    suffix = f"?{query.urlencode()}" if query else ""
    return [
        {
            "label": export_format.key.upper(),
            "url": reverse("forms_ext_inventory_export", args=[page.pk, kind, export_format.key])
            + suffix,
        }
        for export_format in export_formats
    ]


# The current list (a route of the inventory page)


def refuse_list(request: HttpRequest, page: InventoryPage) -> HttpResponse:
    context = page.get_context(request)
    context.update(
        title=_("This list is for staff"),
        text=_(
            "You need a role in one of the units that report to this inventory. "
            "Ask your coordinator for access."
        ),
    )
    return TemplateResponse(request, "forms_ext/survey_page_closed.html", context, status=403)


def current_list(request: HttpRequest, page: InventoryPage) -> HttpResponse:
    """The latest report of each unit the reader may see, searched and filtered (GET)."""
    public = source_of(page).list_audience == ListAudience.PUBLIC
    user = request.user
    if not public and not user.is_authenticated:
        login_url = resolve_url(conf("LOGIN_URL", "wagtailadmin_login"))
        return redirect_to_login(request.get_full_path(), login_url)
    units = list_units(page, user)
    if not public and not (user.is_superuser or units.exists()):
        response = refuse_list(request, page)
    else:
        listing = CurrentList(page, units, request.GET, public=public)
        context = page.get_context(request)
        may_export = not listing.as_of and may_see_any_answers(user)
        context.update(
            listing=listing,
            form=listing.form,
            rows=listing.page(request.GET.get("page")),
            exports=export_links(page, "current", request.GET) if may_export else [],
            list_url=f"{page.url}current/",
        )
        response = TemplateResponse(request, "forms_ext/inventory/current.html", context)
    if not public:
        patch_cache_control(response, private=True, no_store=True)
    return response


# Admin: the inventories, their status boards and exports


def inventories_for(user: Any) -> QuerySet[InventoryPage]:
    """One page per inventory (the first of its translations) with an expected unit that
    ``user`` may see the answers of."""
    first_pages = InventoryPage.objects.order_by().values("translation_key").annotate(m=Min("pk"))
    pages = InventoryPage.objects.filter(pk__in=first_pages.values("m"))
    if user.is_superuser:
        return pages
    return pages.filter(expected_units__in=units_for(user, SEE_ANSWERS)).distinct()


class InventoryIndexView(BaseListingView):
    """The inventories whose status the user may follow."""

    page_title = gettext_lazy("Inventories")
    header_icon = "tasks"
    index_url_name = "forms_ext_inventories"
    paginate_by = 20
    default_ordering = "title"
    verbose_name_plural = gettext_lazy("inventories")
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Inventory"),
            url_name="forms_ext_inventory_status",
            sort_key="title",
        ),
        Column("frequency", label=gettext_lazy("How often"), accessor="get_frequency_display"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_any_answers(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return inventories_for(self.request.user)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


def count_text(done: int, total: int) -> str:
    return _("%(done)s of %(total)s reported") % {"done": done, "total": total}


class StatusBoardFilterSet(WagtailFilterSet):
    """The board's filters: a district, and the state in the open period ("who is late")."""

    district = UnitFilter(
        label=gettext_lazy("District"),
        queryset=OrganisationUnit.objects.none(),
        method="filter_district",
        empty_label=gettext_lazy("All your units"),
    )
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Now"),
        choices=State.choices,
        method="filter_state",
        empty_label=gettext_lazy("Any state"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = OrganisationUnit
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, inventory=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.inventory = inventory
        units = units_for(getattr(request, "user", None), SEE_ANSWERS)
        self.filters["district"].queryset = units.filter(depth__lte=2).order_by("path")

    def filter_district(self, queryset, name, unit):
        return queryset.filter(path__startswith=unit.path)

    def filter_state(self, queryset, name, state):
        now = timezone.now()
        period = period_for(source_of(self.inventory), now)
        return queryset.filter(units_in_state(period, state, now))


class StatusBoardView(BaseListingView):
    """Each expected unit the user may see × the open period and the six before it.

    Filtered (district, state now) and searched (unit name) as Wagtail's listings are,
    50 units a page; the roll-up counts every unit that passes the filters.
    """

    template_name = "forms_ext/inventory/status_board.html"
    results_template_name = "forms_ext/inventory/status_results.html"
    header_icon = "tasks"
    paginate_by = 50
    filterset_class = StatusBoardFilterSet
    is_searchable = True
    search_fields = ["name", "code"]
    verbose_name_plural = gettext_lazy("units")

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(InventoryPage, pk=kwargs["page_id"])
        if not may_see_any_answers(request.user):
            raise PermissionDenied
        self.units = board_units(self.page, request.user)
        if not (request.user.is_superuser or self.units.exists()):
            raise PermissionDenied  # none of this inventory's units is theirs
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return self.units.order_by("path")

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "inventory": self.page}

    def get_index_url(self):
        return reverse("forms_ext_inventory_status", args=[self.page.pk])

    def get_index_results_url(self):
        return reverse("forms_ext_inventory_status_results", args=[self.page.pk])

    def get_page_title(self):
        return _("Status: %(title)s") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("forms_ext_inventories"), "label": _("Inventories")},
            {"url": "", "label": self.page.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = status_board(self.page, self.get_queryset(), shown=context["object_list"])
        summary = [
            (group, [count_text(*counts) for counts in group.counts]) for group in board.groups
        ]
        context.update(
            page=self.page,
            board=board,
            summary=summary,
            group_pages=[(group, texts[0]) for group, texts in summary if group.rows],
            totals=[count_text(*counts) for counts in board.totals()],
            legend=[(state.label, ICONS[state]) for state in State],
            zone_name=app_settings.TIME_ZONE,
            list_url=f"{self.page.url}current/" if self.page.url else "",
            current_exports=export_links(self.page, "current"),
            history_exports=export_links(self.page, "history"),
        )
        return context


@require_admin_access
@require_GET
def inventory_export(request: HttpRequest, page_id: int, kind: str, fmt: str) -> HttpResponseBase:
    """The current list (with the list's filters) or the history as ``fmt``: the rows of
    the user's units only. A history above ``EXPORT_SYNC_MAX_ROWS`` rows becomes the
    survey's background export (without the period column)."""
    if fmt not in export_formats or kind not in EXPORT_KINDS:
        return HttpResponseBadRequest(_("Unknown export."))
    if not may_see_any_answers(request.user):
        raise PermissionDenied
    page = get_object_or_404(InventoryPage, pk=page_id)
    key = page.translation_key
    extension = export_formats.get(fmt).extension
    filename = f"{page.slug}-{kind}-{timezone.localdate():%Y-%m-%d}.{extension}"
    if kind == "current":
        listing = CurrentList(page, board_units(page, request.user), request.GET)
        submissions = SurveySubmission.objects.filter(
            pk__in=listing.live_reports().values("submission_id")
        )
        columns = inventory_columns(key, listing.current.starts_at)
        return inventory_export_response(fmt, submissions, columns, filename)
    # Every report of the user's units, those no longer expected too: the rows the survey
    # export (and its background job, below) gives for the same user.
    submissions = submissions_for(request.user).filter(survey_key=key, archived_at=None)
    count = submissions.count()
    if count > app_settings.EXPORT_SYNC_MAX_ROWS:
        job = start_export(request.user, page, fmt, QueryDict(), count)
        return redirect("forms_ext_export_job", job_id=job.pk)
    return inventory_export_response(fmt, submissions, inventory_columns(key), filename)


urlpatterns = [
    path("", InventoryIndexView.as_view(), name="forms_ext_inventories"),
    path("<int:page_id>/", StatusBoardView.as_view(), name="forms_ext_inventory_status"),
    path(
        "<int:page_id>/results/",
        StatusBoardView.as_view(results_only=True),
        name="forms_ext_inventory_status_results",
    ),
    path(
        "<int:page_id>/export/<str:kind>/<str:fmt>/",
        inventory_export,
        name="forms_ext_inventory_export",
    ),
]
