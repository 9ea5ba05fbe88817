from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import KeyFigure
from .views import GuidePdfReportView, KeyFiguresPastReviewView, render_guide_pdf_again


class KeyFigureViewSet(SnippetViewSet):
    model = KeyFigure
    icon = "table"
    menu_label = _("Key figures")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["name", "amount", "unit", "source", "review_by"]
    list_filter = ["review_by"]
    search_fields = ["name", "source"]


register_snippet(KeyFigureViewSet)


class KeyFiguresReportMenuItem(MenuItem):
    def is_shown(self, request):
        policy = ModelPermissionPolicy(KeyFigure)
        return policy.user_has_any_permission(request.user, ["add", "change", "delete"])


@hooks.register("register_admin_urls")
def register_key_figure_report_urls():
    return [
        path(
            "reports/key-figures/",
            KeyFiguresPastReviewView.as_view(),
            name="guides_key_figures_past_review",
        ),
        path(
            "reports/key-figures/results/",
            KeyFiguresPastReviewView.as_view(results_only=True),
            name="guides_key_figures_past_review_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_key_figure_report_menu_item():
    return KeyFiguresReportMenuItem(
        _("Key figures to review"),
        reverse("guides_key_figures_past_review"),
        name="key-figures-to-review",
        icon_name="table",
        order=800,
    )


@hooks.register("register_admin_viewset")
def register_letter_link_viewset():
    from .link_views import LetterLinkViewSet

    return LetterLinkViewSet("guides_letter_links")


@hooks.register("register_admin_urls")
def register_letter_link_urls():
    from .link_views import admin_urls

    return admin_urls()


class LetterLinkReportMenuItem(MenuItem):
    def is_shown(self, request):
        from .models import LetterLink

        policy = ModelPermissionPolicy(LetterLink)
        return policy.user_has_any_permission(request.user, ["add", "change", "view"])


@hooks.register("register_reports_menu_item")
def register_letter_link_report_menu_item():
    return LetterLinkReportMenuItem(
        _("Letter link opens"),
        reverse("guides_letter_link_report"),
        name="letter-link-opens",
        icon_name="link",
        order=810,
    )


class GuidePdfsMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, ["change", "publish"])


@hooks.register("register_admin_urls")
def register_guide_pdf_urls():
    return [
        path("reports/guide-pdfs/", GuidePdfReportView.as_view(), name="guides_pdfs"),
        path(
            "reports/guide-pdfs/results/",
            GuidePdfReportView.as_view(results_only=True),
            name="guides_pdfs_results",
        ),
        path(
            "reports/guide-pdfs/<int:pdf_id>/render/",
            render_guide_pdf_again,
            name="guides_pdf_render",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_guide_pdfs_menu_item():
    return GuidePdfsMenuItem(
        _("Guide PDFs"), reverse("guides_pdfs"), name="guide-pdfs", icon_name="doc-full", order=810
    )


@hooks.register("register_admin_viewset")
def register_guide_page_viewsets():
    """The page editor of guides and brochures, with the PDF side panel."""
    from .page_admin import BrochurePageViewSet, GuidePageViewSet

    return [GuidePageViewSet(), BrochurePageViewSet()]
