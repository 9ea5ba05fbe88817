"""The blocks that editors combine into guides and brochures, without code.

Each block renders ``guides/blocks/<name>.html``. The page passes three
values down to every block template: ``heading_level`` (the level of a block's
own title: 3 inside a guide's chapter, 2 in a brochure), ``anchor`` (the id of
a heading block) and ``block_id`` (the block's stable id, which the personal
plan uses to keep the tenant's plan apart from any other on the site).
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .conf import settings
from .outline import ANCHOR_PATTERN, MAX_ANCHOR_LENGTH, RESERVED_SLUGS

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]

validate_anchor = RegexValidator(
    ANCHOR_PATTERN, _("Use lower-case letters a–z, digits and single hyphens only.")
)


def anchor_block(help_text) -> blocks.CharBlock:
    """An optional slug that an editor sets to keep an address stable when a title changes."""
    return blocks.CharBlock(
        required=False,
        max_length=MAX_ANCHOR_LENGTH,
        validators=[validate_anchor],
        label=_("Address"),
        help_text=help_text,
    )


def title_block(help_text=None) -> blocks.CharBlock:
    return blocks.CharBlock(required=False, max_length=120, label=_("Title"), help_text=help_text)


class HeadingBlock(blocks.StructBlock):
    """A section heading: it gets an anchor and a line in the table of contents."""

    text = blocks.CharBlock(max_length=120, label=_("Heading"))
    anchor = anchor_block(
        _("Optional: the end of a link straight to this heading, e.g. documents.")
    )

    class Meta:
        icon = "title"
        label = _("Section heading")
        template = "guides/blocks/heading.html"


class AlternativeBlock(blocks.StructBlock):
    """One of the ways an either/or step can go."""

    title = blocks.CharBlock(max_length=160, label=_("Alternative"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False, label=_("Text"))

    class Meta:
        icon = "arrow-right"
        label = _("Alternative")


class StepBlock(blocks.StructBlock):
    """One numbered step; optional, or an either/or choice between alternatives."""

    title = blocks.CharBlock(max_length=160, label=_("Step"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False, label=_("Text"))
    optional = blocks.BooleanBlock(required=False, label=_("Optional step"))
    alternatives = blocks.ListBlock(
        AlternativeBlock(),
        default=[],
        label=_("Either/or"),
        help_text=_(
            "Leave empty for an ordinary step. Add two or more when the reader "
            "takes one of several ways."
        ),
    )

    class Meta:
        icon = "list-ol"
        label = _("Step")

    def clean(self, value):
        value = super().clean(value)
        if len(value["alternatives"]) == 1:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alternatives": ValidationError(
                        _("An either/or step needs at least two alternatives.")
                    )
                }
            )
        return value


class StepsBlock(blocks.StructBlock):
    """Numbered steps the reader follows in order."""

    title = title_block()
    steps = blocks.ListBlock(StepBlock(), min_num=1, label=_("Steps"))

    class Meta:
        icon = "list-ol"
        label = _("Steps")
        template = "guides/blocks/steps.html"


class ChecklistBlock(blocks.StructBlock):
    """Things the reader checks off; printed with a box in front of each."""

    title = title_block()
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=240, label=_("Item")), min_num=1, label=_("Items")
    )

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "guides/blocks/checklist.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted note: something good to know, a warning or a deadline."""

    KINDS = [
        ("info", _("Good to know")),
        ("warning", _("Important")),
        ("deadline", _("Deadline")),
    ]

    kind = blocks.ChoiceBlock(choices=KINDS, default="info", label=_("Kind"))
    title = title_block()
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "guides/blocks/callout.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["kind_label"] = dict(self.KINDS).get(value["kind"], "")
        return context


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, label=_("Question"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")


class FAQBlock(blocks.StructBlock):
    """Questions and answers that open and close, also without JavaScript."""

    title = title_block()
    items = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "guides/blocks/faq.html"


class ContactCardBlock(blocks.StructBlock):
    """Where the reader gets help: an office with its phone, opening hours and address."""

    office = blocks.CharBlock(max_length=120, label=_("Office"))
    phone = blocks.CharBlock(required=False, max_length=40, label=_("Phone"))
    email = blocks.EmailBlock(required=False, label=_("E-mail"))
    opening_hours = blocks.TextBlock(required=False, max_length=300, label=_("Opening hours"))
    address = blocks.TextBlock(required=False, max_length=300, label=_("Address"))

    class Meta:
        icon = "user"
        label = _("Contact card")
        template = "guides/blocks/contact_card.html"


class DocumentItemBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=160, label=_("Document"))
    note = blocks.CharBlock(required=False, max_length=240, label=_("Note"))

    class Meta:
        icon = "doc-full"
        label = _("Document")


