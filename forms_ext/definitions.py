"""A survey's definition as plain data: what templates keep, copies carry and XLSForms map to.

A definition holds everything an editor built and nothing anyone answered::

    {
        "format": 1,
        "kind": "survey" | "inventory",
        "language": "nb",                      # the language of the texts below
        "title": "...", "intro": "<p>...</p>", "thank_you_text": "<p>...</p>",
        "settings": {"audience": "public", "interviews": False},
        "schedule": {"frequency": "daily", "opens_at": "00:00", ...},  # inventories
        "fields": [{"key": "places", "field_type": "number", "label": "...", ...}],
        "translations": {
            "sv": {"title": "...", "intro": "...", "thank_you_text": "...",
                   "fields": {"places": {"label": "...", "help_text": "...", ...}}},
        },
    }

Questions keep their keys (``clean_name``) in every copy, so rules, option codes
and the answers of translations line up. No unit, submission, invitation, link,
version or owner is part of a definition: :func:`definition_of` leaves them out
and :func:`build_page` makes a draft page with none of them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst, slugify
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from .keys import answer_key
from .registry import field_types

FORMAT = 1
KINDS = ("survey", "inventory")

# Attributes of a question, with their defaults; "key" and "field_type" come first.
FIELD_DEFAULTS: dict[str, Any] = {
    "label": "",
    "help_text": "",
    "required": True,
    "choices": "",
    "default_value": "",
    "min_value": None,
    "max_value": None,
    "decimal_places": 0,
    "unit": "",
    "allow_other": False,
    "statements": "",
    "min_label": "",
    "max_label": "",
    "not_in_future": False,
    "error_message": "",
    "rule_field": "",
    "rule_operator": "eq",
    "rule_value": "",
}
# The attributes that are text in a language, and so are translated.
FIELD_TEXTS = (
    "label",
    "help_text",
    "choices",
    "statements",
    "min_label",
    "max_label",
    "unit",
    "error_message",
)
PAGE_TEXTS = ("title", "intro", "thank_you_text")
SETTINGS = ("audience", "interviews")
SCHEDULE = (
    "frequency",
    "opens_at",
    "closes_at",
    "due_at",
    "week_number",
    "remind_hours_before",
    "list_audience",
)


class DefinitionError(ValueError):
    """A definition that cannot make a survey; ``problems`` lists why, each a sentence."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return value


def page_model(kind: str) -> type[Page]:
    """The page class a definition of this kind makes: an inventory or a survey."""
    from .models import InventoryPage, SurveyPage

    return InventoryPage if kind == "inventory" else SurveyPage


def language_names(codes: list[str]) -> list[str]:
    """Each language by its own name (Svenska, English), as language menus name them; a code
    Django does not know stays a code."""
    names = []
    for code in codes:
        try:
            names.append(capfirst(get_language_info(code)["name_local"]))
        except KeyError:
            names.append(code)
    return names


def _latest(page: Page) -> Page:
    """The page as last saved (a draft if there is one), as its specific class."""
    page = page.specific
    return page.get_latest_revision_as_object() if page.has_unpublished_changes else page


def field_definition(survey_field: Any) -> dict[str, Any]:
    """One question as plain data: its key, type and every attribute that is not a default."""
    data = {"key": survey_field.clean_name or answer_key(survey_field.label)}
    data["field_type"] = survey_field.field_type
    for name, default in FIELD_DEFAULTS.items():
        value = _plain(getattr(survey_field, name))
        if name == "rule_operator" and not survey_field.rule_field:
            continue
        if value != default and value not in (None, ""):
            data[name] = value
        elif name == "required" and value != default:
            data[name] = value
    return data


def _texts(page: Page, fields: list[Any]) -> dict[str, Any]:
    texts = {name: getattr(page, name) or "" for name in PAGE_TEXTS}
    texts["fields"] = {}
    for survey_field in fields:
        texts["fields"][survey_field.clean_name] = {
            name: getattr(survey_field, name) for name in FIELD_TEXTS if getattr(survey_field, name)
        }
    return texts


