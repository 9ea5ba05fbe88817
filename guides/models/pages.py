"""The pages a tenant opens: guide index, guide (chaptered) and brochure (short)."""

from django.conf import settings as django_settings
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import GuideBodyBlock, GuideContentBlock
from ..caching import PublicPageMixin
from ..conf import settings
from ..fallback import LanguageFallbackMixin
from ..outline import (
    RESERVED_SLUGS,
    Anchors,
    Chapter,
    chapter_address,
    guide_outline,
    stream_outline,
)


def settings_site_name() -> str:
    return getattr(django_settings, "WAGTAIL_SITE_NAME", "")


GUIDE_TYPES = ["guides.GuidePage", "guides.BrochurePage"]

# A chapter's address is any slug but the page's own routes (print/, pdf/ ...).
CHAPTER_ROUTE = r"^(?!(?:{})/)(?P<slug>[-a-z0-9]+)/$".format("|".join(RESERVED_SLUGS))


class GuideIndexPage(PublicPageMixin, LanguageFallbackMixin, Page):
    """A section that lists the guides and brochures under it, e.g. /guides/."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    page_description = _("A section that lists the guides and brochures under it.")
    subpage_types = GUIDE_TYPES

    class Meta:
        verbose_name = _("guide index")
        verbose_name_plural = _("guide indexes")

    def guides(self):
        """The live, public guides and brochures under this index, in menu order."""
        return self.get_children().live().public().type(GuidePage, BrochurePage).specific()


class GuideBasePage(PublicPageMixin, LanguageFallbackMixin, RoutablePageMixin, Page):
    """What guides and brochures share: an introduction, related guides and a print view.

    The print view is at ``<page url>print/``. Subclasses set ``body`` and may
    override ``print_template`` or ``related_guides``.
    """

    intro = models.TextField(
        _("introduction"),
        max_length=600,
        help_text=_("One or two sentences: who it is for and what it helps with."),
    )
    related_pages = StreamField(
        [("page", blocks.PageChooserBlock(page_type=GUIDE_TYPES, label=_("Guide or brochure")))],
        blank=True,
        verbose_name=_("related guides"),
        help_text=_("Leave empty to show the other guides and brochures of the same section."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("related_pages"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types: list[str] = []
    print_template = "guides/print_base.html"
    heading_level = 2

    class Meta:
        abstract = True

    @path("print/")
    def print_view(self, request):
        """The whole page for paper: no site navigation, link addresses printed."""
        site = self.get_site()
        return self.render(
            request,
            template=self.print_template,
            context_overrides={
                "print_view": True,
                "site_name": getattr(site, "site_name", "") or settings_site_name(),
                "page_full_url": self.get_full_url(request),
            },
        )

    @path("pdf/")
    def pdf_view(self, request):
        """The PDF of the published page, made in the background when it was published."""
        from ..pdf_views import serve_guide_pdf

        return serve_guide_pdf(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        _site_id, site_root, page_path = self.get_url_parts(request) or (None, "", "")
        context["heading_level"] = self.heading_level
        context["site_root"] = site_root or ""
        context["print_url"] = (page_path or "") + self.reverse_subpage("print_view")
        context["pdf_url"] = (page_path or "") + self.reverse_subpage("pdf_view")
        # A URL of its own, outside the page's routes: see guides.plan_urls.
        context["plan_pdf_url"] = reverse("guides_plan_pdf", args=[self.pk])
        return context

    def language_route_suffix(self, target: Page, context) -> str:
        """Where the language switcher leads inside ``target``: the print view when reading it."""
        return self.reverse_subpage("print_view") if context.get("print_view") else ""

    @cached_property
    def related_guides(self) -> list[Page]:
        """The chosen related pages in this page's language, or else its sibling guides.

        A chosen page that has no live translation into this page's language is
        left out. Override to choose related guides another way.
        """
        # The chosen ids from the stored data: one query for their translation keys,
        # not the chooser's conversion of each into a page.
        ids = [raw["value"] for raw in self.related_pages.raw_data if raw.get("value")]
        if not ids:
            return list(self._siblings()[: settings.RELATED_LIMIT])
        chosen = dict(Page.objects.filter(pk__in=ids).values_list("pk", "translation_key"))
        keys = [chosen[pk] for pk in ids if pk in chosen]
        found = {
            page.translation_key: page
            for page in Page.objects.live()
            .public()
            .filter(translation_key__in=keys, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .specific()
            .select_related("locale", for_specific_subqueries=True)  # for their addresses
        }
        return [found[key] for key in keys if key in found][: settings.RELATED_LIMIT]

    def _siblings(self):
        return (
            self.get_siblings(inclusive=False)
            .live()
            .public()
            .type(GuidePage, BrochurePage)
            .specific()
            .select_related("locale", for_specific_subqueries=True)  # for their addresses
        )


class GuidePage(GuideBasePage):
    """A long guide in chapters (such as the boplan guide): one address per chapter.

    The first chapter is at the page's own address, the others at
    ``<page url><chapter slug>/``; the table of contents marks the chapter the
    reader is on, and "previous" and "next" lead through them in order.
    """

    body = StreamField(GuideBodyBlock(), verbose_name=_("chapters"))

    page_description = _(
        "A long guide in chapters, with a table of contents, a print view and "
        "optionally a personal plan."
    )
    heading_level = 3
    print_template = "guides/guide_page_print.html"

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = self.chapters(request)
        return context

    @path("")
    def first_chapter(self, request):
        return self.serve_chapter(request, None)

    @re_path(CHAPTER_ROUTE)
    def chapter_view(self, request, slug):
        return self.serve_chapter(request, slug)

    def serve_chapter(self, request, slug: str | None):
        """Render one chapter (the first when ``slug`` is None); 404 for an unknown slug."""
        chapters = self.chapters(request)
        current = chapters[0] if slug is None and chapters else None
        if slug is not None:
            current = next((chapter for chapter in chapters if chapter.slug == slug), None)
            if current is None:
                raise Http404(f"No chapter {slug!r} in this guide")
            if current.number == 1:
                return HttpResponseRedirect(current.url)
        index = chapters.index(current) if current else 0
        return self.render(
            request,
            context_overrides={
                "chapter": current,
                "previous_chapter": chapters[index - 1] if index > 0 else None,
                "next_chapter": chapters[index + 1] if index + 1 < len(chapters) else None,
            },
        )

    def language_route_suffix(self, target: Page, context) -> str:
        """The reader's chapter in ``target``, found by its block id (translators' own slugs)."""
        chapter = context.get("chapter")
        if context.get("print_view") or chapter is None or not isinstance(target, GuidePage):
            return super().language_route_suffix(target, context)
        return chapter_address(self, target, chapter.slug)

    @cached_property
    def outline(self) -> list[Chapter]:
        """The chapters of the body with their slugs, sections and anchors."""
        return guide_outline(self.body)

    def chapters(self, request=None) -> list[Chapter]:
        """The outline, with each chapter's address filled in."""
        base = self.get_url(request) or ""
        for chapter in self.outline:
            chapter.url = base
            if chapter.number > 1:
                chapter.url += self.reverse_subpage("chapter_view", kwargs={"slug": chapter.slug})
        return self.outline


class BrochurePage(GuideBasePage):
    """A short folder (such as "På vei hjem"), printable on both sides of one A4 sheet."""

    body = StreamField(
        GuideContentBlock(),
        verbose_name=_("content"),
        help_text=_(
            "Keep it short: a brochure should fit on both sides of one A4 sheet when printed, "
            "about 600 words and one image."
        ),
    )

    page_description = _(
        "A short brochure that fits on both sides of one A4 sheet when printed (about 600 words)."
    )
    print_template = "guides/brochure_page_print.html"

    class Meta:
        verbose_name = _("brochure")
        verbose_name_plural = _("brochures")

    @cached_property
    def outline(self):
        """The body's blocks with the anchors of its headings, and its sections."""
        return stream_outline(self.body, Anchors())
