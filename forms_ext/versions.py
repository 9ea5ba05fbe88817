"""Survey versions: a new one each time a changed survey is published.

A version keeps the questions as published: keys, types, labels, option and
statement codes. Submissions point at the version they answered, so a listing
or an export of all versions knows every question ever asked, in form order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from wagtail.models import Locale

from .field_types import parse_options
from .models import SurveyField, SurveyVersion


def field_schema(survey_field: Any) -> dict[str, Any]:
    """What a version records of one question."""
    return {
        "key": survey_field.clean_name,
        "type": survey_field.field_type,
        "label": survey_field.label,
        "required": survey_field.required,
        "options": [list(option) for option in parse_options(survey_field.choices)],
        "statements": [list(option) for option in parse_options(survey_field.statements)],
        "unit": survey_field.unit,
        # What validating a correction of an old answer needs, as published.
        "help_text": survey_field.help_text,
        "min_value": _decimal_text(survey_field.min_value),
        "max_value": _decimal_text(survey_field.max_value),
        "decimal_places": survey_field.decimal_places,
        "allow_other": survey_field.allow_other,
        "not_in_future": survey_field.not_in_future,
        "min_label": survey_field.min_label,
        "max_label": survey_field.max_label,
        "rule": [survey_field.rule_field, survey_field.rule_operator, survey_field.rule_value]
        if survey_field.rule_field
        else None,
    }


def field_from_schema(schema: dict[str, Any]) -> SurveyField:
    """An unsaved question as a version recorded it, to display or validate its answers.

    Versions recorded before a limit was part of the schema give the field's default.
    """
    return SurveyField(
        clean_name=schema["key"],
        label=schema["label"],
        field_type=schema["type"],
        required=schema.get("required", False),
        choices="\n".join(f"{code} | {label}" for code, label in schema.get("options", [])),
        statements="\n".join(f"{code} | {label}" for code, label in schema.get("statements", [])),
        unit=schema.get("unit", ""),
        help_text=schema.get("help_text", ""),
        min_value=_decimal(schema.get("min_value")),
        max_value=_decimal(schema.get("max_value")),
        decimal_places=schema.get("decimal_places", 0),
        allow_other=schema.get("allow_other", False),
        not_in_future=schema.get("not_in_future", False),
        min_label=schema.get("min_label", ""),
        max_label=schema.get("max_label", ""),
    )


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def schema_for(page: Any) -> dict[str, Any]:
    return {"fields": [field_schema(f) for f in page.get_form_fields()]}


def latest_version(survey_key: Any) -> SurveyVersion | None:
    return SurveyVersion.objects.filter(survey_key=survey_key).order_by("-number").first()


def record_version(page: Any) -> SurveyVersion:
    """Return the survey's current version, creating a new one if the questions changed.

    Translations share the versions of the page they translate; only a change of
    the survey in its original language makes a new version. The original is the
    page in the site's default language (if the survey has one), so that a
    translation published before it does not make its labels the survey's.
    """
    original = (
        type(page)
        .objects.filter(translation_key=page.translation_key, locale=Locale.get_default())
        .values_list("pk", flat=True)
        .first()
    )
    with transaction.atomic():
        latest = (
            SurveyVersion.objects.select_for_update()
            .filter(survey_key=page.translation_key)
            .order_by("-number")
            .first()
        )
        source = original or (latest.page_id if latest is not None else None)
        is_translation = latest is not None and source not in (None, page.pk)
        if latest is not None and (is_translation or latest.schema == schema_for(page)):
            return latest
        return SurveyVersion.objects.create(
            survey_key=page.translation_key,
            number=(latest.number + 1) if latest else 1,
            schema=schema_for(page),
            page=page,
        )


def union_of_fields(survey_key: Any) -> list[dict[str, Any]]:
    """Every question of every version, newest labels first, in form order.

    A question dropped in a later version is placed after the question it
    followed when it was last asked, so that no answer loses its column.
    """
    versions = list(SurveyVersion.objects.filter(survey_key=survey_key).order_by("-number"))
    merged: list[dict[str, Any]] = []
    for version in versions:
        previous_key = None
        for schema in version.fields:
            keys = [item["key"] for item in merged]
            if schema["key"] not in keys:
                position = keys.index(previous_key) + 1 if previous_key in keys else len(merged)
                merged.insert(position, schema)
            previous_key = schema["key"]
    return merged


def current_version(page: Any) -> SurveyVersion:
    """The version a submission to ``page`` answers now (recorded if none exists yet)."""
    return latest_version(page.translation_key) or record_version(page)