def definition_of(page: Page) -> dict[str, Any]:
    """The definition of a survey or inventory page and its translations, as last saved."""
    from .models import InventoryPage

    page = _latest(page)
    fields = list(page.form_fields.all())
    definition: dict[str, Any] = {
        "format": FORMAT,
        "kind": "inventory" if isinstance(page, InventoryPage) else "survey",
        "language": page.locale.language_code,
        **{name: getattr(page, name) or "" for name in PAGE_TEXTS},
        "settings": {name: getattr(page, name) for name in SETTINGS},
        "fields": [field_definition(survey_field) for survey_field in fields],
        "translations": {},
    }
    if isinstance(page, InventoryPage):
        definition["schedule"] = {name: _plain(getattr(page, name)) for name in SCHEDULE}
    for translation in page.get_translations().select_related("locale").order_by("locale__pk"):
        translation = _latest(translation)
        definition["translations"][translation.locale.language_code] = _texts(
            translation, list(translation.form_fields.all())
        )
    return definition


def check_definition(definition: dict[str, Any]) -> list[str]:
    """What is wrong with a definition, in sentences an editor can act on (empty if nothing)."""
    problems = []
    if definition.get("format") != FORMAT:
        problems.append(_("This is not a survey definition this version of Boportal reads."))
        return problems
    if definition.get("kind") not in KINDS:
        problems.append(_("A definition is of a survey or of an inventory."))
    seen: set[str] = set()
    for number, data in enumerate(definition.get("fields") or [], start=1):
        key = data.get("key") or ""
        name = data.get("label") or key
        if data.get("field_type") not in field_types:
            problems.append(
                _("Question %(number)s (“%(name)s”) has an unknown type “%(type)s”.")
                % {"number": number, "name": name, "type": data.get("field_type")}
            )
            continue
        if not key or key in seen:
            problems.append(
                _("Question %(number)s (“%(name)s”) has no key or the key of an earlier one.")
                % {"number": number, "name": name}
            )
        rule = data.get("rule_field")
        if rule and rule not in seen:
            problems.append(
                _("Question %(number)s (“%(name)s”) depends on “%(rule)s”, which is not an "
                  "earlier question.")
                % {"number": number, "name": name, "rule": rule}
            )  # fmt: skip
        seen.add(key)
        try:
            survey_field = make_field(data)
            survey_field.full_clean(exclude=["page", "sort_order"], validate_unique=False)
        except (InvalidOperation, TypeError, ValueError, ValidationError) as error:
            detail = "; ".join(
                f"{name}: {' '.join(messages)}"
                for name, messages in getattr(error, "message_dict", {"": [str(error)]}).items()
            )
            problems.append(
                _("Question %(number)s (“%(name)s”) has a value that is not allowed: %(detail)s")
                % {"number": number, "name": name, "detail": detail}
            )
            continue
        for message in survey_field.kind.check_definition(survey_field).values():
            problems.append(
                _("Question %(number)s (“%(name)s”): %(message)s")
                % {"number": number, "name": name, "message": message}
            )
    return problems


def make_field(data: dict[str, Any], sort_order: int = 0) -> Any:
    """An unsaved question from its definition."""
    from .models import SurveyField

    values = {name: data.get(name, default) for name, default in FIELD_DEFAULTS.items()}
    for name in ("min_value", "max_value"):
        if values[name] is not None:
            values[name] = Decimal(str(values[name]))
    return SurveyField(
        clean_name=data["key"], field_type=data["field_type"], sort_order=sort_order, **values
    )


def _apply_texts(page: Page, fields: list[Any], texts: dict[str, Any]) -> None:
    for name in PAGE_TEXTS:
        if texts.get(name):
            setattr(page, name, texts[name])
    own = texts.get("fields") or {}
    for survey_field in fields:
        for name, value in own.get(survey_field.clean_name, {}).items():
            if name in FIELD_TEXTS:
                setattr(survey_field, name, value)


