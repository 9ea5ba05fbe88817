from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import KeyFigure
from .views import KeyFiguresPastReviewView


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
