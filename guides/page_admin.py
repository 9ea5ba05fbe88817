"""The PDF's state in the page editor of guides and brochures: a side panel of its own.

Wagtail's page editor has no hook that adds a side panel, but it picks the
edit view of each page type from that type's ``PageViewSet`` (the documented
``edit_view_class``). ``GuideEditView`` adds ``GuidePdfSidePanel`` to the panels
Wagtail builds; the viewsets change nothing else (no listing of their own:
``parent_models`` is empty, so the explorer stays as it is).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import MediaContainer
from wagtail.admin.ui.side_panels import BaseSidePanel
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet

from .models import BrochurePage, GuidePage
from .pdf.state import State, pdf_state


class GuidePdfSidePanel(BaseSidePanel):
    """The PDF of the page: its state, when and from which revision it was made, a download.

    Editors who may publish the page also get "Make the PDF again", the
    action of the Guide PDFs report, which brings them back to the editor.
    """

    class SidePanelToggle(BaseSidePanel.SidePanelToggle):
        aria_label = _("Toggle PDF")
        icon_name = "doc-full"
        counter_classname = "w-bg-critical-200"

        def get_context_data(self, parent_context):
            context = super().get_context_data(parent_context)
            # The counter flags a failed PDF the way Wagtail flags errors in a panel.
            context["count"] = int(self.panel.state.state == State.FAILED)
            return context

    name = "guide-pdf"
    title = _("PDF")
    template_name = "guides/admin/pdf_side_panel.html"
    order = 150

    def __init__(self, object, request):
        super().__init__(object, request)
        self.state = pdf_state(object)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        state = self.state
        pdf = state.pdf
        context.update(
            {
                "state": state,
                "pdf": pdf,
                "revision_url": self.revision_url(),
                "can_render": state.can_render_again
                and self.object.permissions_for_user(self.request.user).can_publish(),
                "render_url": reverse("guides_pdf_render", args=[pdf.pk]) if pdf else "",
                "next_url": self.request.path,
            }
        )
        return context

    def revision_url(self) -> str:
        pdf = self.state.pdf
        if pdf is None or pdf.revision_id is None:
            return ""
        if not self.object.permissions_for_user(self.request.user).can_view_revisions():
            return ""
        return reverse("wagtailadmin_pages:revisions_view", args=[self.object.pk, pdf.revision_id])


class GuideEditView(EditView):
    """Wagtail's page editor with the PDF side panel added."""

    def get_side_panels(self):
        panels = list(super().get_side_panels())
        # Right after Wagtail's status panel, where editors look for the page's state.
        panels.insert(1, GuidePdfSidePanel(self.page, self.request))
        return MediaContainer(panels)


class GuidePageViewSet(PageViewSet):
    """The views of guide pages: Wagtail's, with ``GuideEditView`` for editing."""

    model = GuidePage
    edit_view_class = GuideEditView
    parent_models = []


class BrochurePageViewSet(GuidePageViewSet):
    """The views of brochure pages, as for guides."""

    model = BrochurePage
