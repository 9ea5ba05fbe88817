"""Admin views of guides: key figures past their review-by date, and the PDFs of guides."""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat, floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import GuidePdf, KeyFigure
from .pdf.stored import queue_render


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


class GuidePdfStatusColumn(Column):
    """The PDF's state, with its error when it failed."""

    cell_template_name = "guides/admin/pdf_status_cell.html"


class GuidePdfActionColumn(Column):
    """A "render again" button (a POST form) for editors who may publish the page."""

    cell_template_name = "guides/admin/pdf_render_cell.html"


class GuidePdfReportView(ReportView):
    """The PDFs of guides and brochures the user may edit: state, when made, size."""

    page_title = _("Guide PDFs")
    header_icon = "doc-full"
    index_url_name = "guides_pdfs"
    index_results_url_name = "guides_pdfs_results"
    any_permission_required = ["change", "publish"]
    no_results_message = _("No guide or brochure has been published yet.")
    columns = [
        TitleColumn("title", label=_("Page"), get_url=lambda pdf: page_edit_url(pdf.page_id)),
        Column("language", label=_("Language")),
        GuidePdfStatusColumn("status", label=_("PDF")),
        Column("rendered_display", label=_("Made at")),
        Column("size_display", label=_("Size")),
        GuidePdfActionColumn("action", label=_("Actions")),
    ]

    @cached_property
    def permission_policy(self):
        return PagePermissionPolicy()

    def get_queryset(self):
        pages = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return (
            GuidePdf.objects.filter(page__in=pages)
            .select_related("page", "page__locale")
            .order_by("page__title", "page__locale__language_code")
        )

    def decorate_paginated_queryset(self, object_list):
        pdfs = list(object_list)
        publishable = publishable_page_ids(self.request.user, [pdf.page_id for pdf in pdfs])
        for pdf in pdfs:
            pdf.title = pdf.page.title
            pdf.language = pdf.page.locale.get_display_name()
            pdf.rendered_display = (
                date_format(timezone.localtime(pdf.rendered_at), "DATETIME_FORMAT")
                if pdf.rendered_at
                else "–"
            )
            pdf.size_display = filesizeformat(pdf.size) if pdf.size else "–"
            pdf.can_render = pdf.page_id in publishable
        return pdfs


def page_edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def publishable_page_ids(user, page_ids: list[int]) -> set[int]:
    """Of ``page_ids``, those ``user`` may publish (one query)."""
    policy = PagePermissionPolicy()
    pages = policy.instances_user_has_permission_for(user, "publish")
    return set(pages.filter(pk__in=page_ids).values_list("pk", flat=True))


@require_POST
def render_guide_pdf_again(request, pdf_id: int):
    """Queue a new rendering of one guide's PDF; for users who may publish the page.

    Posted from the Guide PDFs report and from the PDF panel of the page editor;
    it returns to the one it came from (``next``).
    """
    pdf = get_object_or_404(GuidePdf.objects.select_related("page"), pk=pdf_id)
    page = pdf.page.specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if queue_render(page, force=True):
        messages.success(
            request, _("The PDF of “%(title)s” will be made again.") % {"title": page.title}
        )
    else:
        messages.error(
            request,
            _("“%(title)s” is not published: it has no PDF to make.") % {"title": page.title},
        )
    return redirect(back_url(request))


def back_url(request) -> str:
    """Where the form came from (the report, or the page editor's PDF panel), if it is ours."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("guides_pdfs")
