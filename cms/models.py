"""Pages and settings of the site itself: home, content pages, statements, branding."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from guides.fallback import LanguageFallbackMixin, route_with_fallback

from .blocks import RICH_TEXT_FEATURES, ContentBlock, KnownIssueBlock, LinkBlock
from .colours import validate_accent_colour

DEFAULT_ACCENT = "#1e5aa0"


class HomePage(LanguageFallbackMixin, Page):
    """The municipality's front page: a welcome and the ways into the services.

    As the root of each language's tree it routes every public address: a page
    missing in the reader's language is looked for in the default language
    (``guides.fallback``).
    """

    intro = models.TextField(_("introduction"), blank=True, max_length=400)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        return route_with_fallback(self, request, path_components, super().route)


class StandardPage(LanguageFallbackMixin, Page):
    """An ordinary page of text and images, such as the privacy page."""

    intro = models.TextField(_("introduction"), blank=True, max_length=400)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class AccessibilityStatementPage(Page):
    """The accessibility statement that Norwegian and Swedish law require of a public site."""

    class Conformance(models.TextChoices):
        FULL = "full", _("Fully conforms")
        PARTIAL = "partial", _("Partially conforms")
        NONE = "none", _("Does not conform")

    conformance = models.CharField(
        _("conformance with WCAG 2.1 AA"),
        max_length=10,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
    )
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    known_issues = StreamField(
        [("issue", KnownIssueBlock())], blank=True, verbose_name=_("known problems")
    )
    feedback_email = models.EmailField(_("feedback e-mail"), blank=True)
    feedback_phone = models.CharField(_("feedback phone"), max_length=40, blank=True)
    enforcement = RichTextField(
        _("enforcement"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Who the reader can complain to if the answer is not good enough."),
    )
    last_reviewed = models.DateField(_("last reviewed"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("conformance"), FieldPanel("last_reviewed"), FieldPanel("known_issues")],
            heading=_("Status"),
        ),
        MultiFieldPanel(
            [FieldPanel("feedback_email"), FieldPanel("feedback_phone"), FieldPanel("enforcement")],
            heading=_("Feedback and enforcement"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The municipality's name, logo, contact details, accent colour and footer links."""

    municipality_name = models.CharField(_("municipality name"), max_length=100, default="")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True, max_length=300)
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[validate_accent_colour],
        help_text=_("Used for links and buttons; must be dark enough to read white text on."),
    )
    footer_links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("footer links"))

    panels = [
        MultiFieldPanel([FieldPanel("municipality_name"), FieldPanel("logo")], _("Branding")),
        FieldPanel("accent_colour", widget=forms.TextInput(attrs={"type": "color"})),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            _("Contact details"),
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("site settings")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The main menu, shown on every page in the reader's language."""

    main_menu = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("main menu"))

    panels = [FieldPanel("main_menu")]

    class Meta:
        verbose_name = _("navigation")
