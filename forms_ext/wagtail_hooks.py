from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import OrganisationUnitForm
from .models import OrganisationUnit


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


register_snippet(OrganisationUnitViewSet)
