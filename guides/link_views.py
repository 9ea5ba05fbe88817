"""Letter links: the public short-link redirect and the admin's views (detail, QR, report)."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db.models import Sum
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import CreateView, IndexView, InspectView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser, Button
from wagtail.permission_policies import ModelPermissionPolicy

from . import links
from .models import BrochurePage, GuidePage, LetterLink, LinkOpen

NOINDEX = "noindex, nofollow"

# The public short link


@never_cache
def letter_link(request, code: str):
    """Redirect to the link's guide and count one open; a friendly 404 when it leads nowhere.

    Nothing about the reader is read or stored: no cookie, no address, no user
    agent. ``never_cache`` keeps caches from answering in the view's place.
    """
    normalised = links.normalise_code(code)
    link = LetterLink.objects.select_related("page", "locale").filter(code=normalised).first()
    url = link and link.is_open() and links.destination(link, request)
    if not url:
        return link_gone(request, link)
    links.count_open(link)
    response = HttpResponseRedirect(url)
    response["X-Robots-Tag"] = NOINDEX
    return response


def link_gone(request, link: LetterLink | None) -> TemplateResponse:
    """The page of an unknown, retired or expired link, pointing to the current guide."""
    current = links.target_page(link) if link else None
    response = TemplateResponse(
        request,
        "guides/link_gone.html",
        {"current_url": current.get_url(request) if current else "", "current": current},
        status=404,
    )
    response["X-Robots-Tag"] = NOINDEX
    return response


# The admin's form


def _choice_or_text(choices, label):
    if choices:
        return forms.ChoiceField(label=label, choices=[("", "---------"), *choices], required=False)
    return forms.CharField(label=label, max_length=60, required=False)


class LetterLinkForm(WagtailAdminModelForm):
    """The form of a letter link: a guide or brochure, its language, section and tags."""

    class Meta:
        model = LetterLink
        fields = ["page", "locale", "section", "district", "decision_type", "expires_on"]
        widgets = {"page": AdminPageChooser(target_models=[GuidePage, BrochurePage])}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].required = True
        self.fields["district"] = _choice_or_text(links.districts(), _("District"))
        self.fields["decision_type"] = _choice_or_text(links.decision_types(), _("Decision type"))

    def clean(self):
        cleaned = super().clean()
        page, section = cleaned.get("page"), cleaned.get("section", "")
        if page and not isinstance(page.specific, GuidePage | BrochurePage):
            self.add_error("page", _("Choose a guide or a brochure."))
        elif page and section and section not in links.section_choices(page):
            self.add_error(
                "section",
                _("This page has no chapter or section “%(section)s”. It has: %(known)s.")
                % {"section": section, "known": ", ".join(links.section_choices(page)) or "–"},
            )
        return cleaned


# The admin's views of one link


class LetterLinkCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        return reverse(LetterLinkViewSet.url_namespace + ":inspect", args=[quote(self.object.pk)])


class LetterLinkIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.active and self.user_has_permission("change"):
            url = reverse("guides_letter_link_deactivate", args=[instance.pk])
            buttons.append(Button(_("Deactivate"), url=url, icon_name="cross", priority=30))
        return buttons


class LetterLinkInspectView(InspectView):
    """The link to paste: its short address, QR code, letter paragraph and open count."""

    template_name = "guides/admin/link_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        link = self.object
        svg = links.qr_svg(link).replace(
            "<svg ", f'<svg role="img" aria-label="{escape(links.qr_title(link))}" ', 1
        )
        context.update(
            short_url=links.short_url(link),
            destination=links.destination(link, self.request),
            qr_svg=mark_safe(svg),  # noqa: S308 - segno's SVG, the one text escaped above
            paragraph=links.letter_paragraph(link),
            language=links.link_language(link),
            opens=link.opens.aggregate(total=Sum("count"))["total"] or 0,
            may_change=self.user_has_permission("change"),
            report_url=reverse("guides_letter_link_report") + f"?code={link.code}",
        )
        return context

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.object.active and self.user_has_permission("change"):
            url = reverse("guides_letter_link_deactivate", args=[self.object.pk])
            buttons.append(Button(_("Deactivate"), url=url, icon_name="cross", priority=30))
        return buttons


class LinkPermissionMixin(PermissionCheckedMixin):
    @cached_property
    def permission_policy(self):
        return ModelPermissionPolicy(LetterLink)


class LetterLinkQRView(LinkPermissionMixin, TemplateView):
    """The QR code as a download: SVG (vector, for print) or PNG (10 pixels per module)."""

    any_permission_required = ["add", "change", "view"]
    kind = "svg"

    def get(self, request, pk):
        link = get_object_or_404(LetterLink, pk=pk)
        if self.kind == "png":
            response = HttpResponse(links.qr_png(link), content_type="image/png")
        else:
            response = HttpResponse(links.qr_svg(link, scale=10), content_type="image/svg+xml")
        response["Content-Disposition"] = f'attachment; filename="qr-{link.code}.{self.kind}"'
        return response


class LetterLinkActiveView(LinkPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Retire a link after a confirmation (or bring it back); links are never deleted.

    Letters already sent keep working: a retired link shows a page that
    points to the current guide instead of an error.
    """

    permission_required = "change"
    template_name = "guides/admin/link_deactivate.html"
    header_icon = "link"
    activate = False

    def dispatch(self, request, *args, **kwargs):
        self.link = get_object_or_404(LetterLink, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Reactivate letter link") if self.activate else _("Deactivate letter link")

    def get_page_subtitle(self):
        return self.link.code

    def get_breadcrumbs_items(self):
        index = reverse(LetterLinkViewSet.url_namespace + ":index")
        return [
            *self.breadcrumbs_items,
            {"url": index, "label": LetterLink._meta.verbose_name_plural.capitalize()},
            {"url": "", "label": self.get_page_title(), "sublabel": self.link.code},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(link=self.link, activate=self.activate, **kwargs)

    def post(self, request, pk):
        self.link.active = self.activate
        self.link.save(update_fields=["active"])
        if self.activate:
            messages.success(request, _("Letter link %(code)s is active.") % {"code": self.link})
        else:
            messages.success(
                request,
                _("Letter link %(code)s is retired: it now shows a page pointing to the guide.")
                % {"code": self.link},
            )
        return redirect(LetterLinkViewSet.url_namespace + ":inspect", pk=self.link.pk)


class LetterLinkViewSet(ModelViewSet):
    """Letter links in the admin: made, listed, shown with their QR code, retired."""

    model = LetterLink
    icon = "link"
    menu_label = _("Letter links")
    menu_order = 280
    add_to_admin_menu = True
    url_prefix = "letter-links"
    url_namespace = "guides_letter_links"
    list_display = ["code", "page", "locale", "district", "decision_type", "active", "created_at"]
    list_filter = ["district", "decision_type", "active", "locale"]
    search_fields = ["code", "district", "decision_type", "section"]
    inspect_view_enabled = True
    inspect_view_class = LetterLinkInspectView
    index_view_class = LetterLinkIndexView
    add_view_class = LetterLinkCreateView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return LetterLinkForm

    def get_common_view_kwargs(self, **kwargs):
        return {**super().get_common_view_kwargs(**kwargs), "delete_url_name": None}

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "delete"]


def admin_urls() -> list:
    """The admin URLs of letter links besides the view set's own (registered in hooks)."""
    return [
        path(
            "letter-links/deactivate/<int:pk>/",
            LetterLinkActiveView.as_view(),
            name="guides_letter_link_deactivate",
        ),
        path(
            "letter-links/reactivate/<int:pk>/",
            LetterLinkActiveView.as_view(activate=True),
            name="guides_letter_link_reactivate",
        ),
        path(
            "letter-links/qr/<int:pk>.svg",
            LetterLinkQRView.as_view(kind="svg"),
            name="guides_letter_link_qr_svg",
        ),
        path(
            "letter-links/qr/<int:pk>.png",
            LetterLinkQRView.as_view(kind="png"),
            name="guides_letter_link_qr_png",
        ),
        path(
            "reports/letter-links/",
            LetterLinkReportView.as_view(),
            name="guides_letter_link_report",
        ),
        path(
            "reports/letter-links/results/",
            LetterLinkReportView.as_view(results_only=True),
            name="guides_letter_link_report_results",
        ),
    ]


# The report


def _distinct(field: str):
    def choices():
        values = LetterLink.objects.exclude(**{field: ""}).values_list(field, flat=True)
        known = links.districts() if field == "district" else links.decision_types()
        return [(value, links.label_for(known, value)) for value in sorted(set(values))]

    return choices


class LinkOpenFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(label=_("Day"), widget=DateRangePickerWidget)
    district = django_filters.ChoiceFilter(
        field_name="link__district", label=_("District"), choices=_distinct("district")
    )
    decision_type = django_filters.ChoiceFilter(
        field_name="link__decision_type",
        label=_("Decision type"),
        choices=_distinct("decision_type"),
    )
    code = django_filters.CharFilter(field_name="link__code", label=_("Code"), lookup_expr="iexact")

    class Meta:
        model = LinkOpen
        fields = []


class LetterLinkReportView(LinkPermissionMixin, ReportView):
    """Opens per link, district, decision type and ISO week, summed by the database."""

    page_title = _("Letter link opens")
    header_icon = "link"
    index_url_name = "guides_letter_link_report"
    index_results_url_name = "guides_letter_link_report_results"
    any_permission_required = ["add", "change", "view"]
    filterset_class = LinkOpenFilterSet
    no_results_message = _("No letter link has been opened in this period.")
    columns = [
        Column("week_label", label=_("Week")),
        Column("link__code", label=_("Code")),
        Column("link__page__title", label=_("Guide")),
        Column("district_label", label=_("District")),
        Column("decision_type_label", label=_("Decision type")),
        Column("opens", label=_("Opens")),
    ]
    list_export = []  # the CSV is streamed by ``csv_response``, neutralised

    def get_queryset(self):
        return links.opens_by_week(LinkOpen.objects.all())

    def decorate_paginated_queryset(self, object_list):
        return [decorate(row) for row in object_list]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.csv_response(self.get_filtered_queryset())
        return super().get(request, *args, **kwargs)

    @cached_property
    def header_more_buttons(self):
        params = self.request.GET.copy()
        params["export"] = "csv"
        url = reverse(self.index_url_name) + "?" + params.urlencode()
        return [Button(_("Download CSV"), url=url, icon_name="download", priority=10)]

    def csv_response(self, rows) -> StreamingHttpResponse:
        header = [str(c.label) for c in self.columns]
        lines = links.csv_lines(header, (csv_row(decorate(row)) for row in rows.iterator()))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        filename = f"letter-link-opens-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def decorate(row: dict) -> dict:
    row["week_label"] = links.iso_week(row["week"])
    row["district_label"] = links.label_for(links.districts(), row["link__district"])
    row["decision_type_label"] = links.label_for(links.decision_types(), row["link__decision_type"])
    return row


def csv_row(row: dict) -> list:
    keys = ["week_label", "link__code", "link__page__title", "district_label"]
    return [*(row[key] or "" for key in keys), row["decision_type_label"], row["opens"]]
