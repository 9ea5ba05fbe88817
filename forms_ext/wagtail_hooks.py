from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import import_views, invitation_views
from .export_views import export_submissions
from .forms import OrganisationUnitForm
from .models import OrganisationUnit, UnitRole
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
        path("forms_ext/import/", include(import_views.urlpatterns)),
        path("forms_ext/invitations/", include(invitation_views.urlpatterns)),
    ]


@hooks.register("register_log_actions")
def register_submission_log_actions(actions):
    # The log entry names the submission only: never its answers.
    actions.register_action("forms_ext.archive", _("Archive answer"), _("Answer archived"))
    actions.register_action("forms_ext.restore", _("Restore answer"), _("Answer restored"))
