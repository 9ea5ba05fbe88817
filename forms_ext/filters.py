"""Filters and search of a survey's submissions: one definition for the listing and the exports.

Call :func:`filtered_submissions` with the request's query parameters to get
exactly the rows the admin listing shows (before pagination): the user's own
units only, then the filters, then the search. Answer values are matched in
the database through the typed ``Answer`` rows (``EXISTS`` subqueries), never
in a Python loop.

Query parameters (all optional):

``version``
    the primary key of a ``SurveyVersion`` of the survey;
``unit``
    the primary key of a unit: its submissions and those of every unit below it;
``submitted_after`` / ``submitted_before``
    dates (YYYY-MM-DD), both inclusive;
``question`` and ``value``
    a question's key and the answer to match: a code or option label for
    choices, a number, a date, or a piece of text; a question without a value
    matches every submission that answered it;
``channel``
    ``web``, ``interview``, ``reporter`` or ``import``;
``archived``
    empty for active answers only (the default), ``shown`` for all, ``only``
    for archived answers only;
``q``
    text in any text answer, a receipt (the submission's token) or an answer number.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from .keys import answer_key
from .models import Answer, Channel, OrganisationUnit, SurveySubmission, SurveyVersion
from .permissions import SEE_ANSWERS, submissions_for, units_for
from .registry import field_types
from .versions import union_of_fields

ARCHIVED_CHOICES = [("shown", _("Shown")), ("only", _("Only archived"))]


def answer_questions(survey_key: Any) -> list[dict[str, Any]]:
    """The schemas of every question that takes an answer, over all versions, in form order."""
    return [
        schema
        for schema in union_of_fields(survey_key)
        if schema["type"] in field_types and field_types.get(schema["type"]).has_answer
    ]


def _code_lookup(schema: dict[str, Any], value: str) -> Q:
    """A code, or the label of an option, of a choice; a personal number is matched by its hash."""
    wanted = value.strip().casefold()
    codes = {value.strip(), answer_key(value)}
    codes |= {code for code, label in schema.get("options", []) if label.casefold() == wanted}
    kind = field_types.get(schema["type"])
    if hasattr(kind, "hashed"):
        with contextlib.suppress(ValidationError):  # not a valid number: matches no hash
            codes.add(kind.hashed(value))
    return Q(code__in=codes)


def _number_lookup(value: str) -> Q:
    try:
        return Q(number=Decimal(value.strip().replace(",", ".").replace(" ", "")))
    except InvalidOperation:
        raise ValidationError(_("Write a number, e.g. 3 or 2.5."), code="number") from None


def _date_lookup(value: str, column: str) -> Q:
    try:
        day = parse_date(value.strip())
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(_("Write a date as YYYY-MM-DD."), code="date")
    return Q(**{column: day})


def answer_lookup(schema: dict[str, Any], value: str) -> Q:
    """The condition on one ``Answer`` row that matches ``value`` for the question ``schema``.

    Raises ValidationError when the value cannot be an answer of that question
    (a number or date question given something else).
    """
    storage = field_types.get(schema["type"]).storage
    if storage == "code":
        return _code_lookup(schema, value)
    if storage == "number":
        return _number_lookup(value)
    if storage == "date":
        return _date_lookup(value, "date")
    if storage == "datetime":
        return _date_lookup(value, "datetime__date")
    return Q(text__icontains=value.strip())


class SubmissionFilterForm(forms.Form):
    """The filter form; checks that a value fits the chosen question."""

    questions: dict[str, dict[str, Any]] = {}
    answer_condition: Q | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        key, value = cleaned.get("question"), (cleaned.get("value") or "").strip()
        if value and not key:
            self.add_error("question", _("Choose the question whose answer to match."))
        elif key in self.questions:
            try:
                self.answer_condition = answer_lookup(self.questions[key], value) if value else Q()
            except ValidationError as error:
                self.add_error("value", error)
        return cleaned


class UnitChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: OrganisationUnit) -> str:
        # Indent by depth, so that a unit's place in the tree is seen in the list.
        return "\u2003" * (obj.depth - 1) + str(obj)


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class VersionChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: SurveyVersion) -> str:
        return _("Version %(number)s") % {"number": obj.number}


class VersionFilter(django_filters.ModelChoiceFilter):
    field_class = VersionChoiceField


class SentDateRangeWidget(DateRangePickerWidget):
    """Wagtail's date-range picker, sending ``submitted_after`` and ``submitted_before``."""

    suffixes = ["after", "before"]


