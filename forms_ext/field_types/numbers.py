"""Numbers, dates and times: stored in typed columns the database can sum and filter."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..registry import AnswerValue, FieldType, register_field_type
from .options import EMPTY


def plain(number: Decimal | None) -> Decimal | None:
    """A limit as an editor wrote it: 15, not 15.000000 or 1.5E+1."""
    if number is None:
        return None
    number = Decimal(number)
    return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()


@register_field_type
class NumberFieldType(FieldType):
    key = "number"
    label = _("Number")
    storage = "number"

    def form_field(self, field, **kwargs):
        places = field.decimal_places or 0
        step = Decimal(1).scaleb(-places)
        if field.error_message:
            kwargs.setdefault("error_messages", {}).update(
                min_value=field.error_message, max_value=field.error_message
            )
        return forms.DecimalField(
            min_value=plain(field.min_value),
            max_value=plain(field.max_value),
            decimal_places=places,
            max_digits=18,
            widget=forms.NumberInput(attrs={"step": str(step), "inputmode": "decimal"}),
            **kwargs,
        )

    def answer_values(self, field, value):
        return [] if value is None else [AnswerValue(number=Decimal(value))]

    def display(self, field, value):
        if value in EMPTY:
            return ""
        return f"{value} {field.unit}".strip()

    def check_definition(self, field):
        if field.min_value is not None and field.max_value is not None:
            if field.min_value > field.max_value:
                return {"max_value": _("The maximum must not be below the minimum.")}
        return {}


def _relative_bounds(field) -> tuple[datetime.date | None, datetime.date | None]:
    today = timezone.localdate()
    low = (
        today + datetime.timedelta(days=int(field.min_value))
        if field.min_value is not None
        else None
    )
    high = (
        today + datetime.timedelta(days=int(field.max_value))
        if field.max_value is not None
        else None
    )
    if field.not_in_future and (high is None or high > today):
        high = today
    return low, high


class DateBoundsMixin:
    def check_definition(self, field):
        if field.min_value is not None and field.max_value is not None:
            if field.min_value > field.max_value:
                return {"max_value": _("The latest date must not be before the earliest.")}
        return {}

    def check_bounds(self, field, day: datetime.date) -> None:
        low, high = _relative_bounds(field)
        if field.error_message and ((low and day < low) or (high and day > high)):
            raise ValidationError(field.error_message)
        if low and day < low:
            raise ValidationError(_("The date must be %(date)s or later."), params={"date": low})
        if high and day > high:
            if field.not_in_future and high == timezone.localdate():
                raise ValidationError(_("The date cannot be in the future."))
            raise ValidationError(_("The date must be %(date)s or earlier."), params={"date": high})


@register_field_type
class DateFieldType(DateBoundsMixin, FieldType):
    key = "date"
    label = _("Date")
    storage = "date"

    def form_field(self, field, **kwargs):
        def validate(value):
            self.check_bounds(field, value)

        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            validators=[validate],
            **kwargs,
        )

    def answer_values(self, field, value):
        return [] if value is None else [AnswerValue(date=value)]


@register_field_type
class DateTimeFieldType(DateBoundsMixin, FieldType):
    key = "datetime"
    label = _("Date and time")
    storage = "datetime"

    def form_field(self, field, **kwargs):
        def validate(value):
            self.check_bounds(field, timezone.localtime(value).date())
            if field.not_in_future and value > timezone.now():
                raise ValidationError(_("The time cannot be in the future."))

        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
            validators=[validate],
            **kwargs,
        )

    def answer_values(self, field, value):
        return [] if value is None else [AnswerValue(datetime=value)]

    def display(self, field, value):
        if value in EMPTY:
            return ""
        if isinstance(value, str):  # the submission's JSON copy keeps ISO 8601 text
            value = datetime.datetime.fromisoformat(value)
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
