"""The current list: every visible unit's latest report, searched and filtered; or as of a moment.

What social workers search (Bolistan's "what is vacant now"). One row per unit
that has reported: its latest report's answers (shown as the answer detail view
shows them), when it was last updated and by whom (by unit on a public list),
and whether it is **stale**: from a period before the current one.

The filters are made from the inventory's own questions (:func:`question_filters`):
choices give check boxes (a single choice matches any option ticked, a multiple
choice all of them), yes/no gives yes/no, a number "at least", a date "on or
after". With the unit search and "only current reports" they narrow the list:

- live, in the database: each filter is an ``EXISTS`` on the typed ``Answer`` rows
  of the latest reports (:func:`.queries.latest_reports`), so the page costs a
  count and one query for its rows, whatever the number of units or reports;
- as of a past moment (``?as_of=``), in Python on the values as they were then
  (:func:`.queries.as_of`): that is one query for all units, and the inventories
  this is for have at most a few hundred units (measured fine up to 500).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from ..exports.columns import chosen_codes
from ..field_types import YesNoFieldType
from ..field_types.choices import CheckboxFieldType, ChoiceFieldType
from ..models import Answer, InventoryPage, InventoryReport, OrganisationUnit, UnitRole
from ..models.inventories import ListAudience
from ..permissions import units_for
from ..registry import field_types
from ..versions import field_from_schema, latest_version
from ..views import display_answer
from .periods import Bounds, _previous_day, bounds, local_date, period_label, zone
from .queries import as_of, latest_reports
from .reports import expected_units, source_of

#: Rows per page of the list.
PER_PAGE = 50
#: Any role in a unit lets a member of staff read a staff-only list of that unit.
LIST_ROLES = tuple(UnitRole.Role.values)
#: Query parameters that are not a question's filter.
RESERVED = {"q", "current", "as_of", "page"}


def current_bounds(inventory: Any, moment: datetime.datetime) -> Bounds:
    """The period current at ``moment``: the latest one that has opened by then."""
    found = bounds(inventory, local_date(moment))
    if found.starts_at > moment:
        found = bounds(inventory, _previous_day(inventory, found))
    return found


def local_datetime(moment: datetime.datetime) -> str:
    """A moment as people read it on the list, in the municipality's time zone."""
    return date_format(moment.astimezone(zone()), pgettext("as-of date and time", "j F Y H:i"))


def list_units(inventory: InventoryPage, user: Any) -> QuerySet[OrganisationUnit]:
    """The expected units whose reports ``user`` may read on the current list.

    All of them on a public list; on a staff list those that one of the user's
    roles (any role) reaches, every one for a superuser.
    """
    units = expected_units(inventory)
    if source_of(inventory).list_audience == ListAudience.PUBLIC:
        return units
    return units.filter(pk__in=units_for(user, LIST_ROLES).values("pk"))


# Filters made from the questions


class QuestionFilter:
    """One question's filter: a form field, a database condition and the same test in Python.

    A base class: each filter type below (options, yes/no, at least, from a date)
    overrides the three methods; ``question_filter`` picks the type from the question's.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.key = schema["key"]
        self.name = self.key if self.key not in RESERVED else f"answer_{self.key}"
        self.label = schema["label"]

    def form_field(self) -> forms.Field:
        """The field of the list's filter form."""
        raise NotImplementedError

    def conditions(self, value: Any) -> list[Q]:
        """Conditions on ``Answer`` rows; a report must have a row matching each."""
        raise NotImplementedError

    def matches(self, data: Mapping[str, Any], value: Any) -> bool:
        """Whether answers in ``form_data`` shape pass the filter."""
        raise NotImplementedError


class OptionsFilter(QuestionFilter):
    """Check boxes of a choice's options: any of them for one choice, all for several."""

    def __init__(self, schema: dict[str, Any], every: bool) -> None:
        super().__init__(schema)
        self.every = every

    def form_field(self) -> forms.Field:
        help_text = _("Units with all of those ticked.") if self.every else ""
        return forms.MultipleChoiceField(
            label=self.label,
            choices=[tuple(option) for option in self.schema.get("options", [])],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=help_text,
        )

    def conditions(self, value: list[str]) -> list[Q]:
        if self.every:
            return [Q(code=code) for code in value]
        return [Q(code__in=value)]

    def matches(self, data: Mapping[str, Any], value: list[str]) -> bool:
        chosen = set(chosen_codes(data.get(self.key))[0])
        return set(value) <= chosen if self.every else bool(chosen & set(value))