class DocumentsBlock(blocks.StructBlock):
    """The papers to bring to a meeting or to attach to an application."""

    title = title_block(_("Leave empty for “Documents to bring”."))
    intro = blocks.TextBlock(required=False, max_length=400, label=_("Introduction"))
    items = blocks.ListBlock(DocumentItemBlock(), min_num=1, label=_("Documents"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Documents to bring")
        template = "guides/blocks/documents.html"


class KeyFigureBlock(blocks.StructBlock):
    """An amount or limit kept as a key figure, with its source and review-by date."""

    figure = SnippetChooserBlock("guides.KeyFigure", label=_("Key figure"))
    label = blocks.CharBlock(
        max_length=160,
        label=_("What the figure is"),
        help_text=_("In the reader's words and language, e.g. “Most you pay as a deposit”."),
    )
    note = blocks.TextBlock(required=False, max_length=300, label=_("Note"))

    class Meta:
        icon = "table"
        label = _("Key figure")
        template = "guides/blocks/key_figure.html"


class ImageBlock(blocks.StructBlock):
    """An image with the text alternative that screen-reader users hear (required)."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alternative text"),
        help_text=_("Say what the image shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "guides/blocks/image.html"


class SurveyLinkBlock(blocks.StructBlock):
    """A button to a survey, in the reader's language when it is translated."""

    page = blocks.PageChooserBlock(page_type=settings.SURVEY_PAGE_TYPES or None, label=_("Survey"))
    text = blocks.TextBlock(required=False, max_length=300, label=_("Text before the button"))
    button_label = blocks.CharBlock(max_length=80, label=_("Button text"))

    class Meta:
        icon = "form"
        label = _("Link to a survey")
        template = "guides/blocks/survey_link.html"


class PlanStepBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Step"))
    hint = blocks.CharBlock(
        required=False,
        max_length=240,
        label=_("Hint"),
        help_text=_("Who helps, or what to bring."),
    )

    class Meta:
        icon = "tick"
        label = _("Step")


class PlanGoalBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, label=_("Goal"))
    description = blocks.TextBlock(required=False, max_length=300, label=_("Description"))
    steps = blocks.ListBlock(PlanStepBlock(), min_num=1, label=_("Steps"))

    class Meta:
        icon = "pick"
        label = _("Goal")


class PersonalPlanBlock(blocks.StructBlock):
    """A plan the tenant fills in: a goal, its steps, dates and notes, kept in the browser only.

    Nothing the tenant writes reaches the server; without JavaScript the plan is
    a checklist to print and fill in by hand.
    """

    title = title_block(_("Leave empty for “My plan”."))
    intro = blocks.TextBlock(required=False, max_length=400, label=_("Introduction"))
    goals = blocks.ListBlock(PlanGoalBlock(), min_num=1, label=_("Goals"))

    class Meta:
        icon = "list-ul"
        label = _("Personal plan")
        template = "guides/blocks/personal_plan.html"


class GuideContentBlock(blocks.StreamBlock):
    """What a chapter of a guide, or a brochure, is made of."""

    heading = HeadingBlock()
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Text"), template="guides/blocks/text.html"
    )
    steps = StepsBlock()
    checklist = ChecklistBlock()
    callout = CalloutBlock()
    faq = FAQBlock()
    contact = ContactCardBlock()
    documents = DocumentsBlock()
    key_figure = KeyFigureBlock()
    image = ImageBlock()
    survey_link = SurveyLinkBlock()
    personal_plan = PersonalPlanBlock()

    class Meta:
        label = _("Content")


class ChapterBlock(blocks.StructBlock):
    """A chapter of a guide: a page of its own with a line in the table of contents."""

    title = blocks.CharBlock(max_length=120, label=_("Chapter title"))
    slug = anchor_block(
        _(
            "Optional: the end of the chapter's address, e.g. start-loan. Made from the "
            "title when empty; set it to keep links working when the title changes."
        )
    )
    body = GuideContentBlock(label=_("Content"))

    class Meta:
        icon = "doc-full"
        label = _("Chapter")


class GuideBodyBlock(blocks.StreamBlock):
    """The chapters of a guide, in reading order."""

    chapter = ChapterBlock()

    class Meta:
        label = _("Chapters")
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        slugs = [child.value["slug"] for child in value if child.value.get("slug")]
        taken = [slug for slug in slugs if slug in RESERVED_SLUGS or slugs.count(slug) > 1]
        if taken:
            raise blocks.StreamBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _("Each chapter needs its own address; these are taken: %(slugs)s."),
                        params={"slugs": ", ".join(sorted(set(taken)))},
                    )
                ]
            )
        return value
