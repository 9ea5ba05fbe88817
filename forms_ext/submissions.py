"""Storing a submission: once, typed, and telling who should know."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from .models import Answer, SurveyDraft, SurveySubmission
from .notifications import notify_new_submission
from .versions import current_version


def answer_rows(
    submission: SurveySubmission, fields: list, answers: dict[str, Any]
) -> list[Answer]:
    rows = []
    for survey_field in fields:
        if survey_field.clean_name not in answers:
            continue
        value = answers[survey_field.clean_name]
        for typed in survey_field.kind.answer_values(survey_field, value):
            rows.append(
                Answer(
                    submission=submission,
                    survey_key=submission.survey_key,
                    key=survey_field.clean_name,
                    part=typed.part,
                    code=typed.code,
                    text=typed.text,
                    number=typed.number,
                    date=typed.date,
                    datetime=typed.datetime,
                )
            )
    return rows


def json_answers(fields: list, answers: dict[str, Any]) -> dict[str, Any]:
    return {
        f.clean_name: f.kind.json_value(f, answers[f.clean_name])
        for f in fields
        if f.clean_name in answers
    }


def store_submission(
    page: Any,
    fields: list,
    answers: dict[str, Any],
    token: str,
    language: str,
    draft: SurveyDraft | None = None,
    unit: Any = None,
    notify: bool = True,
    **extra: Any,
) -> SurveySubmission | None:
    """Store one submission under ``token``; a second call with the same token stores nothing.

    The submission belongs to ``unit``, by default the survey's owner unit.
    ``extra`` sets other fields of the submission: ``channel``, ``recorded_by``,
    ``invitation`` (a second answer to one invitation is refused like a second
    use of a token). ``submit_time`` is always now (``auto_now_add``): an import
    writes the times from its file afterwards. ``notify=False`` tells nobody
    (imported answers are not new answers arriving).
    Returns the new submission, or None when the token or invitation had already been used.
    """
    try:
        with transaction.atomic():
            submission = SurveySubmission.objects.create(
                page=page,
                survey_key=page.translation_key,
                version=current_version(page),
                token=token,
                language=language,
                unit=unit or getattr(page, "owner_unit", None),
                form_data=json_answers(fields, answers),
                **extra,
            )
            Answer.objects.bulk_create(answer_rows(submission, fields, answers))
            if draft is not None and draft.pk:
                SurveyDraft.objects.filter(pk=draft.pk).delete()
    except IntegrityError:
        return None
    if notify and getattr(page, "notify_to", ""):
        transaction.on_commit(lambda: notify_new_submission.enqueue(submission.pk))
    return submission