def _texts_in(definition: dict[str, Any], language: str) -> dict[str, Any] | None:
    """The texts of a definition in one language: its own, a translation, or none."""
    if language == definition.get("language"):
        return None  # the definition's own texts, already on the questions
    return (definition.get("translations") or {}).get(language)


def _unique_slug(parent: Page, slug: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


@transaction.atomic
def build_page(
    definition: dict[str, Any],
    parent: Page,
    *,
    title: str,
    owner_unit: Any = None,
    user: Any = None,
    slug: str = "",
    expected_units: list[Any] | None = None,
) -> Page:
    """A draft survey (or inventory) under ``parent`` made from ``definition``, with a draft
    translation in each of its languages that the site has and ``parent`` is translated into.

    The page is never published here: an editor reviews and publishes it.
    Raises :class:`DefinitionError` if the definition cannot make a survey.
    """
    from .models import InventoryPage

    problems = check_definition(definition)
    if problems:
        raise DefinitionError(problems)
    model = page_model(definition["kind"])
    language = parent.locale.language_code
    page = model(
        title=title,
        slug=_unique_slug(parent, slugify(anyascii(slug or title))[:200] or "survey"),
        intro=definition.get("intro", ""),
        thank_you_text=definition.get("thank_you_text", ""),
        owner_unit=owner_unit,
        live=False,
        owner=user,
    )
    for name, value in (definition.get("settings") or {}).items():
        if name in SETTINGS:
            setattr(page, name, value)
    if model is InventoryPage:
        for name, value in (definition.get("schedule") or {}).items():
            if name in SCHEDULE and value is not None:
                if name in ("opens_at", "closes_at", "due_at"):
                    value = datetime.time.fromisoformat(value)
                setattr(page, name, value)
    fields = [make_field(data, order) for order, data in enumerate(definition["fields"])]
    own = _texts_in(definition, language)
    if own:
        _apply_texts(page, fields, {**own, "title": ""})
    page.form_fields = fields
    parent.add_child(instance=page)
    if model is InventoryPage and expected_units:
        page.expected_units.set(expected_units)
        page.save()
    page.save_revision(user=user, log_action=True)
    _build_translations(page, definition, language, user)
    return page


def languages_left_out(definition: dict[str, Any], parent: Page) -> list[str]:
    """The languages of ``definition`` that a page built under ``parent`` gets no translation
    in: the site has no such language, or ``parent`` is not translated into it."""
    languages = {definition.get("language"), *(definition.get("translations") or {})}
    languages.discard(parent.locale.language_code)
    have = {
        translation.locale.language_code
        for translation in parent.get_translations().select_related("locale")
    }
    return sorted(language for language in languages if language not in have)


def _build_translations(page: Page, definition: dict[str, Any], built_in: str, user: Any) -> None:
    languages = {definition.get("language"), *(definition.get("translations") or {})}
    languages.discard(built_in)
    parent = page.get_parent()
    for locale in Locale.objects.filter(language_code__in=languages):
        if parent.get_translation_or_none(locale) is None:
            continue  # see languages_left_out
        copy = page.copy_for_translation(locale)
        copy = copy.specific
        fields = list(copy.form_fields.all())
        if locale.language_code == definition.get("language"):
            # The page was built from a translation: its source texts are the definition's own.
            own = {name: definition.get(name, "") for name in PAGE_TEXTS}
            own["fields"] = {
                data["key"]: {name: data[name] for name in FIELD_TEXTS if name in data}
                for data in definition["fields"]
            }
        else:
            own = definition["translations"][locale.language_code]
        _apply_texts(copy, fields, own)
        copy.form_fields = fields
        copy.draft_title = copy.title
        copy.save()  # a page never published: its row is its draft
        copy.save_revision(user=user)
