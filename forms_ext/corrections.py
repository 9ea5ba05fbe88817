"""Corrections of stored answers by a coordinator, recorded in the audit log without values.

The form is built from the questions of the version the submission answered
(with their visibility rules, checked on the server as in the survey itself),
filled with the stored answers. Saving rewrites ``form_data`` and the typed
``Answer`` rows of the questions whose answer changed, in one transaction, and
logs ``forms_ext.correct`` with the keys of those questions only.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from wagtail.log_actions import log

from .field_types import EMPTY, IdentityNumberFieldType, MatrixFieldType
from .field_types.files import store_upload
from .flow import SurveyStepForm, raw_answers
from .inventories.reports import record_correction
from .inventories.totals import report_figures
from .models import Answer, SurveyField, SurveySubmission
from .registry import field_types
from .rules import visible_fields
from .submissions import answer_rows, json_answers
from .versions import field_from_schema


def is_identity(question: SurveyField) -> bool:
    """Identity numbers are stored as a hash only: they can be replaced, never shown."""
    return isinstance(question.kind, IdentityNumberFieldType)


# Settings of a question that versions recorded before they were part of the schema
# lack: taken then from the survey's live question of the same key and type.
LIVE_SETTINGS = (
    "allow_other",
    "min_value",
    "max_value",
    "decimal_places",
    "not_in_future",
    "min_label",
    "max_label",
    "help_text",
)


def _live_fields(submission: SurveySubmission) -> dict[str, SurveyField]:
    page = submission.page.specific if submission.page_id else None
    if page is None or not hasattr(page, "get_form_fields"):
        return {}
    return {live.clean_name: live for live in page.get_form_fields()}


def _complete(question: SurveyField, schema: dict, live: SurveyField | None, stored: Any) -> None:
    """Fill in what the schema leaves out, so that no stored answer is refused."""
    same_type = live is not None and live.field_type == question.field_type
    for name in LIVE_SETTINGS:
        if name not in schema and same_type:
            setattr(question, name, getattr(live, name))
    if "decimal_places" not in schema and not same_type and question.field_type == "number":
        question.decimal_places = 6  # the most the answer table keeps
    if isinstance(stored, dict) and "choice" in stored:
        question.allow_other = True


def version_questions(submission: SurveySubmission) -> list[SurveyField]:
    """The questions of the submission's version, with their rules, as it was answered."""
    live_fields = _live_fields(submission)
    questions = []
    for schema in submission.version.fields if submission.version else []:
        if schema["type"] not in field_types:
            continue
        question = field_from_schema(schema)
        _complete(
            question,
            schema,
            live_fields.get(question.clean_name),
            submission.form_data.get(schema["key"]),
        )
        if schema.get("rule"):
            question.rule_field, question.rule_operator, question.rule_value = schema["rule"]
        if is_identity(question):
            question.required = False  # left empty, the stored hash is kept
        questions.append(question)
    return questions


def _initial_value(question: SurveyField, value: Any) -> dict[str, Any]:
    """The form fields' initial values for one stored answer (as kept in ``form_data``)."""
    key = question.clean_name
    if isinstance(question.kind, MatrixFieldType):
        return {f"{key}__{code}": number for code, number in (value or {}).items()}
    if isinstance(value, dict) and "choice" in value:
        return {key: value["choice"], f"{key}__other": value.get("other", "")}
    if question.kind.storage == "date" and isinstance(value, str):
        return {key: parse_date(value)}
    if question.kind.storage == "datetime" and isinstance(value, str):
        moment = parse_datetime(value)
        return {key: timezone.localtime(moment) if moment and timezone.is_aware(moment) else moment}
    return {key: value}


def initial_values(questions: list[SurveyField], form_data: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for question in questions:
        value = form_data.get(question.clean_name)
        if question.kind.has_answer and value not in EMPTY and not is_identity(question):
            initial.update(_initial_value(question, value))
    return initial


def posted_values(questions: list[SurveyField], data: Any) -> dict[str, Any]:
    """What was typed, by form field name, for the visibility rules."""
    probe = SurveyStepForm(step_fields=questions, shown=set())
    return {
        name: data.getlist(name)
        if isinstance(form_field, forms.MultipleChoiceField)
        else data.get(name, "")
        for name, form_field in probe.fields.items()
    }


def correction_form(
    submission: SurveySubmission, questions: list[SurveyField], data=None, files=None
) -> SurveyStepForm:
    """Every question of the version, filled with the stored answers (or with ``data``)."""
    initial = initial_values(questions, submission.form_data)
    typed = initial if data is None else posted_values(questions, data)
    shown = visible_fields(questions, raw_answers(questions, typed))
    return SurveyStepForm(data, files, step_fields=questions, shown=shown, initial=initial)


def _row_values(rows: list[Answer]) -> dict[str, set[tuple]]:
    values: dict[str, set[tuple]] = defaultdict(set)
    for row in rows:
        values[row.key].add((row.part, row.code, row.text, row.number, row.date, row.datetime))
    return values


def changed_keys(
    submission: SurveySubmission, questions: list[SurveyField], answers: dict[str, Any], kept=()
) -> list[str]:
    """The questions whose typed answer rows would change (``kept`` ones are left as stored)."""
    old = _row_values(list(Answer.objects.filter(submission=submission)))
    new = _row_values(answer_rows(submission, questions, answers))
    return [
        question.clean_name
        for question in questions
        if question.kind.has_answer
        and question.clean_name not in kept
        and old.get(question.clean_name, set()) != new.get(question.clean_name, set())
    ]


def corrected_answers(
    form: SurveyStepForm, submission: SurveySubmission
) -> tuple[dict[str, Any], set[str]]:
    """The valid form's answers, new files stored; and the identity numbers left as stored."""
    for name, form_field in form.fields.items():
        value = form.cleaned_data.get(name)
        if isinstance(form_field, forms.FileField) and isinstance(value, UploadedFile):
            form.cleaned_data[name] = store_upload(value, folder=str(submission.page_id or 0))
    answers = form.answers()
    kept = {
        question.clean_name
        for question in form.step_fields
        if is_identity(question) and answers.get(question.clean_name) in EMPTY
    }
    for key in kept & answers.keys():
        del answers[key]
    return answers, kept


def save_correction(submission: SurveySubmission, form: SurveyStepForm, user: Any) -> list[str]:
    """Store a valid correction; return the keys of the questions whose answer changed.

    Only those questions' ``form_data`` entries and ``Answer`` rows are rewritten,
    and the log entry names only them: nothing is written when nothing changed.
    """
    answers, kept = corrected_answers(form, submission)
    questions = form.step_fields
    with transaction.atomic():
        locked = SurveySubmission.objects.select_for_update().get(pk=submission.pk)
        changed = changed_keys(locked, questions, answers, kept)
        if not changed:
            return []
        stored = json_answers(questions, answers)
        for key in changed:
            if key in stored:
                locked.form_data[key] = stored[key]
            else:
                locked.form_data.pop(key, None)  # no longer asked, or emptied
        locked.save(update_fields=["form_data"])
        figures = report_figures(locked)  # an inventory report's, for its dashboards
        Answer.objects.filter(submission=locked, key__in=changed).delete()
        rewritten = [question for question in questions if question.clean_name in changed]
        Answer.objects.bulk_create(answer_rows(locked, rewritten, answers))
        log(instance=locked, action="forms_ext.correct", user=user, data={"changed": changed})
        # An inventory's report keeps the corrected values in its own history too.
        record_correction(locked, user, changed, figures)
    submission.form_data = locked.form_data
    return changed