class YesNoFilter(QuestionFilter):
    """Yes, no, or either."""

    def form_field(self) -> forms.Field:
        return forms.ChoiceField(
            label=self.label,
            choices=[("", _("Either")), ("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
            required=False,
        )

    def conditions(self, value: str) -> list[Q]:
        return [Q(code=value)]

    def matches(self, data: Mapping[str, Any], value: str) -> bool:
        return value in chosen_codes(data.get(self.key))[0]


class AtLeastFilter(QuestionFilter):
    """A number at least this large."""

    def form_field(self) -> forms.Field:
        return forms.DecimalField(
            label=_("%(question)s: at least") % {"question": self.label},
            required=False,
            max_digits=18,
            widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
        )

    def conditions(self, value: Decimal) -> list[Q]:
        return [Q(number__gte=value)]

    def matches(self, data: Mapping[str, Any], value: Decimal) -> bool:
        try:
            return Decimal(str(data.get(self.key))) >= value
        except InvalidOperation:
            return False


class FromDateFilter(QuestionFilter):
    """A date on or after this one."""

    def form_field(self) -> forms.Field:
        return forms.DateField(
            label=_("%(question)s: on or after") % {"question": self.label},
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )

    def conditions(self, value: datetime.date) -> list[Q]:
        return [Q(date__gte=value)]

    def matches(self, data: Mapping[str, Any], value: datetime.date) -> bool:
        try:
            return datetime.date.fromisoformat(str(data.get(self.key))[:10]) >= value
        except ValueError:
            return False


def question_filter(schema: dict[str, Any]) -> QuestionFilter | None:
    """The filter of one question, or None for a question the list does not filter on."""
    kind = field_types.get(schema["type"]) if schema["type"] in field_types else None
    if isinstance(kind, ChoiceFieldType):
        return OptionsFilter(schema, every=kind.many)
    if isinstance(kind, YesNoFieldType | CheckboxFieldType):
        return YesNoFilter(schema)
    if kind is not None and kind.key == "number":
        return AtLeastFilter(schema)
    if kind is not None and kind.key == "date":
        return FromDateFilter(schema)
    return None


def answer_schemas(inventory: InventoryPage) -> list[dict[str, Any]]:
    """The questions of the inventory's latest version that take an answer, in form order."""
    version = latest_version(inventory.translation_key)
    return [
        schema
        for schema in (version.fields if version else [])
        if schema["type"] in field_types and field_types.get(schema["type"]).has_answer
    ]


def question_filters(schemas: Iterable[dict[str, Any]]) -> list[QuestionFilter]:
    return [found for schema in schemas if (found := question_filter(schema)) is not None]


class LocalDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` input read in the municipality's time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def to_python(self, value: Any) -> datetime.datetime | None:
        with timezone.override(zone()):
            return super().to_python(value)


def list_form(filters: list[QuestionFilter], data: Mapping[str, Any]) -> forms.Form:
    """The list's GET form: search, "only current", "as of", then one field per filter."""
    fields: dict[str, forms.Field] = {
        "q": forms.CharField(label=_("Unit"), required=False, max_length=100),
        "current": forms.BooleanField(label=_("Only current reports (not stale)"), required=False),
        "as_of": LocalDateTimeField(
            label=_("As of"),
            required=False,
            help_text=_("Show the list as it was at this date and time."),
        ),
    }
    fields.update({found.name: found.form_field() for found in filters})
    form_class = type("CurrentListForm", (forms.Form,), fields)
    return form_class(data or None, auto_id="list-%s")


# The rows


@dataclass
class ListRow:
    """One unit on the list, with its answers as a person reads them."""

    unit: OrganisationUnit
    answers: list[tuple[str, str]]
    updated_at: str
    updated_by: str
    period_name: str
    stale: bool


class CurrentList:
    """The current list of ``inventory`` over ``units`` for the query parameters ``params``.

    ``public`` names the unit, not the person, that last updated a report.
    """

    def __init__(
        self,
        inventory: InventoryPage,
        units: QuerySet[OrganisationUnit],
        params: Mapping[str, Any],
        *,
        public: bool = False,
        now: datetime.datetime | None = None,
    ) -> None:
        self.inventory, self.units, self.public = inventory, units, public
        self.now = now or timezone.now()
        self.schemas = answer_schemas(inventory)
        self.questions = [field_from_schema(schema) for schema in self.schemas]
        self.filters = question_filters(self.schemas)
        self.form = list_form(self.filters, params)
        self.form.is_valid()  # an invalid field is left out of the filtering and shown
        values = getattr(self.form, "cleaned_data", {})
        self.as_of: datetime.datetime | None = values.get("as_of")
        self.moment = self.as_of or self.now
        self.search = (values.get("q") or "").strip()
        self.only_current = bool(values.get("current"))
        self.chosen = [(f, values[f.name]) for f in self.filters if values.get(f.name)]
        self.current = current_bounds(source_of(inventory), self.moment)

    @property
    def filter_fields(self) -> list[forms.BoundField]:
        return [self.form[found.name] for found in self.filters]

    @property
    def is_filtered(self) -> bool:
        return bool(self.search or self.only_current or self.chosen)

    def live_reports(self) -> QuerySet[InventoryReport]:
        """The latest reports passing the filters, by unit name: all in the database."""
        reports = latest_reports(self.inventory, self.units)
        key = self.inventory.translation_key
        for found, value in self.chosen:
            for condition in found.conditions(value):
                rows = Answer.objects.filter(
                    condition, submission=OuterRef("submission_id"), survey_key=key, key=found.key
                )
                reports = reports.filter(Exists(rows))
        if self.search:
            reports = reports.filter(
                Q(unit__name__icontains=self.search) | Q(unit__code__icontains=self.search)
            )
        if self.only_current:
            reports = reports.filter(period_starts_at__gte=self.current.starts_at)
        return reports.order_by("unit__name", "unit_id")

    def snapshot(self) -> list[Any]:
        """The changes holding each unit's values at ``as_of`` that pass the filters."""
        changes = as_of(self.inventory, self.moment, self.units)
        wanted = self.search.casefold()
        kept = [
            change
            for change in changes
            if (not wanted or wanted in f"{change.unit.name} {change.unit.code}".casefold())
            and (not self.only_current or not self._stale(change.report))
            and all(found.matches(change.data, value) for found, value in self.chosen)
        ]
        return sorted(kept, key=lambda change: (change.unit.name, change.unit_id))

    def page(self, number: Any) -> Page:
        """One page of rows (``ListRow``), 50 a page; a count and one query when live."""
        source = self.snapshot() if self.as_of else self.live_reports()
        found = Paginator(source, PER_PAGE).get_page(number)
        build = self._row_of_change if self.as_of else self._row_of_report
        found.object_list = [build(item) for item in found.object_list]
        return found

    def _stale(self, report: InventoryReport) -> bool:
        return report.period_starts_at < self.current.starts_at

    def _answers(self, data: Mapping[str, Any]) -> list[tuple[str, str]]:
        return [(q.label, display_answer(q, data.get(q.clean_name)) or "–") for q in self.questions]

    def _who(self, unit: OrganisationUnit, user: Any) -> str:
        if self.public or user is None:
            return unit.name
        return user.get_full_name() or user.get_username()

    def _row(self, report, data, moment, user) -> ListRow:
        return ListRow(
            unit=report.unit,
            answers=self._answers(data),
            updated_at=local_datetime(moment),
            updated_by=self._who(report.unit, user),
            period_name=period_label(report.period),
            stale=self._stale(report),
        )

    def _row_of_report(self, report: InventoryReport) -> ListRow:
        return self._row(report, report.submission.form_data, report.updated_at, report.updated_by)

    def _row_of_change(self, change: Any) -> ListRow:
        change.report.unit = change.unit  # already fetched with the change
        return self._row(change.report, change.data, change.changed_at, change.changed_by)

    def banner(self) -> str:
        """ "As of 20 November 2026 14:00", or "" for the live list."""
        if not self.as_of:
            return ""
        return _("As of %(moment)s") % {"moment": local_datetime(self.as_of)}
