"""StreamField blocks for the site's own pages (home, content, statements)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from forms_ext.blocks import DashboardBlock
from guides import blocks as guides_blocks

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to another address, for menus and footers."""

    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("Or a web address"))
    label = blocks.CharBlock(
        required=False,
        max_length=80,
        label=_("Link text"),
        help_text=_("Leave empty to use the page's title, in the reader's language."),
    )

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError(_("Choose either a page or a web address, not both."))
                }
            )
        if value.get("url") and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "label": ValidationError(_("A link to a web address needs a link text."))
                }
            )
        return value


class ImageBlock(guides_blocks.ImageBlock):
    """The guides' image block (alt text required), in the site's own template."""

    class Meta:
        template = "cms/blocks/image.html"


class CardBlock(blocks.StructBlock):
    """A short teaser that leads to a page: used for the home page's entry points."""

    title = blocks.CharBlock(max_length=80, label=_("Title"))
    text = blocks.TextBlock(required=False, max_length=240, label=_("Text"))
    link = LinkBlock(label=_("Link"))

    class Meta:
        icon = "doc-full"
        label = _("Card")
        template = "cms/blocks/card.html"


class ContentBlock(blocks.StreamBlock):
    """The body of an ordinary content page."""

    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    image = ImageBlock()
    cards = blocks.ListBlock(CardBlock(), label=_("Row of cards"), template="cms/blocks/cards.html")
    dashboard = DashboardBlock()

    class Meta:
        label = _("Content")


class KnownIssueBlock(blocks.StructBlock):
    """One known accessibility problem, as the statement must list it."""

    title = blocks.CharBlock(max_length=200, label=_("Problem"))
    description = blocks.TextBlock(label=_("What it means for the user"))
    criterion = blocks.CharBlock(
        required=False,
        max_length=40,
        label=_("WCAG success criterion"),
        help_text=_("For example 1.4.3 Contrast (Minimum)."),
    )
    fix_by = blocks.DateBlock(required=False, label=_("Planned fix"))

    class Meta:
        icon = "warning"
        label = _("Known problem")
        template = "cms/blocks/known_issue.html"