class SubmissionFilterSet(WagtailFilterSet):
    """The filters of a survey's submissions.

    Build it with ``survey_key`` and ``user`` (whose units are the unit choices), and
    optionally ``questions``, the survey's :func:`answer_questions` if already at hand.
    """

    version = VersionFilter(
        label=_("Version"), queryset=SurveyVersion.objects.none(), empty_label=_("All versions")
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=OrganisationUnit.objects.none(),
        method="filter_unit",
        empty_label=_("All your units"),
    )
    submitted = django_filters.DateFromToRangeFilter(
        label=_("Sent"),
        field_name="submit_time",
        widget=SentDateRangeWidget,
    )
    question = django_filters.ChoiceFilter(
        label=_("Question"), method="filter_answer", empty_label=_("Any question")
    )
    value = django_filters.CharFilter(
        label=_("Answer"),
        method="filter_nothing",
        help_text=_("A code or option for choices, a number, a date (YYYY-MM-DD) or some text."),
    )
    channel = django_filters.ChoiceFilter(
        label=_("Answered"),
        choices=Channel.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    archived = django_filters.ChoiceFilter(
        label=_("Archived answers"),
        choices=ARCHIVED_CHOICES,
        empty_label=_("Hidden"),
        method="filter_nothing",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SurveySubmission
        fields: list[str] = []
        form = SubmissionFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, **kwargs):
        self.survey_key = kwargs.pop("survey_key")
        self.user = kwargs.pop("user", None) or getattr(request, "user", None)
        questions = kwargs.pop("questions", None) or answer_questions(self.survey_key)
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.questions = {schema["key"]: schema for schema in questions}
        self.filters["question"].extra["choices"] = [
            (key, schema["label"]) for key, schema in self.questions.items()
        ]
        self.filters["version"].queryset = SurveyVersion.objects.filter(survey_key=self.survey_key)
        self.filters["unit"].queryset = units_for(self.user, SEE_ANSWERS).order_by("path")

    @property
    def form(self) -> SubmissionFilterForm:
        if not hasattr(self, "_form"):
            form = super().form
            form.questions = self.questions
        return self._form

    def filter_unit(self, queryset: QuerySet, name: str, unit: OrganisationUnit) -> QuerySet:
        return queryset.filter(unit__path__startswith=unit.path)

    def filter_answer(self, queryset: QuerySet, name: str, key: str) -> QuerySet:
        condition = self.form.answer_condition
        if condition is None:
            return queryset
        rows = Answer.objects.filter(
            condition, submission=OuterRef("pk"), survey_key=self.survey_key, key=key
        )
        return queryset.filter(Exists(rows))

    def filter_nothing(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """``value`` is read by ``filter_answer``, ``archived`` by ``filter_queryset``."""
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Apply every valid filter (an invalid one is left out and shown as an error)."""
        self.form.is_valid()
        queryset = super().filter_queryset(queryset)
        archived = self.form.cleaned_data.get("archived")
        if archived == "only":
            return queryset.exclude(archived_at=None)
        if archived != "shown":
            return queryset.filter(archived_at=None)
        return queryset


def search_submissions(queryset: QuerySet, query: str) -> QuerySet:
    """Submissions with ``query`` in a text answer, or whose receipt or number it is."""
    query = (query or "").strip()
    if not query:
        return queryset
    texts = Answer.objects.filter(submission=OuterRef("pk"), text__icontains=query)
    match = Q(Exists(texts))
    number = query.lstrip("#")
    if number.isdigit() and len(number) < 19:
        match |= Q(pk=int(number))
    with contextlib.suppress(ValueError):  # not a receipt
        match |= Q(token=uuid.UUID(query))
    return queryset.filter(match)


def filter_submissions(
    queryset: QuerySet, params: Mapping[str, Any], survey_key: Any, user: Any = None
) -> QuerySet:
    """``queryset`` narrowed by the filters and the search (``q``) in ``params``.

    Invalid filter values are left out, as in the listing, which shows them as errors.
    """
    filterset = SubmissionFilterSet(params, queryset, survey_key=survey_key, user=user)
    return search_submissions(filterset.filter_queryset(queryset), params.get("q", ""))


def filtered_submissions(user: Any, page: Any, params: Mapping[str, Any]) -> QuerySet:
    """The submissions of survey ``page`` that ``user`` may see, filtered as the listing is.

    This is what the listing, the exports and the background exports show for
    the same query parameters (``request.GET``): see the module's docstring.
    The queryset is not ordered; order it as the caller needs.
    """
    visible = submissions_for(user).filter(survey_key=page.translation_key)
    return filter_submissions(visible, params, page.translation_key, user=user)
