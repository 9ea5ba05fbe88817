from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.utils import get_form_types
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import dashboard_views, import_views, inventory_views, invitation_views, template_views
from .api.admin import ApiClientViewSet, ApiDocsView
from .export_views import export_submissions
from .forms import OrganisationUnitForm
from .models import OrganisationUnit, SurveyPage, UnitRole
from .submission_views import (
    ArchiveSubmissionsView,
    CorrectSubmissionView,
    SurveyIndexView,
    may_see_any_answers,
)
from .views import SubmissionDetailView, download_upload


class OrganisationUnitViewSet(SnippetViewSet):
    model = OrganisationUnit
    icon = "group"
    menu_label = _("Organisation units")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("kind"), FieldPanel("parent")]

    def get_form_class(self, for_update=False):
        return OrganisationUnitForm


class UnitRoleViewSet(SnippetViewSet):
    model = UnitRole
    icon = "user"
    menu_label = _("Roles in units")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["user", "role", "unit"]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    panels = [FieldPanel("user"), FieldPanel("unit"), FieldPanel("role")]


register_snippet(OrganisationUnitViewSet)
register_snippet(UnitRoleViewSet)


@hooks.register("register_admin_urls")
def register_upload_download_url():
    return [
        path(
            "forms_ext/uploads/<int:submission_id>/<str:key>/",
            download_upload,
            name="forms_ext_download_upload",
        ),
        path(
            "forms_ext/export/<int:page_id>/<str:fmt>/",
            export_submissions,
            name="forms_ext_export",
        ),
        path(
            "forms_ext/submissions/<int:submission_id>/",
            SubmissionDetailView.as_view(),
            name="forms_ext_submission",
        ),
        path(
            "forms_ext/submissions/<int:submission_id>/correct/",
            CorrectSubmissionView.as_view(),
            name="forms_ext_correct_submission",
        ),
        path("forms_ext/answers/", SurveyIndexView.as_view(), name="forms_ext_surveys"),
        # Comes before Wagtail's own URL of the same path: surveys archive, never delete.
        path(
            "forms/submissions/<int:page_id>/delete/",
            ArchiveSubmissionsView.as_view(),
            name="forms_ext_archive_submissions",
        ),
        path("forms_ext/import/", include(import_views.urlpatterns)),
        path("forms_ext/invitations/", include(invitation_views.urlpatterns)),
        path("forms_ext/inventories/", include(inventory_views.urlpatterns)),
    ]


@hooks.register("register_log_actions")
def register_submission_log_actions(actions):
    # The log entry names the submission only: never its answers.
    actions.register_action("forms_ext.archive", _("Archive answer"), _("Answer archived"))
    actions.register_action("forms_ext.restore", _("Restore answer"), _("Answer restored"))
    # Its data holds the keys of the corrected questions, never their answers.
    actions.register_action("forms_ext.correct", _("Correct answer"), _("Answer corrected"))


class SurveyAnswersMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_any_answers(request.user)


@hooks.register("register_admin_menu_item")
def register_survey_answers_menu_item():
    return SurveyAnswersMenuItem(
        _("Survey answers"), reverse("forms_ext_surveys"), name="survey-answers", icon_name="form"
    )


@hooks.register("register_admin_menu_item")
def register_inventories_menu_item():
    # Shown to the same people as "Survey answers": the status board shows answers' metadata.
    return SurveyAnswersMenuItem(
        _("Inventories"),
        reverse("forms_ext_inventories"),
        name="inventories",
        icon_name="tasks",
        order=310,
    )


@hooks.register("construct_main_menu")
def hide_wagtail_forms_menu_item(request, menu_items):
    # Wagtail's "Forms" lists the forms a user may edit, not those whose answers they may
    # see; where every form is a survey, "Survey answers" takes its place.
    if all(issubclass(ct.model_class(), SurveyPage) for ct in get_form_types()):
        menu_items[:] = [item for item in menu_items if item.name != "forms"]


# Dashboards of inventories and the JSON API's clients.


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("forms_ext/dashboards/", include(dashboard_views.urlpatterns)),
        path("forms_ext/api/docs/", ApiDocsView.as_view(), name="forms_ext_api_docs"),
    ]


@hooks.register("register_admin_menu_item")
def register_dashboards_menu_item():
    return dashboard_views.DashboardsMenuItem(
        _("Dashboards"), reverse("forms_ext_dashboards"), name="dashboards", icon_name="table"
    )


@hooks.register("register_admin_viewset")
def register_api_client_viewset():
    return ApiClientViewSet()


# The template library, copies and XLSForms.


@hooks.register("register_admin_viewset")
def register_template_viewset():
    return template_views.SurveyTemplateViewSet()


@hooks.register("register_admin_viewset")
def register_sector_viewset():
    return template_views.SectorViewSet()


@hooks.register("register_admin_urls")
def register_template_urls():
    return [path("forms_ext/", include(template_views.admin_urlpatterns))]


hooks.register("register_page_header_buttons", template_views.survey_page_buttons)
hooks.register("register_page_listing_more_buttons", template_views.survey_page_buttons)
