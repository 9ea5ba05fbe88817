"""Survey pages and their fields, built on Wagtail's form builder."""

from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField

from ..keys import answer_key
from ..page_forms import SurveyPageForm
from ..registry import field_types
from ..rules import Operator


def field_type_choices():
    return field_types.choices()


class SurveyField(AbstractFormField):
    """One question (or heading, text or page break) of a survey, as an editor defines it."""

    page = ParentalKey("SurveyPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(_("field type"), max_length=16, choices=field_type_choices)
    field_type.required_on_save = True
    min_value = models.DecimalField(
        _("minimum"),
        max_digits=18,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("For dates: days from today, e.g. -365 for a year ago."),
    )
    max_value = models.DecimalField(
        _("maximum"),
        max_digits=18,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("For dates: days from today, e.g. 0 for today."),
    )
    decimal_places = models.PositiveSmallIntegerField(
        _("decimals"), default=0, help_text=_("0 for whole numbers.")
    )
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("For example kr or m².")
    )
    allow_other = models.BooleanField(_("add “other, please specify”"), default=False)
    statements = models.TextField(
        _("statements"),
        blank=True,
        help_text=_("For a matrix: one statement per line, optionally as code | text."),
    )
    min_label = models.CharField(_("label of the lowest value"), max_length=80, blank=True)
    max_label = models.CharField(_("label of the highest value"), max_length=80, blank=True)
    not_in_future = models.BooleanField(_("not in the future"), default=False)
    error_message = models.CharField(
        _("message when out of bounds"),
        max_length=255,
        blank=True,
        help_text=_(
            "Shown when a number or date is outside the minimum and maximum. "
            "Leave empty for the standard message."
        ),
    )
    rule_field = models.CharField(
        _("show only if the question"),
        max_length=255,
        blank=True,
        help_text=_("The label of an earlier question. Leave empty to always show this."),
    )
    rule_operator = models.CharField(
        _("condition"), max_length=10, choices=Operator.choices, default=Operator.EQUALS
    )
    rule_value = models.CharField(
        _("value"),
        max_length=255,
        blank=True,
        help_text=_(
            "A code of the earlier question's options, or a number. "
            "For “is one of”: codes separated by commas."
        ),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("field_type", required_on_save=True), FieldPanel("required")]),
        FieldPanel("choices"),
        FieldPanel("default_value"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_value"), FieldPanel("max_value")]),
                FieldPanel("error_message"),
                FieldRowPanel([FieldPanel("decimal_places"), FieldPanel("unit")]),
                FieldRowPanel([FieldPanel("min_label"), FieldPanel("max_label")]),
                FieldPanel("statements"),
                FieldRowPanel([FieldPanel("allow_other"), FieldPanel("not_in_future")]),
            ],
            heading=_("Options of numbers, dates, scales and choices"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [FieldPanel("rule_field"), FieldPanel("rule_operator"), FieldPanel("rule_value")],
            heading=_("Show only if"),
            classname="collapsed",
        ),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("survey field")
        verbose_name_plural = _("survey fields")

    def get_field_clean_name(self):
        """The stable key of the answers: the first label in plain ASCII snake_case (møte: mote)."""
        return answer_key(self.label)

    @property
    def kind(self):
        """The registered field type of this field."""
        return field_types.get(self.field_type)


class Audience(models.TextChoices):
    """Who may answer a survey."""

    PUBLIC = "public", _("anyone with the address")
    REPORTERS = "reporters", _("logged-in reporters of its units")
    INVITED = "invited", _("people with a personal invitation link")


class SurveyPage(AbstractForm):
    """A survey or form that editors build from questions, with steps, rules and versions."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("text after sending"), blank=True)
    owner_unit = models.ForeignKey(
        "forms_ext.OrganisationUnit",
        verbose_name=_("owned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
        help_text=_("The unit whose coordinators see and export the answers."),
    )
    audience = models.CharField(
        _("who may answer"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    interviews = models.BooleanField(
        _("interviewers may answer for respondents"),
        default=False,
        help_text=_(
            "Coordinators and reporters of the units may record an answer given by phone, "
            "with their call attempts; the answer is marked as recorded by an interviewer."
        ),
    )
    notify_to = models.CharField(
        _("notify by e-mail"),
        max_length=500,
        blank=True,
        help_text=_(
            "Addresses, separated by commas, told of each new answer (with a link, "
            "never the answers). Only addresses in the allowed domains are used."
        ),
    )

    content_panels = [
        *AbstractForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Questions")),
        FieldPanel("thank_you_text"),
    ]
    settings_panels = [
        *AbstractForm.settings_panels,
        FieldPanel("owner_unit"),
        FieldPanel("audience"),
        FieldPanel("interviews"),
        FieldPanel("notify_to"),
    ]
    base_form_class = SurveyPageForm
    template = "forms_ext/survey_page.html"
    landing_page_template = "forms_ext/survey_page_landing.html"

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def get_submissions_list_view_class(self):
        """Only the submissions of units the user has a coordinator or viewer role in."""
        from ..views import SurveySubmissionsListView

        return SurveySubmissionsListView

    def get_submission_class(self):
        """Submissions carry their version, language, receipt token and typed answers."""
        from .submissions import SurveySubmission

        return SurveySubmission

    def get_submissions(self):
        """Every submission of this survey, in every language it is published in."""
        return self.get_submission_class()._default_manager.filter(survey_key=self.translation_key)

    def get_form_fields(self):
        return self.form_fields.all()

    def get_data_fields(self):
        """The listing's columns: every question of every version, in form order."""
        from ..registry import field_types as registry
        from ..versions import union_of_fields

        columns = [("submit_time", _("Submission date"))]
        for schema in union_of_fields(self.translation_key):
            kind = registry.get(schema["type"]) if schema["type"] in registry else None
            if kind is None or kind.has_answer:
                columns.append((schema["key"], schema["label"]))
        return columns

    def get_form(self, *args, **kwargs):
        """A form of every question at once, for Wagtail's preview."""
        from ..flow import SurveyStepForm

        fields = list(self.get_form_fields())
        kwargs.pop("page", None)
        kwargs.pop("user", None)
        return SurveyStepForm(
            *args, step_fields=fields, shown={f.clean_name for f in fields}, **kwargs
        )

    def serve(self, request, *args, **kwargs):
        """Steps, rules, drafts and exactly-once submission: see ``forms_ext.flow``."""
        from ..flow import SurveyFlow

        return SurveyFlow(self, request).respond()

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        context = self.get_context(request)
        context["form_submission"] = form_submission
        return TemplateResponse(request, self.get_landing_page_template(request), context)
