"""The demo's template library and who may use it.

- The shipped templates (:mod:`forms_ext.template_library`) are installed; the data
  migration does that on a new database, this step again after a test emptied it.
- Editors (the ``Editors`` group, which the district roles' users are in) may see
  the library and save a survey as a new template.
- The district coordinators (``koordinator-nord`` ...) are also in "Survey
  coordinators", who may add, edit and publish pages under ``/surveys/`` and
  ``/inventories/``: they launch surveys for their districts without an
  administrator.
- An elderly-care user survey made from its template for district Nord, published
  in Norwegian and Swedish, with a few answers: the result of the walkthrough in
  the README.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page

from forms_ext.definitions import build_page
from forms_ext.field_types import parse_options
from forms_ext.models import OrganisationUnit, SurveyPage, SurveySubmission, SurveyTemplate
from forms_ext.submissions import store_submission
from forms_ext.template_library import install_shipped_templates

from .demo import DISTRICT_CODES, Log

COORDINATORS = "Survey coordinators"
SECTIONS = ("surveys", "inventories")


def grant_template_rights() -> None:
    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="forms_ext",
            codename__in=["view_surveytemplate", "add_surveytemplate"],
        )
    )
    group, _created = Group.objects.get_or_create(name=COORDINATORS)
    page_rights = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=["add_page", "change_page", "publish_page"],
    )
    home_children = Page.objects.filter(depth=3, slug__in=SECTIONS)
    for section in home_children:
        for permission in page_rights:
            GroupPagePermission.objects.get_or_create(
                group=group, page=section, permission=permission
            )
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(username__startswith="koordinator-"):
        user.groups.add(group)


ELDERLY_SLUG = "brukerundersokelse-hjemmetjenesten"
ELDERLY_TITLE = "Brukerundersøkelse i hjemmetjenesten, Bydel Nord"
ANSWERS = 24
SEED = 65


def seed_elderly_care_survey(log: Log) -> list[str]:
    """The elderly-care template made into a published survey of Bydel Nord, with answers."""
    section = Page.objects.filter(depth=3, slug="surveys").first()
    template = SurveyTemplate.objects.filter(shipped="elderly-care-user-survey").first()
    if section is None or template is None:
        return []
    if section.get_children().filter(slug=ELDERLY_SLUG).exists():
        return []
    page = build_page(
        template.definition,
        section,
        title=ELDERLY_TITLE,
        owner_unit=OrganisationUnit.objects.filter(code=DISTRICT_CODES["nord"]).first(),
        slug=ELDERLY_SLUG,
    )
    for made in [page, *page.get_translations()]:
        made.specific.get_latest_revision().publish()
    stored = seed_elderly_care_answers(SurveyPage.objects.get(pk=page.pk))
    log(f"Made the elderly-care survey from its template, with {stored} answers.")
    return []


def seed_elderly_care_answers(page: SurveyPage) -> int:
    """Answers of two home-care teams, a few in Swedish and in the simplified version."""
    rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
    pages = {"nb": page}
    swedish = page.get_translations().filter(locale__language_code="sv").first()
    if swedish is not None:
        pages["sv"] = swedish.specific
    fields = {language: list(made.get_form_fields()) for language, made in pages.items()}
    matrices = [f for f in fields["nb"] if f.field_type == "matrix"]
    simple = [f.clean_name for f in fields["nb"] if f.field_type == "yesno"]
    for number in range(ANSWERS):
        language = "sv" if number % 6 == 5 and "sv" in pages else "nb"
        answers = {
            "service_code": rng.choice(["hjemmetjenesten-nord-a", "hjemmetjenesten-nord-b"]),
            "form_version": "simple" if number % 5 == 4 else "standard",
            "who_answers": rng.choices(["self", "helper", "together"], [70, 15, 15])[0],
        }
        if answers["who_answers"] != "self":
            answers["helper_relation"] = rng.choice(["family", "guardian", "staff"])
            answers["helper_views"] = rng.choice(["person", "interpreted"])
        if answers["form_version"] == "simple":
            for key in simple:
                answers[key] = rng.choices(["yes", "no", "dont_know"], [70, 15, 15])[0]
        else:
            for matrix in matrices:
                answers[matrix.clean_name] = {
                    code: rng.choices(range(1, 7), [2, 4, 8, 20, 36, 30])[0]
                    for code, _label in parse_options(matrix.statements)
                }
        token = str(uuid.UUID(int=rng.getrandbits(128)))
        submission = store_submission(
            pages[language], fields[language], answers, token, language, notify=False
        )
        when = timezone.now() - datetime.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 8))
        SurveySubmission.objects.filter(pk=submission.pk).update(submit_time=when)
    return ANSWERS


def seed_templates(log: Log) -> list[str]:
    added = install_shipped_templates()
    if added:
        log(f"Installed the survey templates: {', '.join(added)}.")
    grant_template_rights()
    return []
