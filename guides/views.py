"""Admin views of guides: the report of key figures whose review-by date has passed."""

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies import ModelPermissionPolicy

from .models import KeyFigure


def edit_url(figure: KeyFigure) -> str:
    return reverse(KeyFigure.snippet_viewset.get_url_name("edit"), args=[quote(figure.pk)])


class KeyFiguresPastReviewView(ReportView):
    """Key figures whose review-by date has passed, oldest first, with the pages that use them.

    Read from the key-figure table and Wagtail's reference index: no page's
    content is loaded to find them.
    """

    page_title = _("Key figures to review")
    header_icon = "table"
    index_url_name = "guides_key_figures_past_review"
    index_results_url_name = "guides_key_figures_past_review_results"
    any_permission_required = ["add", "change", "delete"]
    no_results_message = _("No key figure is past its review-by date.")
    columns = [
        TitleColumn("name", label=_("Key figure"), get_url=edit_url),
        Column("display_amount", label=_("Amount")),
        Column("source", label=_("Source")),
        Column("review_by_display", label=_("Review by")),
        Column("used_on", label=_("Used on")),
    ]
    list_export = ["name", "amount", "unit", "source", "source_url", "review_by"]
    export_headings = {
        "name": _("Key figure"),
        "amount": _("Amount"),
        "unit": _("Unit"),
        "source": _("Source"),
        "source_url": _("Source address"),
        "review_by": _("Review by"),
    }

    @cached_property
    def permission_policy(self):
        return ModelPermissionPolicy(KeyFigure)

    def get_queryset(self):
        return KeyFigure.objects.past_review().order_by("review_by", "name")

    def get_filename(self):
        return f"key-figures-to-review-{timezone.localdate():%Y-%m-%d}"

    def decorate_paginated_queryset(self, object_list):
        figures = list(object_list)
        used_on = pages_using(figures)
        for figure in figures:
            figure.display_amount = f"{floatformat(figure.amount, '-2g')} {figure.unit}".strip()
            figure.review_by_display = date_format(figure.review_by, "DATE_FORMAT")
            figure.used_on = ", ".join(used_on.get(str(figure.pk), [])) or "–"
        return figures


def pages_using(figures: list[KeyFigure]) -> dict[str, list[str]]:
    """The titles of the pages that refer to each figure, by the figure's pk (two queries)."""
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(KeyFigure),
        to_object_id__in=[str(figure.pk) for figure in figures],
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("to_object_id", "object_id")
    references = list(references)
    titles = dict(
        Page.objects.filter(pk__in={int(page_id) for _f, page_id in references}).values_list(
            "pk", "title"
        )
    )
    used_on: dict[str, list[str]] = {}
    for figure_id, page_id in references:
        title = titles.get(int(page_id))
        if title and title not in used_on.setdefault(figure_id, []):
            used_on[figure_id].append(title)
    return used_on
